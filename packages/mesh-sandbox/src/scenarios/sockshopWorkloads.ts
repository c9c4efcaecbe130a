/** One SockShop microservice: a Deployment and a Service of the same name. */
export interface Workload {
  name: string;
  image: string;
  containerPort: number;
  /** The Service's port (the container port unless said otherwise). */
  servicePort?: number;
  portName?: string;
}

/** SockShop as weaveworks' complete-demo deploys it (the guide's starting point). */
export const sockshopWorkloads: Workload[] = [
  { name: 'carts', image: 'weaveworksdemos/carts:0.4.8', containerPort: 80 },
  {
    name: 'carts-db',
    image: 'mongo:3.4',
    containerPort: 27017,
    portName: 'mongo',
  },
  {
    name: 'catalogue',
    image: 'weaveworksdemos/catalogue:0.3.5',
    containerPort: 80,
  },
  {
    name: 'catalogue-db',
    image: 'weaveworksdemos/catalogue-db:0.3.0',
    containerPort: 3306,
    portName: 'mysql',
  },
  {
    name: 'front-end',
    image: 'weaveworksdemos/front-end:0.3.12',
    containerPort: 8079,
    servicePort: 80,
  },
  { name: 'orders', image: 'weaveworksdemos/orders:0.4.7', containerPort: 80 },
  {
    name: 'orders-db',
    image: 'mongo:3.4',
    containerPort: 27017,
    portName: 'mongo',
  },
  {
    name: 'payment',
    image: 'weaveworksdemos/payment:0.4.3',
    containerPort: 80,
  },
  {
    name: 'queue-master',
    image: 'weaveworksdemos/queue-master:0.3.1',
    containerPort: 80,
  },
  {
    name: 'rabbitmq',
    image: 'rabbitmq:3.6.8-management',
    containerPort: 5672,
    portName: 'rabbitmq',
  },
  {
    name: 'shipping',
    image: 'weaveworksdemos/shipping:0.4.8',
    containerPort: 80,
  },
  { name: 'user', image: 'weaveworksdemos/user:0.4.7', containerPort: 80 },
  {
    name: 'user-db',
    image: 'weaveworksdemos/user-db:0.3.0',
    containerPort: 27017,
    portName: 'mongo',
  },
];

/** The canary of the guide's traffic-control step (yellow background). */
export const frontEndV2: Workload = {
  name: 'front-end-v2',
  image: 'mosuke5/front-end:master-49c0d1f',
  containerPort: 8079,
};

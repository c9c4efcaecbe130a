import { imageRegistry, proxyImage } from './meshVersions';

export interface ContainerPort {
  /** At most 15 characters (an IANA service name), or none, as the API server validates. */
  name?: string;
  containerPort: number;
}

export interface ComponentContainer {
  name: string;
  image: string;
  ports: ContainerPort[];
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number;
}

/** One workload a control plane chart installs: a Deployment, its Service and maybe a Route. */
export interface ComponentDeployment {
  name: string;
  /** `app.kubernetes.io/component`: the chart, which is what readiness is reported by. */
  component: string;
  podLabels: Record<string, string>;
  containers: ComponentContainer[];
  servicePorts: ServicePort[];
  /** Exposed with a Route of the same name to this Service port. */
  routeTargetPort?: string;
}

const port = (name: string, containerPort: number): ContainerPort => ({
  name,
  containerPort,
});
/** A container port without a name, as Istio 1.1's charts declare galley's and pilot's. */
const unnamedPort = (containerPort: number): ContainerPort => ({
  containerPort,
});
const servicePort = (
  name: string,
  portNumber: number,
  targetPort = portNumber,
): ServicePort => ({ name, port: portNumber, targetPort });

const meshImage = (name: string, tag: string) =>
  `${imageRegistry}/${name}-rhel8:${tag}`;
const oauthProxy = (name: string, containerPort: number) => ({
  name,
  image: 'registry.redhat.io/openshift4/ose-oauth-proxy:v4.12',
  ports: [port('https', containerPort)],
});
const sidecar = (chartVersion: string, ports: ContainerPort[]) => ({
  name: 'istio-proxy',
  image: proxyImage(chartVersion),
  ports,
});

/** OSSM 1.1's separate control plane services: citadel, galley, pilot, mixer, the injector. */
export function legacyCoreDeployments(
  chartVersion: string,
): ComponentDeployment[] {
  const mixer = (type: 'policy' | 'telemetry'): ComponentDeployment => ({
    name: `istio-${type}`,
    component: 'mixer',
    podLabels: { app: type, istio: 'mixer', 'istio-mixer-type': type },
    containers: [
      {
        name: 'mixer',
        image: meshImage('mixer', chartVersion),
        ports: [port('http-monitoring', 15014), port('prometheus', 42422)],
      },
      sidecar(chartVersion, [
        port('grpc-mixer', 9091),
        port('grpc-mixer-mtls', 15004),
      ]),
    ],
    servicePorts: [
      servicePort('grpc-mixer', 9091),
      servicePort('grpc-mixer-mtls', 15004),
      servicePort('http-monitoring', 15014),
    ],
  });
  return [
    {
      name: 'istio-citadel',
      component: 'security',
      podLabels: { app: 'security', istio: 'citadel' },
      containers: [
        {
          name: 'citadel',
          image: meshImage('citadel', chartVersion),
          ports: [port('grpc-citadel', 8060), port('http-monitoring', 15014)],
        },
      ],
      servicePorts: [
        servicePort('grpc-citadel', 8060),
        servicePort('http-monitoring', 15014),
      ],
    },
    {
      name: 'istio-galley',
      component: 'galley',
      podLabels: { app: 'galley', istio: 'galley' },
      containers: [
        {
          name: 'galley',
          image: meshImage('galley', chartVersion),
          ports: [
            unnamedPort(443),
            port('http-monitoring', 15014),
            port('grpc-mcp', 9901),
          ],
        },
      ],
      servicePorts: [
        servicePort('https-validation', 443),
        servicePort('http-monitoring', 15014),
        servicePort('grpc-mcp', 9901),
      ],
    },
    {
      name: 'istio-pilot',
      component: 'pilot',
      podLabels: { app: 'pilot', istio: 'pilot' },
      containers: [
        {
          name: 'discovery',
          image: meshImage('pilot', chartVersion),
          ports: [
            unnamedPort(8080),
            port('grpc-xds', 15010),
            port('http-monitoring', 15014),
          ],
        },
        sidecar(chartVersion, [port('https-xds', 15011)]),
      ],
      servicePorts: [
        servicePort('grpc-xds', 15010),
        servicePort('https-xds', 15011),
        servicePort('http-legacy-discovery', 8080),
        servicePort('http-monitoring', 15014),
      ],
    },
    mixer('policy'),
    mixer('telemetry'),
    {
      name: 'istio-sidecar-injector',
      component: 'sidecarInjectorWebhook',
      podLabels: { app: 'sidecarInjectorWebhook', istio: 'sidecar-injector' },
      containers: [
        {
          name: 'sidecar-injector-webhook',
          image: meshImage('sidecar-injector', chartVersion),
          ports: [port('https-inject', 9443)],
        },
      ],
      servicePorts: [servicePort('https-inject', 443, 9443)],
    },
  ];
}

/** Istio 1.6+'s single control plane service, named after the SMCP. */
export function istiodDeployment(
  chartVersion: string,
  smcpName: string,
): ComponentDeployment {
  return {
    name: `istiod-${smcpName}`,
    component: 'istio-discovery',
    podLabels: { app: 'istiod', istio: 'pilot', 'istio.io/rev': smcpName },
    containers: [
      {
        name: 'discovery',
        image: meshImage('pilot', chartVersion),
        ports: [
          port('grpc-xds', 15010),
          port('tls-xds', 15012),
          port('https-webhooks', 15017),
          port('http-monitoring', 15014),
        ],
      },
    ],
    servicePorts: [
      servicePort('grpc-xds', 15010),
      servicePort('https-dns', 15012),
      servicePort('https-webhook', 443, 15017),
      servicePort('http-monitoring', 15014),
    ],
  };
}

/** The ingress and egress gateways (component `gateways` in 1.1, `istio-ingress`/`istio-egress` in 2.x). */
export function gatewayDeployments(
  chartVersion: string,
  legacyComponent: string | undefined,
  enabled: { ingress: boolean; egress: boolean },
): ComponentDeployment[] {
  const gateway = (
    kind: 'ingress' | 'egress',
    extraPorts: ServicePort[],
  ): ComponentDeployment => ({
    name: `istio-${kind}gateway`,
    component: legacyComponent ?? `istio-${kind}`,
    podLabels: { app: `istio-${kind}gateway`, istio: `${kind}gateway` },
    containers: [
      {
        name: 'istio-proxy',
        image: proxyImage(chartVersion),
        ports: [
          port('http2', 8080),
          port('https', 8443),
          port('status-port', 15021),
          port('http-envoy-prom', 15090),
        ],
      },
    ],
    servicePorts: [
      ...extraPorts,
      servicePort('http2', 80, 8080),
      servicePort('https', 443, 8443),
    ],
  });
  return [
    ...(enabled.ingress
      ? [gateway('ingress', [servicePort('status-port', 15021)])]
      : []),
    ...(enabled.egress ? [gateway('egress', [])] : []),
  ];
}

const kialiTags: Record<string, string> = {
  'v1.1': '1.12',
  'v2.0': '1.24',
  'v2.1': '1.36',
  'v2.2': '1.48',
  'v2.3': '1.57',
  'v2.4': '1.65',
  'v2.5': '1.73',
};

/** Prometheus, Grafana, Jaeger and Kiali, each behind a Route of its name. */
export function addonDeployments(
  chartVersion: string,
  version: string,
  enabled: {
    prometheus: boolean;
    grafana: boolean;
    kiali: boolean;
    tracing: boolean;
  },
): ComponentDeployment[] {
  const addons: ComponentDeployment[] = [];
  if (enabled.grafana) {
    addons.push({
      name: 'grafana',
      component: 'grafana',
      podLabels: { app: 'grafana' },
      containers: [
        {
          name: 'grafana',
          image: meshImage('grafana', chartVersion),
          ports: [port('http', 3000)],
        },
        oauthProxy('grafana-proxy', 3001),
      ],
      servicePorts: [
        servicePort('http', 3000),
        servicePort('https', 443, 3001),
      ],
      routeTargetPort: 'https',
    });
  }
  if (enabled.tracing) {
    addons.push({
      name: 'jaeger',
      component: 'tracing',
      podLabels: { app: 'jaeger' },
      containers: [
        {
          name: 'jaeger',
          image: 'registry.redhat.io/rhosdt/jaeger-all-in-one-rhel8:1.51.0',
          ports: [port('query', 16686), port('zipkin', 9411)],
        },
        oauthProxy('oauth-proxy', 8443),
      ],
      servicePorts: [
        servicePort('http-query', 16686),
        servicePort('https', 443, 8443),
        servicePort('http-zipkin', 9411),
      ],
      routeTargetPort: 'https',
    });
  }
  if (enabled.kiali) {
    addons.push({
      name: 'kiali',
      component: 'kiali',
      podLabels: { app: 'kiali' },
      containers: [
        {
          name: 'kiali',
          image: `${imageRegistry}/kiali-rhel8:${kialiTags[version] ?? '1.73'}`,
          ports: [port('api-port', 20001), port('http-metrics', 9090)],
        },
      ],
      servicePorts: [
        servicePort('http', 20001),
        servicePort('http-metrics', 9090),
      ],
      routeTargetPort: 'http',
    });
  }
  if (enabled.prometheus) {
    addons.push({
      name: 'prometheus',
      component: 'prometheus',
      podLabels: { app: 'prometheus' },
      containers: [
        oauthProxy('prometheus-proxy', 3001),
        {
          name: 'prometheus',
          image: meshImage('prometheus', chartVersion),
          ports: [port('http', 9090)],
        },
      ],
      servicePorts: [
        servicePort('http-prometheus', 9090),
        servicePort('https', 443, 3001),
      ],
      routeTargetPort: 'https',
    });
  }
  return addons;
}

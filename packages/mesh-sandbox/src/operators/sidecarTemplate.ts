import { K8sObject } from '../k8s/types';
import { proxyImage } from './meshVersions';
import { sidecarStatusAnnotation } from './meshLabels';

export interface InjectionTarget {
  /** The SMCP's name: the revision of its injector. */
  revision: string;
  chartVersion: string;
  legacy: boolean;
}

const volumes2x = [
  { name: 'workload-socket', emptyDir: {} },
  { name: 'credential-socket', emptyDir: {} },
  { name: 'workload-certs', emptyDir: {} },
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  { name: 'istio-data', emptyDir: {} },
  {
    name: 'istio-podinfo',
    downwardAPI: {
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        {
          path: 'annotations',
          fieldRef: { fieldPath: 'metadata.annotations' },
        },
      ],
    },
  },
  {
    name: 'istio-token',
    projected: {
      sources: [
        {
          serviceAccountToken: {
            audience: 'istio-ca',
            expirationSeconds: 43200,
            path: 'istio-token',
          },
        },
      ],
    },
  },
  { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
];

const volumes11 = [
  { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
  {
    name: 'istio-certs',
    secret: { secretName: 'istio.default', optional: true },
  },
];

/** The workload a pod belongs to: its ReplicaSet's name without the template hash, else the pod's name. */
function workloadName(pod: K8sObject): string {
  const owner = pod.metadata.ownerReferences?.find(ref => ref.controller);
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner?.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`))
    return owner.name.slice(0, -hash.length - 1);
  return owner?.name ?? pod.metadata.name ?? '';
}

/** The Envoy sidecar container of OSSM's injection template. */
function proxyContainer(pod: K8sObject, target: InjectionTarget) {
  return {
    name: 'istio-proxy',
    image: proxyImage(target.chartVersion),
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:warn',
    ],
    env: [
      {
        name: 'POD_NAME',
        valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
      },
      {
        name: 'POD_NAMESPACE',
        valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
      },
      { name: 'ISTIO_META_WORKLOAD_NAME', value: workloadName(pod) },
      { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
    ],
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      failureThreshold: 30,
    },
    resources: {
      requests: { cpu: '10m', memory: '128Mi' },
      limits: { cpu: '2', memory: '1Gi' },
    },
    volumeMounts: (target.legacy ? volumes11 : volumes2x)
      .filter(v => v.name !== 'istio-podinfo' && v.name !== 'istio-token')
      .map(v => ({ name: v.name, mountPath: `/var/run/${v.name}` })),
  };
}

/** The pod as OSSM's injection webhook returns it: proxy container, volumes, labels and annotations. */
export function injectSidecar(
  pod: K8sObject,
  target: InjectionTarget,
): K8sObject {
  const labels = pod.metadata.labels ?? {};
  const volumes = target.legacy ? volumes11 : volumes2x;
  const containers = pod.spec?.containers ?? [];
  const status = target.legacy
    ? {
        version: target.chartVersion,
        initContainers: null,
        containers: ['istio-proxy'],
        volumes: volumes.map(v => v.name),
        imagePullSecrets: null,
      }
    : {
        initContainers: null,
        containers: ['istio-proxy'],
        volumes: volumes.map(v => v.name),
        imagePullSecrets: null,
        revision: target.revision,
      };
  const [major, minor] = target.chartVersion.split('.');
  const cniNetwork = target.legacy
    ? 'istio-cni'
    : `v${major}-${minor}-istio-cni`;
  const annotations = pod.metadata.annotations ?? {};
  const networks = annotations['k8s.v1.cni.cncf.io/networks'];
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      labels: {
        ...labels,
        'security.istio.io/tlsMode': 'istio',
        'service.istio.io/canonical-name':
          labels['service.istio.io/canonical-name'] ??
          labels['app.kubernetes.io/name'] ??
          labels.app ??
          workloadName(pod),
        'service.istio.io/canonical-revision':
          labels['service.istio.io/canonical-revision'] ??
          labels['app.kubernetes.io/version'] ??
          labels.version ??
          'latest',
        'maistra-version': target.chartVersion,
      },
      annotations: {
        ...annotations,
        [sidecarStatusAnnotation]: JSON.stringify(status),
        'istio.io/rev': target.revision,
        'kubectl.kubernetes.io/default-container': containers[0]?.name,
        'kubectl.kubernetes.io/default-logs-container': containers[0]?.name,
        'sidecar.istio.io/interceptionMode': 'REDIRECT',
        'traffic.sidecar.istio.io/excludeInboundPorts': '15090,15021,15020',
        'k8s.v1.cni.cncf.io/networks': networks
          ? `${networks},${cniNetwork}`
          : cniNetwork,
      },
    },
    spec: {
      ...pod.spec,
      containers: [...containers, proxyContainer(pod, target)],
      volumes: [...(pod.spec?.volumes ?? []), ...structuredClone(volumes)],
    },
  };
}

import { KubeObject } from '../cluster/meshCluster';
import { kinds } from '../cluster/kinds';
import { managedLabels } from '../cluster/ownership';
import { serviceHost } from './ingressObjects';

/** `front-end-v2`: v1's Deployment with another image and `version: v2`. */
export function canaryDeployment(
  v1: KubeObject,
  image: string,
  user: string,
): KubeObject {
  const template = v1.spec.template;
  const [first, ...others] = template.spec.containers;
  return {
    apiVersion: kinds.deployment.apiVersion,
    kind: kinds.deployment.kind,
    metadata: {
      name: `${v1.metadata.name}-v2`,
      namespace: v1.metadata.namespace,
      labels: { ...(v1.metadata.labels ?? {}), ...managedLabels(user) },
    },
    spec: {
      replicas: v1.spec.replicas ?? 1,
      selector: {
        matchLabels: { ...v1.spec.selector.matchLabels, version: 'v2' },
      },
      template: {
        metadata: {
          labels: { ...(template.metadata?.labels ?? {}), version: 'v2' },
          ...(template.metadata?.annotations
            ? { annotations: template.metadata.annotations }
            : {}),
        },
        spec: {
          ...template.spec,
          containers: [{ ...first, image }, ...others],
        },
      },
    },
  };
}

/** Subsets by `version` label, keeping other subsets and any traffic policy already there. */
export function subsetRule(
  options: {
    service: string;
    namespace: string;
    user: string;
    subsets: string[];
  },
  live?: KubeObject,
): KubeObject {
  const others = (live?.spec?.subsets ?? []).filter(
    (s: any) => !options.subsets.includes(s.name),
  );
  return {
    apiVersion: kinds.destinationRule.apiVersion,
    kind: kinds.destinationRule.kind,
    metadata: {
      name: options.service,
      namespace: options.namespace,
      labels: managedLabels(options.user),
    },
    spec: {
      host: serviceHost(options.service, options.namespace),
      ...(live?.spec?.trafficPolicy
        ? { trafficPolicy: live.spec.trafficPolicy }
        : {}),
      subsets: [
        ...options.subsets.map(name => ({ name, labels: { version: name } })),
        ...others,
      ],
    },
  };
}

/** The VirtualService with one HTTP route's destinations set to the weighted subsets. */
export function weightedVirtualService(
  options: {
    name: string;
    namespace: string;
    service: string;
    user: string;
    weights: Record<string, number>;
    routeIndex?: number;
  },
  live?: KubeObject,
): KubeObject {
  const host = serviceHost(options.service, options.namespace);
  const http: any[] = structuredClone(live?.spec?.http ?? [{}]);
  const index = options.routeIndex ?? 0;
  const port = http[index]?.route?.[0]?.destination?.port ?? { number: 80 };
  http[index] = {
    ...http[index],
    route: Object.entries(options.weights).map(([subset, weight]) => ({
      destination: { host, subset, port },
      weight,
    })),
  };
  return {
    apiVersion: kinds.virtualService.apiVersion,
    kind: kinds.virtualService.kind,
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: {
        ...(live?.metadata.labels ?? {}),
        ...managedLabels(options.user),
      },
    },
    spec: {
      ...(live?.spec ?? { hosts: [host] }),
      http,
    },
  };
}

import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import { isPodReady } from './podReadiness';
import { watchKinds } from './watchKinds';

const manager = 'kube-controller-manager';

const selects = (service: K8sObject, pod: K8sObject) => {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(
    ([key, value]) => pod.metadata.labels?.[key] === value,
  );
};

/** A Service port's targetPort as a number on a pod (named ports looked up in its containers). */
function targetPortOn(port: any, pod: K8sObject | undefined): number {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const container of pod?.spec?.containers ?? []) {
    const named = (container.ports ?? []).find((p: any) => p.name === target);
    if (named) return named.containerPort;
  }
  return port.port;
}

function endpointsFor(service: K8sObject, pods: K8sObject[]): K8sObject {
  const address = (pod: K8sObject) => ({
    ip: pod.status.podIP,
    nodeName: pod.spec?.nodeName,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  });
  const withIp = pods.filter(pod => pod.status?.podIP);
  const ready = withIp.filter(isPodReady).map(address);
  const notReady = withIp.filter(pod => !isPodReady(pod)).map(address);
  const ports = ((service.spec?.ports ?? []) as any[]).map(port => ({
    ...(port.name ? { name: port.name } : {}),
    port: targetPortOn(port, withIp[0]),
    protocol: port.protocol ?? 'TCP',
    ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
  }));
  const subset = {
    ...(ready.length ? { addresses: ready } : {}),
    ...(notReady.length ? { notReadyAddresses: notReady } : {}),
    ports,
  };
  return {
    metadata: {
      name: service.metadata.name,
      namespace: service.metadata.namespace,
      ...(service.metadata.labels
        ? { labels: { ...service.metadata.labels } }
        : {}),
    },
    ...(withIp.length ? { subsets: [subset] } : {}),
  };
}

/** The endpoints controller: an Endpoints object per Service with a selector, listing its pods' IPs. */
export const endpointsController: Controller = {
  name: 'endpoints-controller',
  start(context: SandboxContext) {
    const { api, scheduler } = context;
    const cache = clusterCacheOf(api);
    const enqueue = (namespace: string, name: string) =>
      scheduler.enqueue(`endpoints/${namespace}/${name}`, () =>
        reconcile(namespace, name),
      );

    function reconcile(namespace: string, name: string) {
      const type = api.type('', 'endpoints');
      const service = cache.get('', 'services', namespace, name);
      const live = cache.get('', 'endpoints', namespace, name);
      if (!service?.spec?.selector) {
        if (live && !service)
          api.delete(type, namespace, name, { fieldManager: manager });
        return;
      }
      const pods = cache
        .list('', 'pods', namespace)
        .filter(pod => selects(service, pod));
      const desired = endpointsFor(service, pods);
      if (!live) {
        api.create(type, namespace, desired, { fieldManager: manager });
        return;
      }
      api.replace(
        type,
        namespace,
        name,
        { ...desired, metadata: { ...live.metadata, ...desired.metadata } },
        { fieldManager: manager },
      );
    }

    return watchKinds(api, ['/services', '/pods'], event => {
      const { object } = event;
      const namespace = object.metadata.namespace!;
      if (event.resource.plural === 'services') {
        enqueue(namespace, object.metadata.name!);
        return;
      }
      for (const service of cache.list('', 'services', namespace)) {
        if (selects(service, object))
          enqueue(namespace, service.metadata.name!);
      }
    });
  },
};

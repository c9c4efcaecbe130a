import { createHash } from 'node:crypto';
import { Controller, SandboxContext } from '../context';
import { K8sObject } from '../k8s/types';
import { clusterCacheOf } from './clusterCache';
import { timestamp } from './objects';
import { watchKinds } from './watchKinds';

const manager = 'kubelet';
const hostIP = '10.0.128.10';

/** Pod IPs from OpenShift's default cluster network, 10.128.0.0/14. */
function podIpAllocator() {
  let next = 0;
  return () => {
    const n = next++;
    return `10.${128 + (Math.floor(n / 65024) % 4)}.${
      Math.floor(n / 254) % 256
    }.${(n % 254) + 1}`;
  };
}

const digest = (text: string) =>
  createHash('sha256').update(text).digest('hex');

const allRunning = (pod: K8sObject) => {
  const statuses = pod.status?.containerStatuses ?? [];
  const names = (pod.spec?.containers ?? []).map((c: any) => c.name);
  return (
    statuses.length === names.length &&
    statuses.every((s: any) => s.ready && names.includes(s.name))
  );
};

function condition(type: string, status: string, since: string) {
  return { type, status, lastProbeTime: null, lastTransitionTime: since };
}

/** What the kubelet reports while the runtime pulls images and starts containers. */
function creatingStatus(pod: K8sObject, podIP: string): any {
  const since = pod.metadata.creationTimestamp ?? timestamp();
  return {
    ...pod.status,
    phase: 'Pending',
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: pod.status?.startTime ?? timestamp(),
    conditions: [
      condition('Initialized', 'True', since),
      condition('Ready', 'False', since),
      condition('ContainersReady', 'False', since),
      condition('PodScheduled', 'True', since),
    ],
    containerStatuses: (pod.spec?.containers ?? []).map((c: any) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    })),
  };
}

/** Every container running and ready; timestamps and ids kept across reconciles. */
function runningStatus(pod: K8sObject): any {
  const now = timestamp();
  const previous = new Map<string, any>(
    (pod.status?.containerStatuses ?? []).map((s: any) => [s.name, s]),
  );
  const keep = (type: string) =>
    (pod.status?.conditions ?? []).find(
      (c: any) => c.type === type && c.status === 'True',
    )?.lastTransitionTime ?? now;
  return {
    ...pod.status,
    phase: 'Running',
    conditions: [
      condition('Initialized', 'True', keep('Initialized')),
      condition('Ready', 'True', keep('Ready')),
      condition('ContainersReady', 'True', keep('ContainersReady')),
      condition('PodScheduled', 'True', keep('PodScheduled')),
    ],
    containerStatuses: (pod.spec?.containers ?? []).map((c: any) => {
      const before = previous.get(c.name);
      const startedAt = before?.state?.running?.startedAt ?? now;
      return {
        name: c.name,
        image: c.image,
        imageID: `${String(c.image).split(':')[0]}@sha256:${digest(
          String(c.image),
        )}`,
        containerID:
          before?.containerID ??
          `cri-o://${digest(`${pod.metadata.uid}/${c.name}`)}`,
        ready: true,
        started: true,
        restartCount: before?.restartCount ?? 0,
        state: { running: { startedAt } },
        lastState: {},
      };
    }),
  };
}

/**
 * The node's kubelet: a scheduled pod gets an IP and ContainerCreating at
 * once, then after `settings.delayMs` all its containers (sidecar included)
 * run and pass their readiness probes.
 */
export const kubeletSimulator: Controller = {
  name: 'kubelet',
  start(context: SandboxContext) {
    const { api, scheduler, settings } = context;
    const cache = clusterCacheOf(api);
    const nextIp = podIpAllocator();

    function advance(namespace: string, name: string) {
      const pod = cache.get('', 'pods', namespace, name);
      if (!pod || allRunning(pod)) return;
      const status = pod.status?.podIP
        ? runningStatus(pod)
        : creatingStatus(pod, nextIp());
      api.updateStatus(api.type('', 'pods'), namespace, name, status, manager);
    }

    return watchKinds(api, ['/pods'], event => {
      const pod = event.object;
      if (event.type === 'DELETED' || allRunning(pod)) return;
      const started = Boolean(pod.status?.podIP);
      scheduler.enqueue(
        `kubelet/${pod.metadata.namespace}/${pod.metadata.name}`,
        () => advance(pod.metadata.namespace!, pod.metadata.name!),
        started ? settings.delayMs : 0,
      );
    });
  },
};

import { kinds } from '../../client/kinds';
import { Controller, SandboxContext } from '../../context';
import { K8sObject } from '../../k8s/types';
import {
  ensureObject,
  ensureStatus,
  logFailure,
  ownerReference,
} from '../objects';
import { condition, sailStatus } from './sailConditions';
import { sailApiVersion, sailManager } from './sailNames';

/** A Sail resource that installs one DaemonSet per node: IstioCNI's CNI agent, ZTunnel's ztunnel. */
interface NodeAgent {
  plural: 'istiocnis' | 'ztunnels';
  kind: 'IstioCNI' | 'ZTunnel';
  daemonSet: string;
  container: string;
  image: string;
}

const agents: NodeAgent[] = [
  {
    plural: 'istiocnis',
    kind: 'IstioCNI',
    daemonSet: 'istio-cni-node',
    container: 'install-cni',
    image: 'registry.redhat.io/openshift-service-mesh/istio-cni-rhel9',
  },
  {
    plural: 'ztunnels',
    kind: 'ZTunnel',
    daemonSet: 'ztunnel',
    container: 'istio-proxy',
    image: 'registry.redhat.io/openshift-service-mesh/istio-ztunnel-rhel9',
  },
];

function daemonSetOf(agent: NodeAgent, owner: K8sObject): K8sObject {
  const labels = { 'k8s-app': agent.daemonSet, app: agent.daemonSet };
  return {
    metadata: {
      name: agent.daemonSet,
      namespace: owner.spec.namespace,
      labels,
      ownerReferences: [ownerReference(owner, sailApiVersion, agent.kind)],
    },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
        },
        spec: {
          containers: [
            {
              name: agent.container,
              image: `${agent.image}:${String(owner.spec.version).replace(
                /^v/,
                '',
              )}`,
            },
          ],
        },
      },
    },
  };
}

const daemonSetReady = (ds: K8sObject | undefined) =>
  Boolean(
    ds?.status &&
      (ds.status.desiredNumberScheduled ?? 0) > 0 &&
      ds.status.numberReady === ds.status.desiredNumberScheduled,
  );

/**
 * The Sail operator's IstioCNI and ZTunnel reconcilers: each `default`
 * resource installs its DaemonSet in spec.namespace (Kubernetes' DaemonSet
 * controller and kwok run its pods) and is Ready once every node's pod is.
 */
export const nodeAgentController: Controller = {
  name: 'sail-node-agent-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler, log } = context;
    const kindOf = (agent: NodeAgent) =>
      agent.plural === 'istiocnis' ? kinds.istioCNIs : kinds.ztunnels;
    const enqueue = (agent: NodeAgent, name: string) =>
      scheduler.enqueue(`${agent.plural}/${name}`, () =>
        reconcile(agent, name).catch(logFailure(log, `${agent.kind} ${name}`)),
      );

    async function reconcile(agent: NodeAgent, name: string) {
      const owner = cache.get('sailoperator.io', agent.plural, undefined, name);
      if (!owner || owner.metadata.deletionTimestamp) return;
      const namespace = owner.spec.namespace;
      const status = (value: Record<string, unknown>) =>
        ensureStatus(client, cache, kindOf(agent), owner, value, sailManager);
      if (!cache.get('', 'namespaces', undefined, namespace)) {
        const message = `namespace "${namespace}" doesn't exist`;
        await status(
          sailStatus(
            owner,
            [
              condition('Reconciled', false, 'ReconcileError', message),
              condition('Ready', false, 'ReconcileError', message),
            ],
            'ReconcileError',
          ),
        );
        return;
      }
      await ensureObject(
        client,
        cache,
        kinds.daemonSets,
        daemonSetOf(agent, owner),
        sailManager,
      );
      const ready = daemonSetReady(
        cache.get('apps', 'daemonsets', namespace, agent.daemonSet),
      );
      const notReady =
        agent.kind === 'ZTunnel' ? 'ZTunnelNotReady' : 'CNINotReady';
      await status(
        sailStatus(
          owner,
          [
            condition('Reconciled', true),
            condition(
              'Ready',
              ready,
              notReady,
              `${agent.daemonSet} is not ready`,
            ),
          ],
          ready ? 'Healthy' : notReady,
        ),
      );
    }

    return cache.watch(
      [
        'sailoperator.io/istiocnis',
        'sailoperator.io/ztunnels',
        'apps/daemonsets',
      ],
      ({ kind, object }) => {
        const agent = agents.find(a => a.plural === kind.plural);
        if (agent) {
          enqueue(agent, object.metadata.name!);
          return;
        }
        const owner = object.metadata.ownerReferences?.find(ref =>
          agents.some(a => a.kind === ref.kind),
        );
        const ownerAgent = agents.find(a => a.kind === owner?.kind);
        if (owner && ownerAgent) enqueue(ownerAgent, owner.name);
      },
    );
  },
};

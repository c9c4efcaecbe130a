import { kinds } from '../client/kinds';
import { Controller, SandboxContext } from '../context';
import { matchesLabelSelector } from '../k8s/labelSelector';
import { K8sObject } from '../k8s/types';
import { operatorManager } from './controlPlaneController';
import { planControlPlane, specError } from './controlPlanePlan';
import { memberOfLabel } from './meshLabels';
import { controlPlaneIn, isControlPlaneReady } from './meshMembership';
import {
  memberNetworkPolicies,
  memberPolicyNames,
} from './memberNetworkPolicies';
import {
  MemberState,
  memberRollStatus,
  memberStatus,
  rejectedRollStatus,
} from './memberRollStatus';
import { ensureObject, ensureStatus } from './objects';

const rollName = 'default';

/** Namespaces Maistra never makes members (memberroll isExcluded). */
const isExcluded = (namespace: string, controlPlaneNamespace: string) =>
  namespace === controlPlaneNamespace ||
  namespace === 'kube' ||
  namespace === 'openshift' ||
  /^(kube|openshift|ibm)-/.test(namespace);

/**
 * The Service Mesh operator's ServiceMeshMemberRoll and ServiceMeshMember
 * reconcilers, one pass per control plane namespace: once the control plane is
 * Ready, each requested namespace gets the member-of label and the two
 * NetworkPolicies; namespaces no longer requested (or the roll deleted) lose
 * them. A ServiceMeshMember adds its namespace, creating the roll if needed.
 */
export const memberRollController: Controller = {
  name: 'servicemeshmemberroll-controller',
  start(context: SandboxContext) {
    const { client, cache, scheduler } = context;
    const enqueue = (controlPlaneNamespace: string | undefined) => {
      if (!controlPlaneNamespace) return;
      scheduler.enqueue(`smmr/${controlPlaneNamespace}`, () =>
        reconcile(controlPlaneNamespace),
      );
    };

    const membersReferencing = (controlPlaneNamespace: string) =>
      cache
        .list('maistra.io', 'servicemeshmembers')
        .filter(
          m => m.spec?.controlPlaneRef?.namespace === controlPlaneNamespace,
        );

    function requested(
      controlPlaneNamespace: string,
      roll: K8sObject | undefined,
      members: K8sObject[],
    ): string[] {
      const names: string[] = [];
      const add = (namespace: string) => {
        if (
          !isExcluded(namespace, controlPlaneNamespace) &&
          !names.includes(namespace)
        )
          names.push(namespace);
      };
      const allNamespaces = () =>
        cache
          .list('', 'namespaces')
          .map(ns => ns.metadata.name!)
          .sort();
      for (const member of (roll?.spec?.members ?? []) as string[]) {
        if (member === '*') allNamespaces().forEach(add);
        else add(member);
      }
      for (const selector of (roll?.spec?.memberSelectors ?? []) as any[]) {
        for (const ns of cache.list('', 'namespaces')) {
          if (matchesLabelSelector(selector, ns.metadata.labels))
            add(ns.metadata.name!);
        }
      }
      if (roll) {
        members
          .filter(m => m.metadata.name === 'default')
          .forEach(m => add(m.metadata.namespace!));
      }
      return names;
    }

    async function setMemberLabel(namespace: string, value: string | null) {
      await client.mergePatch(
        kinds.namespaces,
        undefined,
        namespace,
        { metadata: { labels: { [memberOfLabel]: value } } },
        { fieldManager: operatorManager },
      );
    }

    async function leave(namespace: string) {
      await setMemberLabel(namespace, null);
      for (const name of memberPolicyNames) {
        if (cache.get('networking.k8s.io', 'networkpolicies', namespace, name))
          await client.delete(kinds.networkPolicies, namespace, name);
      }
    }

    const status = (
      kind: typeof kinds.memberRolls,
      object: K8sObject,
      value: any,
    ) => ensureStatus(client, cache, kind, object, value, operatorManager);

    async function reconcile(controlPlaneNamespace: string) {
      if (!cache.serves('maistra.io', 'servicemeshmemberrolls')) return;
      const rolls = cache.list(
        'maistra.io',
        'servicemeshmemberrolls',
        controlPlaneNamespace,
      );
      for (const other of rolls.filter(r => r.metadata.name !== rollName)) {
        await status(kinds.memberRolls, other, rejectedRollStatus(other));
      }
      const roll = rolls.find(r => r.metadata.name === rollName);
      const members = membersReferencing(controlPlaneNamespace);
      if (!roll && members.some(m => m.metadata.name === 'default')) {
        if (cache.get('', 'namespaces', undefined, controlPlaneNamespace)) {
          await client.create(
            kinds.memberRolls,
            {
              metadata: { name: rollName, namespace: controlPlaneNamespace },
              spec: {},
            },
            { fieldManager: operatorManager },
          );
        }
        return;
      }

      const smcp = controlPlaneIn(cache, controlPlaneNamespace);
      const ready = isControlPlaneReady(smcp);
      const chartVersion =
        smcp && !specError(smcp.spec)
          ? planControlPlane(smcp).chartVersion
          : undefined;
      const wanted = requested(controlPlaneNamespace, roll, members);
      const states: MemberState[] = [];
      for (const namespace of wanted) {
        states.push(await memberState(namespace));
      }
      async function memberState(namespace: string): Promise<MemberState> {
        const ns = cache.get('', 'namespaces', undefined, namespace);
        const label = ns?.metadata.labels?.[memberOfLabel];
        if (!ns) {
          return {
            namespace,
            configured: false,
            reason: 'NamespaceNotExists',
            message: `namespace "${namespace}" does not exist`,
          };
        }
        if (label && label !== controlPlaneNamespace) {
          return {
            namespace,
            configured: false,
            reason: 'ReferencesDifferentControlPlane',
            message: `the namespace is already a member of the mesh in "${label}"`,
          };
        }
        if (label !== controlPlaneNamespace && !ready) {
          return {
            namespace,
            configured: false,
            reason: 'SMCPReconciling',
            message: 'the control plane is not ready',
          };
        }
        if (ns.metadata.deletionTimestamp) {
          return {
            namespace,
            configured: false,
            reason: 'NamespaceNotExists',
            message: `namespace "${namespace}" is being deleted`,
          };
        }
        if (label !== controlPlaneNamespace)
          await setMemberLabel(namespace, controlPlaneNamespace);
        if (chartVersion) {
          for (const policy of memberNetworkPolicies(
            namespace,
            controlPlaneNamespace,
            chartVersion,
          )) {
            await ensureObject(
              client,
              cache,
              kinds.networkPolicies,
              policy,
              operatorManager,
            );
          }
        }
        return { namespace, configured: true };
      }

      for (const ns of cache.list('', 'namespaces')) {
        const name = ns.metadata.name!;
        if (
          ns.metadata.labels?.[memberOfLabel] === controlPlaneNamespace &&
          name !== controlPlaneNamespace &&
          !wanted.includes(name) &&
          !ns.metadata.deletionTimestamp
        ) {
          await leave(name);
        }
      }

      if (roll) {
        await status(
          kinds.memberRolls,
          roll,
          memberRollStatus(roll, smcp, ready, states),
        );
      }
      for (const member of members) {
        await status(
          kinds.members,
          member,
          memberStatus(
            member,
            states.find(s => s.namespace === member.metadata.namespace),
          ),
        );
      }
    }

    const enqueueAllRolls = () => {
      for (const roll of cache.list('maistra.io', 'servicemeshmemberrolls'))
        enqueue(roll.metadata.namespace);
    };

    return cache.watch(
      [
        'maistra.io/servicemeshmemberrolls',
        'maistra.io/servicemeshmembers',
        'maistra.io/servicemeshcontrolplanes',
        '/namespaces',
        'networking.k8s.io/networkpolicies',
      ],
      event => {
        const { object } = event;
        switch (event.kind.plural) {
          case 'servicemeshmemberrolls':
          case 'servicemeshcontrolplanes':
            enqueue(object.metadata.namespace);
            break;
          case 'servicemeshmembers':
            enqueue(object.spec?.controlPlaneRef?.namespace);
            break;
          case 'namespaces':
            enqueue(object.metadata.labels?.[memberOfLabel]);
            enqueueAllRolls();
            break;
          default:
            if (event.type === 'DELETED')
              enqueue(object.metadata.labels?.[memberOfLabel]);
        }
      },
    );
  },
};

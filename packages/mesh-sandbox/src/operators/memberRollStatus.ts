import { K8sObject } from '../k8s/types';
import { operatorVersion } from './meshVersions';
import { Condition, nextConditions } from './objects';

/** Why one requested member is or is not configured. */
export interface MemberState {
  namespace: string;
  configured: boolean;
  reason?: string;
  message?: string;
}

const goList = (items: string[]) => `[${items.join(' ')}]`;

function readyCondition(
  smcp: K8sObject | undefined,
  controlPlaneReady: boolean,
  pending: string[],
): Condition {
  if (!smcp) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'ErrSMCPMissing',
      message: 'No ServiceMeshControlPlane exists in the namespace',
    };
  }
  if (pending.length > 0 && !controlPlaneReady) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'SMCPReconciling',
      message: 'Waiting for the ServiceMeshControlPlane to become ready',
    };
  }
  if (pending.length > 0) {
    return {
      type: 'Ready',
      status: 'False',
      reason: 'ReconcileError',
      message: `The following namespaces are not yet configured: ${goList(
        pending,
      )}`,
    };
  }
  return {
    type: 'Ready',
    status: 'True',
    reason: 'Configured',
    message: 'All namespaces have been configured successfully',
  };
}

export function memberRollStatus(
  roll: K8sObject,
  smcp: K8sObject | undefined,
  controlPlaneReady: boolean,
  members: MemberState[],
): any {
  const configured = members.filter(m => m.configured).map(m => m.namespace);
  const pending = members.filter(m => !m.configured).map(m => m.namespace);
  return {
    observedGeneration: roll.metadata.generation,
    annotations: {
      configuredMemberCount: `${configured.length}/${members.length}`,
    },
    ...(smcp
      ? {
          meshGeneration: smcp.metadata.generation,
          meshReconciledVersion: `${operatorVersion}-${smcp.metadata.generation}`,
        }
      : {}),
    members: members.map(m => m.namespace),
    configuredMembers: configured,
    pendingMembers: pending,
    terminatingMembers: [],
    conditions: nextConditions(roll.status?.conditions, [
      readyCondition(smcp, controlPlaneReady, pending),
    ]),
    memberStatuses: members.map(m => {
      const before = (roll.status?.memberStatuses ?? []).find(
        (s: any) => s.namespace === m.namespace,
      );
      return {
        namespace: m.namespace,
        conditions: nextConditions(before?.conditions, [
          m.configured
            ? { type: 'Reconciled', status: 'True' }
            : {
                type: 'Reconciled',
                status: 'False',
                reason: m.reason,
                message: m.message,
              },
        ]),
      };
    }),
  };
}

/** A roll Maistra refuses to act on (wrong name). */
export function rejectedRollStatus(roll: K8sObject): any {
  return {
    observedGeneration: roll.metadata.generation,
    annotations: { configuredMemberCount: '0/0' },
    members: [],
    configuredMembers: [],
    pendingMembers: [],
    terminatingMembers: [],
    conditions: nextConditions(roll.status?.conditions, [
      {
        type: 'Ready',
        status: 'False',
        reason: 'ErrInvalidName',
        message: 'the ServiceMeshMemberRoll must be named "default"',
      },
    ]),
  };
}

/** The status of a ServiceMeshMember: joined when its namespace is configured. */
export function memberStatus(
  member: K8sObject,
  state: MemberState | undefined,
): any {
  const ref = member.spec?.controlPlaneRef ?? {};
  const condition = (type: string): Condition => {
    if (member.metadata.name !== 'default') {
      return {
        type,
        status: 'False',
        reason: 'InvalidName',
        message: 'the ServiceMeshMember must be named "default"',
      };
    }
    return state?.configured
      ? { type, status: 'True' }
      : {
          type,
          status: 'False',
          reason: state?.reason ?? 'MemberNotConfigured',
          message: state?.message ?? 'the namespace is not yet configured',
        };
  };
  return {
    observedGeneration: member.metadata.generation,
    annotations: {
      controlPlaneRef: `${ref.namespace ?? ''}/${ref.name ?? ''}`,
    },
    conditions: nextConditions(member.status?.conditions, [
      condition('Reconciled'),
      condition('Ready'),
    ]),
  };
}

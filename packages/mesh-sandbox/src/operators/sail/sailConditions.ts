import { K8sObject } from '../../k8s/types';
import { Condition, nextConditions } from '../objects';

/** A Sail condition: True without a reason, as the operator writes it; False with one. */
export const condition = (
  type: string,
  ok: boolean,
  reason?: string,
  message?: string,
): Condition =>
  ok ? { type, status: 'True' } : { type, status: 'False', reason, message };

/** The status fields every Sail resource has: observedGeneration, conditions, state. */
export function sailStatus(
  object: K8sObject,
  conditions: Condition[],
  state: string,
  extra: Record<string, unknown> = {},
) {
  return {
    observedGeneration: object.metadata.generation,
    conditions: nextConditions(object.status?.conditions, conditions),
    state,
    ...extra,
  };
}

import {
  ExternalDelivery,
  RolloutView,
} from '@service-mesh/plugin-service-mesh-common';
import { isActiveRollout, rolloutPhaseLabel } from './rolloutPhases';

/** `Flagger` or `Argo Rollouts`. */
export function deliveryToolName(delivery: ExternalDelivery): string {
  return delivery.tool === 'flagger' ? 'Flagger' : 'Argo Rollouts';
}

/** `Flagger Canary web`, `Argo Rollouts Rollout web`. */
export function deliveryOwnerName(delivery: ExternalDelivery): string {
  return `${deliveryToolName(delivery)} ${delivery.kind} ${delivery.name}`;
}

/** The card's chip of an external owner: `Flagger: Progressing 20 %`. */
export function externalDeliveryChipLabel(delivery: ExternalDelivery): string {
  const figures = [
    delivery.phase,
    delivery.canaryWeight === undefined
      ? undefined
      : `${delivery.canaryWeight} %`,
  ].filter(Boolean);
  return `${deliveryToolName(delivery)}: ${
    figures.length > 0 ? figures.join(' ') : 'managed'
  }`;
}

/** The card's chip of an active rollout: `canary v2 25 % · progressing`; undefined once ended. */
export function rolloutChipLabel(
  rollout: RolloutView | undefined,
): string | undefined {
  if (!rollout || !isActiveRollout(rollout)) return undefined;
  return `canary ${rollout.plan.canary.version} ${
    rollout.state.weight
  } % · ${rolloutPhaseLabel(rollout.state.phase)}`;
}

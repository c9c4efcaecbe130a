import { RolloutPlan } from './rolloutPlan';
import { RolloutState } from './rolloutState';
import { RolloutEvent } from './rolloutTimeline';

/**
 * The kinds of route a rollout steps the weights of.
 *
 * @public
 */
export type RolloutRouteKind = 'VirtualService' | 'HTTPRoute';

/**
 * The object whose weights a rollout steps, and which keeps its state.
 *
 * @public
 */
export interface RolloutRouteObject {
  kind: RolloutRouteKind;
  name: string;
  /** The index in `spec.http` (VirtualService) or `spec.rules` (HTTPRoute). */
  index: number;
}

/**
 * A rollout as the status shows it: read from its route object's annotations.
 *
 * @public
 */
export interface RolloutView {
  route: RolloutRouteObject;
  plan: RolloutPlan;
  state: RolloutState;
  /** The weights of `rolloutSteps(plan)`. */
  steps: number[];
  timeline: RolloutEvent[];
}

/**
 * A route annotation that is not a rollout this version can read: shown, never acted on.
 *
 * @public
 */
export interface RolloutProblem {
  route: Omit<RolloutRouteObject, 'index'>;
  message: string;
}

/**
 * A progressive-delivery controller that owns a service's route; the plugin then writes no weights.
 *
 * @public
 */
export interface ExternalDelivery {
  tool: 'flagger' | 'argo-rollouts';
  /** `Canary` (flagger.app) or `Rollout` (argoproj.io). */
  kind: string;
  namespace: string;
  name: string;
  /** As the controller reports it: `Progressing`, `Succeeded`, `Healthy`, `Degraded`, ... */
  phase?: string;
  /** The canary's weight the controller reports, in percent. */
  canaryWeight?: number;
  /** The controller's latest message or analysis outcome. */
  message?: string;
  /** Where to see it (`serviceMesh.clusters[].deliveryLinks`), when configured. */
  link?: string;
}

import { RolloutCheckResults } from './rolloutState';

/**
 * The route object's annotation holding the rollout's timeline, a JSON list.
 *
 * @public
 */
export const ANNOTATION_ROLLOUT_TIMELINE =
  'servicemesh.backstage.io/rollout-timeline';

/**
 * The route object's label carrying the rollout's phase, so the runner lists
 * only progressing rollouts (annotations cannot be selected on).
 *
 * @public
 */
export const LABEL_ROLLOUT_PHASE = 'servicemesh.backstage.io/rollout-phase';

/** @public */
export type RolloutEventKind =
  | 'start'
  | 'check'
  | 'inconclusive'
  | 'advance'
  | 'promote'
  | 'rollback'
  | 'pause'
  | 'resume'
  | 'abort';

/**
 * One entry of the timeline: what happened, the canary weight after it, and the figures of a check.
 *
 * @public
 */
export interface RolloutEvent {
  at: string;
  kind: RolloutEventKind;
  /** The canary's weight after the event, in percent. */
  weight: number;
  message: string;
  /** The interval's figures, for checks and the steps they decided. */
  results?: RolloutCheckResults;
  /** Who acted, for a start or a manual action. */
  actor?: string;
}

/**
 * The timeline keeps its first entry (the start) and the latest ones, up to this many in all.
 *
 * @public
 */
export const ROLLOUT_TIMELINE_LIMIT = 120;

/**
 * The timeline with `event` appended, the oldest entries after the start dropped beyond the limit.
 *
 * @public
 */
export function appendRolloutEvent(
  timeline: RolloutEvent[],
  event: RolloutEvent,
): RolloutEvent[] {
  const all = [...timeline, event];
  if (all.length <= ROLLOUT_TIMELINE_LIMIT) return all;
  return [all[0], ...all.slice(all.length - ROLLOUT_TIMELINE_LIMIT + 1)];
}

const EVENT_KINDS: RolloutEventKind[] = [
  'start',
  'check',
  'inconclusive',
  'advance',
  'promote',
  'rollback',
  'pause',
  'resume',
  'abort',
];

/**
 * Reads the timeline annotation. A value that is not a list of events gives
 * the entries that are (the timeline is a record for people; the rollout's
 * state never depends on it).
 *
 * @public
 */
export function parseRolloutTimeline(
  value: string | undefined,
): RolloutEvent[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (e): e is RolloutEvent =>
      e !== null &&
      typeof e === 'object' &&
      typeof e.at === 'string' &&
      EVENT_KINDS.includes(e.kind) &&
      typeof e.weight === 'number' &&
      typeof e.message === 'string',
  );
}

import { HealthState } from '../meshStatus';

/** Kiali UI's priorities: the worse state wins when two are merged. */
const priority: Record<HealthState, number> = {
  NA: 0,
  Healthy: 1,
  'Not Ready': 2,
  Degraded: 3,
  Failure: 4,
};

/** @public */
export const isWorse = (a: HealthState, b: HealthState) =>
  priority[a] > priority[b];

/** @public */
export const worstOf = (a: HealthState, b: HealthState): HealthState =>
  isWorse(a, b) ? a : b;

const words = new Map<string, HealthState>(
  (Object.keys(priority) as HealthState[]).map(s => [s.toLowerCase(), s]),
);

/**
 * One of Kiali's words, as Kiali 2.22+ sends them, or undefined.
 *
 * @public
 */
export function healthStateOf(word: unknown): HealthState | undefined {
  return typeof word === 'string' ? words.get(word.toLowerCase()) : undefined;
}

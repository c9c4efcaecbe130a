import { ClusterError } from './errors';
import { POLL_INTERVAL_MS, waitFor } from './wait';

const logger: any = { info: jest.fn() };

describe('waitFor', () => {
  it('polls at most once a second and logs progress only when it changes', async () => {
    const seen: number[] = [];
    let polls = 0;
    await waitFor({
      what: 'the thing',
      timeoutSeconds: 10,
      logger,
      observe: async () => {
        seen.push(Date.now());
        polls += 1;
        return {
          done: polls === 3,
          progress: polls === 3 ? 'ready' : 'starting',
        };
      },
    });
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(POLL_INTERVAL_MS - 5);
    expect(seen[2] - seen[1]).toBeGreaterThanOrEqual(POLL_INTERVAL_MS - 5);
    expect(logger.info.mock.calls).toEqual([
      ['the thing: starting'],
      ['the thing: ready'],
    ]);
  });

  it('says what was awaited and what was last seen when the timeout passes', async () => {
    const started = Date.now();
    const error = await waitFor({
      what: 'the thing to be ready',
      timeoutSeconds: 1,
      logger,
      observe: async () => ({ done: false, progress: '0/3 ready' }),
    }).catch(e => e);
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.message).toBe(
      'Timed out after 1s waiting for the thing to be ready; last seen: 0/3 ready',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});

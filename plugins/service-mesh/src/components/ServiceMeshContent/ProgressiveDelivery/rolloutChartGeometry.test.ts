import { frontEndPlan, frontEndTimeline } from '../../../__fixtures__/rollouts';
import { rolloutChartGeometry } from './rolloutChartGeometry';

const size = { width: 220, laneHeight: 40, gap: 10, left: 20, right: 0 };

describe('rolloutChartGeometry', () => {
  const geometry = rolloutChartGeometry(
    frontEndTimeline,
    frontEndPlan.checks,
    size,
  );

  it('spreads the run from its first to its last event across the width', () => {
    expect(geometry.weight.points.map(p => p.x)).toEqual([
      20, 86.7, 153.3, 220,
    ]);
    expect(geometry.start).toBe(frontEndTimeline[0].at);
    expect(geometry.end).toBe(frontEndTimeline[3].at);
    expect(geometry.height).toBe(160);
  });

  it('draws the weight as steps from 0 to 100 %', () => {
    // lane 0 spans y 10 (100 %) to 50 (0 %): 10 % at 46, 25 % at 40
    expect(geometry.weightLine).toBe('M20 46 H86.7 V46 H153.3 V40 H220 V40');
  });

  it('scales the success rate from below its lowest value or threshold, and p99 above its highest', () => {
    expect(geometry.successRate).toMatchObject({
      min: 96,
      max: 100,
      top: 60,
      bottom: 100,
    });
    expect(geometry.successRate.points.map(p => p.value)).toEqual([
      99.8, 99.5, 97,
    ]);
    // 99 % of 96..100 sits a quarter from the top
    expect(geometry.successRate.thresholdY).toBe(70);
    expect(geometry.p99).toMatchObject({ min: 0, max: 682 });
    expect(geometry.p99.points.map(p => p.value)).toEqual([120, 180, 620]);
  });

  it('leaves out checks without requests, and centres a run of one event', () => {
    const sparse = rolloutChartGeometry(
      [
        {
          at: '2026-12-04T12:00:00.000Z',
          kind: 'inconclusive',
          weight: 10,
          message:
            'step 1 (10 %) inconclusive: 0 requests over 1m, fewer than 20',
          results: {
            requests: 0,
            successRatePercent: null,
            p99LatencyMs: null,
          },
        },
      ],
      frontEndPlan.checks,
      size,
    );
    expect(sparse.successRate.points).toEqual([]);
    expect(sparse.p99.points).toEqual([]);
    expect(sparse.weight.points).toEqual([
      { x: 120, y: 46, value: 10, at: '2026-12-04T12:00:00.000Z' },
    ]);
  });
});

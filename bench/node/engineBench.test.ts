import { describe, expect, it } from 'vitest';
import { runEngineBench } from './engineBench';
import { expectCount } from './storeReps';

// Shape and correctness only: timing thresholds belong in `npm run bench`, never in a test.
describe('runEngineBench', () => {
  it('returns every figure as a positive finite number for a tiny workload', async () => {
    const lines: string[] = [];
    const result = await runEngineBench({
      events: 500,
      streams: 10,
      dispatches: 250,
      runs: 1,
      progress: (line) => lines.push(line),
    });

    expect(result).toMatchObject({
      node: process.version,
      runs: 1,
      events: 500,
      streams: 10,
      dispatches: 250,
      subscribers: 2,
      deliveries_per_run: 500,
    });
    const figures = [
      'engine_append_per_s',
      'emmett_append_per_s',
      'append_ratio_vs_emmett',
      'engine_fold_per_s',
      'emmett_aggregate_per_s',
      'fold_ratio_vs_emmett',
      'engine_dispatch_per_s',
      'engine_delivered_per_s',
      'engine_delivered_with_latency_per_s',
    ] as const;
    for (const key of figures) {
      const value = result[key];
      expect(Number.isFinite(value), key).toBe(true);
      expect(value, key).toBeGreaterThan(0);
    }
    for (const key of figures.filter((k) => k.endsWith('_per_s'))) {
      expect(Number.isInteger(result[key]), key).toBe(true);
    }
    expect(lines.length).toBeGreaterThan(0);
  });

  it('handles fewer events than streams', async () => {
    const result = await runEngineBench({ events: 3, streams: 5, dispatches: 1, runs: 1, warmup: false });
    expect(result.deliveries_per_run).toBe(2);
  });
});

describe('expectCount', () => {
  it('throws, naming the figure, when a count does not match', () => {
    expect(() => expectCount('broker.stats.delivered', 99, 100)).toThrow(
      'broker.stats.delivered is 99, expected 100',
    );
    expect(() => expectCount('broker.stats.delivered', 100, 100)).not.toThrow();
  });
});

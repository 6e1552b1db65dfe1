import { describe, expect, it } from 'vitest';
import { uiFigures } from './figures';
import type { RunSample } from './measureRun';

const run = (over: Partial<RunSample>): RunSample => ({
  firstRenderMs: 700,
  firstContentfulPaintMs: 300,
  emptyP95: 16.7,
  loadedP95: 20,
  rampMs: 3000,
  inFlight: [600, 700],
  longTasks: [],
  ordersPerSecond: 100,
  ...over,
});

describe('uiFigures', () => {
  it('takes medians over repetitions and pools the in-flight readings', () => {
    const f = uiFigures(
      [
        run({ loadedP95: 50, inFlight: [520, 900], longTasks: [60, 120] }),
        run({ loadedP95: 20, firstRenderMs: 900, inFlight: [510] }),
        run({ loadedP95: 33.3, emptyP95: 33.3, longTasks: [51] }),
      ],
      172.84,
    );
    expect(f.frame_p95_ms_500_inflight).toBe(33.3);
    expect(f.frame_p95_ms_empty).toBe(16.7);
    // Each repetition's own ratio (50/16.7, 20/16.7, 1), then their median.
    expect(f.frame_p95_ratio_500_vs_empty).toBe(1.2);
    expect(f.inflight_min).toBe(510);
    expect(f.inflight_median).toBe(600);
    expect(f.long_tasks_over_50ms).toBe(1);
    expect(f.long_tasks_over_50ms_max).toBe(2);
    expect(f.long_task_longest_ms).toBe(120);
    expect(f.first_render_ms).toBe(700);
    expect(f.bundle_gzip_kb).toBe(172.8);
  });

  it('reports no long task as 0 ms, and refuses an empty run', () => {
    expect(uiFigures([run({})], 1).long_task_longest_ms).toBe(0);
    expect(() => uiFigures([], 1)).toThrow();
  });
});

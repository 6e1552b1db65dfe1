import type { RunSample } from './measureRun';
import { median, round } from './stats';

/** The suite's result: every figure from one `npm run bench -- --ui` run (see README.md). */
export interface UiFigures extends Record<string, number | string> {
  frame_p95_ms_empty: number;
  frame_p95_ms_500_inflight: number;
  frame_p95_ratio_500_vs_empty: number;
  inflight_min: number;
  inflight_median: number;
  long_tasks_over_50ms: number;
  long_tasks_over_50ms_max: number;
  long_task_longest_ms: number;
  bundle_gzip_kb: number;
  first_render_ms: number;
  first_contentful_paint_ms: number;
}

/**
 * Medians over the repetitions, except the in-flight counts, which pool every reading of every
 * loaded window (so `inflight_min` is the lowest the page ever showed while frames were sampled),
 * and the ratio, the median of each repetition's own loaded / empty (both from the same page).
 */
export function uiFigures(runs: readonly RunSample[], bundleGzipKb: number): UiFigures {
  if (runs.length === 0) throw new Error('no repetitions to summarise');
  const of = (pick: (r: RunSample) => number) => median(runs.map(pick));
  const inFlight = runs.flatMap((r) => r.inFlight);
  const longTasks = runs.map((r) => r.longTasks.length);
  return {
    frame_p95_ms_empty: round(of((r) => r.emptyP95)),
    frame_p95_ms_500_inflight: round(of((r) => r.loadedP95)),
    frame_p95_ratio_500_vs_empty: round(
      of((r) => r.loadedP95 / r.emptyP95),
      2,
    ),
    inflight_min: Math.min(...inFlight),
    inflight_median: median(inFlight),
    long_tasks_over_50ms: of((r) => r.longTasks.length),
    long_tasks_over_50ms_max: Math.max(...longTasks),
    long_task_longest_ms: round(Math.max(0, ...runs.flatMap((r) => r.longTasks))),
    bundle_gzip_kb: round(bundleGzipKb),
    first_render_ms: round(of((r) => r.firstRenderMs)),
    first_contentful_paint_ms: round(of((r) => r.firstContentfulPaintMs)),
    ramp_to_500_inflight_ms: round(of((r) => r.rampMs)),
    orders_started_per_s: round(of((r) => r.ordersPerSecond)),
  };
}

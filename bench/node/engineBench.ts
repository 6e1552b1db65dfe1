import { simulationDelivery, subscriberCount } from './deliveryReps';
import { canCollectGarbage, medianRates } from './measure';
import { emmettAggregate, emmettAppend, engineAppend, engineFold } from './storeReps';
import { makeWorkload } from './workload';

export interface EngineBenchOptions {
  /** Events appended and folded (default 100,000). */
  readonly events: number;
  /** Streams they are spread over, round robin (default 1,000). */
  readonly streams: number;
  /** Actions dispatched into the simulation (default 50,000; each reaches every subscriber). */
  readonly dispatches: number;
  /** Timed repetitions per metric; the median is reported (default 5). */
  readonly runs: number;
  /** One untimed repetition of each case first (default true). */
  readonly warmup: boolean;
  /** Progress lines (default: none). */
  readonly progress: (line: string) => void;
}

export const defaultEngineBenchOptions: EngineBenchOptions = {
  events: 100_000,
  streams: 1_000,
  dispatches: 50_000,
  runs: 5,
  warmup: true,
  progress: () => {},
};

/** Rates are events (or deliveries) per second, medians over `runs`, rounded to integers. */
export interface EngineBenchResult {
  readonly node: string;
  readonly runs: number;
  readonly events: number;
  readonly streams: number;
  readonly dispatches: number;
  readonly subscribers: number;
  /** Deliveries each simulation run made and the broker counted; checked against dispatches × subscribers. */
  readonly deliveries_per_run: number;
  readonly gc_between_runs: boolean;
  readonly engine_append_per_s: number;
  readonly emmett_append_per_s: number;
  readonly append_ratio_vs_emmett: number;
  readonly engine_fold_per_s: number;
  readonly emmett_aggregate_per_s: number;
  readonly fold_ratio_vs_emmett: number;
  readonly engine_dispatch_per_s: number;
  readonly engine_delivered_per_s: number;
  readonly engine_delivered_with_latency_per_s: number;
}

/**
 * The Node benchmark: our in-memory log against Emmett's in-memory store (append, rebuild), and the
 * simulation's broker delivering to no-op subscribers, without and with latency. Everything runs in
 * this process, so the ratios compare like with like on the same machine and Node.
 */
export async function runEngineBench(options: Partial<EngineBenchOptions> = {}): Promise<EngineBenchResult> {
  const o = { ...defaultEngineBenchOptions, ...options };
  const w = makeWorkload(o.events, o.streams, o.dispatches);
  const measure = { runs: o.runs, warmup: o.warmup, progress: o.progress };

  o.progress(`append: ${o.events} events over ${o.streams} streams, one awaited call each`);
  const append = await medianRates([engineAppend(w), emmettAppend(w)], measure);

  o.progress(`fold: rebuild all ${o.streams} streams`);
  const fold = await medianRates([engineFold(w), emmettAggregate(w)], measure);

  o.progress(`delivery: ${o.dispatches} dispatches to ${subscriberCount} no-op subscribers`);
  const delivery = await medianRates(
    [
      simulationDelivery(w, {
        latency: 0,
        jitter: 0,
        processingTime: 0,
        dispatchMetric: 'engine_dispatch_per_s',
        deliveredMetric: 'engine_delivered_per_s',
      }),
      simulationDelivery(w, {
        latency: 5,
        jitter: 5,
        processingTime: 1,
        deliveredMetric: 'engine_delivered_with_latency_per_s',
      }),
    ],
    measure,
  );

  const rate = (rates: Record<string, number>, name: string): number => {
    const value = rates[name];
    if (value === undefined) throw new Error(`bench produced no ${name}`);
    return Math.round(value);
  };
  const engineAppendRate = rate(append, 'engine_append_per_s');
  const emmettAppendRate = rate(append, 'emmett_append_per_s');
  const engineFoldRate = rate(fold, 'engine_fold_per_s');
  const emmettAggregateRate = rate(fold, 'emmett_aggregate_per_s');
  return {
    node: process.version,
    runs: o.runs,
    events: o.events,
    streams: o.streams,
    dispatches: o.dispatches,
    subscribers: subscriberCount,
    deliveries_per_run: o.dispatches * subscriberCount,
    gc_between_runs: canCollectGarbage,
    engine_append_per_s: engineAppendRate,
    emmett_append_per_s: emmettAppendRate,
    append_ratio_vs_emmett: ratio(engineAppendRate, emmettAppendRate),
    engine_fold_per_s: engineFoldRate,
    emmett_aggregate_per_s: emmettAggregateRate,
    fold_ratio_vs_emmett: ratio(engineFoldRate, emmettAggregateRate),
    engine_dispatch_per_s: rate(delivery, 'engine_dispatch_per_s'),
    engine_delivered_per_s: rate(delivery, 'engine_delivered_per_s'),
    engine_delivered_with_latency_per_s: rate(delivery, 'engine_delivered_with_latency_per_s'),
  };
}

/** Two decimals: a ratio of medians is not more precise than that. */
function ratio(ours: number, theirs: number): number {
  return Math.round((ours / theirs) * 100) / 100;
}

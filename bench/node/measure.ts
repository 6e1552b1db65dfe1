import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Rates (per second) measured by one repetition, by metric name. */
export type Rates = Readonly<Record<string, number>>;

/** One repetition of one case: builds its own fresh state, times only the work, returns rates. */
export type Repetition = () => Promise<Rates>;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Seconds since `start`, a `performance.now()` reading. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * Runs each case once as a warm-up (discarded), then `runs` times, interleaving the cases and
 * alternating their order so drift (GC pressure, CPU boost, thermal) does not favour one side of a
 * ratio. Returns the median of each metric.
 */
export async function medianRates(
  cases: readonly Repetition[],
  { runs, warmup, progress }: { runs: number; warmup: boolean; progress: (line: string) => void },
): Promise<Record<string, number>> {
  if (warmup) {
    for (const run of cases) {
      collectGarbage();
      await run();
    }
  }
  const samples = new Map<string, number[]>();
  for (let rep = 0; rep < runs; rep++) {
    const order = rep % 2 === 0 ? cases : [...cases].reverse();
    for (const run of order) {
      collectGarbage();
      for (const [name, rate] of Object.entries(await run())) {
        const list = samples.get(name) ?? [];
        list.push(rate);
        samples.set(name, list);
      }
    }
    progress(
      `  run ${rep + 1}/${runs}: ${[...samples.keys()].map((k) => `${k}=${fmt(samples.get(k)?.at(-1))}`).join(' ')}`,
    );
  }
  return Object.fromEntries([...samples].map(([name, list]) => [name, median(list)]));
}

function fmt(rate: number | undefined): string {
  return rate === undefined ? '?' : Math.round(rate).toLocaleString('en-US');
}

/**
 * A full GC between repetitions, so one repetition's garbage is not collected on the next one's
 * clock. `tsx` cannot pass `--expose-gc` through `npm run bench`, so the flag is set at run time and
 * `gc` taken from a fresh context (the usual way to reach it without the CLI flag).
 */
const gc: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
})();

export const canCollectGarbage = gc !== null;

export function collectGarbage(): void {
  gc?.();
}

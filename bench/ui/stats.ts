/** Small pure statistics for the UI benchmark (unit-tested in stats.test.ts). */

/**
 * The `p`th percentile (0–100) of `values`, nearest-rank: the smallest value with at least p% of
 * the values at or below it, so p95 of frame intervals is a frame interval that really happened.
 * NaN for no values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0–100, not ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** The median (the mean of the middle two for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Differences between consecutive timestamps (frame intervals from rAF times). */
export function intervals(times: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < times.length; i++) out.push((times[i] as number) - (times[i - 1] as number));
  return out;
}

/** `x` rounded to `digits` decimals, as a number (for the JSON). */
export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

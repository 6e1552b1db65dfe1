/** Automatic traffic: sample transactions at a steady rate from `since`, in virtual time. */
export interface Traffic {
  readonly perSecond: number;
  /** Virtual ms the current rate began at. */
  readonly since: number;
  /** Transactions started at this rate so far. */
  readonly issued: number;
}

export const noTraffic: Traffic = { perSecond: 0, since: 0, issued: 0 };

/** When the next automatic transaction is due, or `undefined` when traffic is off. */
export function nextDue(traffic: Traffic): number | undefined {
  if (traffic.perSecond <= 0) return undefined;
  // Whole ms, computed from the start (not by adding intervals) so rounding never drifts.
  return traffic.since + Math.ceil(((traffic.issued + 1) * 1000) / traffic.perSecond);
}

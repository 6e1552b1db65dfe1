import type { Message } from '../engine/message';
import type { SimulationSnapshot } from '../engine/simulation';
import type { CheckView, TransactionView } from '../scenarios/scenario';

/** One moment of a run for the figures: a log and the snapshot at its head. */
export interface InsightRequest {
  readonly id: number;
  readonly scenario: string;
  readonly decline: number | null;
  readonly log: readonly Message[];
  readonly snapshot: SimulationSnapshot;
}

/**
 * What the page posts: the log as a change to the copy the worker already holds — keep its first
 * `keep` messages, add `append` — so a long run does not copy its whole log to the worker every
 * second (40 MB at 100,000 messages).
 */
export interface LogDelta {
  readonly keep: number;
  readonly append: readonly Message[];
}

export type InsightPost = Omit<InsightRequest, 'log'> & { readonly delta: LogDelta };

/** The change that turns `sent` (what the worker holds) into `log`. Messages are compared by identity. */
export function deltaFor(sent: readonly Message[], log: readonly Message[]): LogDelta {
  let keep = Math.min(sent.length, log.length);
  // Both are prefixes of one run's log (live, or up to a moment): usually the whole common length.
  if (keep > 0 && sent[keep - 1] !== log[keep - 1]) {
    let low = 0;
    let high = keep - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (sent[mid - 1] === log[mid - 1]) low = mid;
      else high = mid - 1;
    }
    keep = low;
  }
  return { keep, append: log.slice(keep) };
}

/** Applies a delta to the worker's copy (in place). */
export function applyDelta(held: Message[], delta: LogDelta): void {
  held.length = Math.min(held.length, delta.keep);
  for (const m of delta.append) held.push(m);
}

/** How many of the newest transactions an insight carries (the Sagas panel lists these). */
export const RECENT_TRANSACTIONS = 30;
/** How many compensations an insight carries, the first in log order (the timeline's ticks). */
export const MAX_COMPENSATIONS = 300;

/** A compensating step: where the timeline marks an undo. */
export interface Compensation {
  readonly position: number;
  /** "order-7: ReleaseInventory" */
  readonly text: string;
}

/**
 * What the panels show of a whole log, computed off the main thread. Only what is shown crosses
 * back: at 100,000 messages every saga with its steps took 30–80 ms to decode on the page, in
 * the middle of whatever the person was doing (scrubbing, say).
 */
export interface Insight {
  /** The log position the figures are as of. */
  readonly head: number;
  readonly checks: readonly CheckView[];
  /** How many business transactions the log holds. */
  readonly transactionCount: number;
  /** The newest RECENT_TRANSACTIONS of them, newest first. */
  readonly recent: readonly TransactionView[];
  /** Every compensating step up to MAX_COMPENSATIONS, in log order. */
  readonly compensations: readonly Compensation[];
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>> | null;
}

export type InsightReply =
  | { readonly id: number; readonly insight: Insight }
  | { readonly id: number; readonly error: string };

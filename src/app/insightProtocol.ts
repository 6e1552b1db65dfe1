import type { Message } from '../engine/message';
import type { SimulationSnapshot } from '../engine/simulation';
import type { CheckView, TransactionView } from '../scenarios/scenario';

/** What the page asks the insight worker: one moment of a run (a log and the snapshot at its head). */
export interface InsightRequest {
  readonly id: number;
  readonly scenario: string;
  readonly decline: number | null;
  readonly log: readonly Message[];
  readonly snapshot: SimulationSnapshot;
}

/** Everything the panels derive from a whole log, computed off the main thread. */
export interface Insight {
  /** The log position the figures are as of. */
  readonly head: number;
  readonly checks: readonly CheckView[];
  readonly transactions: readonly TransactionView[];
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>> | null;
}

export type InsightReply =
  | { readonly id: number; readonly insight: Insight }
  | { readonly id: number; readonly error: string };

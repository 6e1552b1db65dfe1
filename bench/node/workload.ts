import type { NewMessage } from '../../src/engine/message';
import type { Dispatch } from '../../src/engine/simulation';

/** The benchmark's event type, shared with the peer benchmark. */
export const eventType = 'OrderPlaced' as const;

// A type, not an interface: Emmett's event data must be assignable to Record<string, unknown>.
export type OrderPlacedData = { readonly amount: number };

/** The same event in Emmett's shape (`{ type, data }`), with the stream it goes to. */
export interface EmmettAppend {
  readonly stream: string;
  readonly event: { readonly type: typeof eventType; readonly data: OrderPlacedData };
}

/**
 * The shared workload, built once and outside every timed region: `events` small events over
 * `streams` streams (`order-0` … `order-{streams-1}`), round robin, as our envelopes and as Emmett
 * events, plus `dispatches` actions for the simulation.
 */
export interface Workload {
  readonly subjects: readonly string[];
  readonly messages: readonly NewMessage[];
  readonly emmett: readonly EmmettAppend[];
  readonly dispatches: readonly Dispatch[];
  /** Sum of every event's amount: what a full fold must add up to. */
  readonly totalAmount: number;
}

export function makeWorkload(events: number, streams: number, dispatches: number): Workload {
  const subjects = Array.from({ length: streams }, (_, i) => `order-${i}`);
  const messages: NewMessage[] = [];
  const emmett: EmmettAppend[] = [];
  let totalAmount = 0;
  for (let i = 0; i < events; i++) {
    const subject = subjects[i % streams] as string;
    const data: OrderPlacedData = { amount: (i % 100) + 1 };
    totalAmount += data.amount;
    const id = `evt-${i}`;
    messages.push({
      id,
      kind: 'event',
      type: eventType,
      schemaVersion: 1,
      source: 'bench',
      subject,
      time: 0,
      correlationId: id,
      causationId: null,
      data,
    });
    emmett.push({ stream: subject, event: { type: eventType, data } });
  }
  const actions: Dispatch[] = Array.from({ length: dispatches }, (_, i) => ({
    type: eventType,
    subject: subjects[i % streams] as string,
    data: { amount: (i % 100) + 1 },
  }));
  return { subjects, messages, emmett, dispatches: actions, totalAmount };
}

/** The fold both stores run when rebuilding a stream: a count and a sum, nothing else. */
export interface OrderTotals {
  readonly count: number;
  readonly sum: number;
}

export const initialTotals = (): OrderTotals => ({ count: 0, sum: 0 });

export const evolveTotals = (state: OrderTotals, event: { readonly data: unknown }): OrderTotals => ({
  count: state.count + 1,
  sum: state.sum + (event.data as OrderPlacedData).amount,
});

import type { Message } from '../../engine/message';
import { orderFacts } from './facts';
import { STYLES, type Style } from './messages';

/** When each service was down: [from, to) in virtual ms (`to` is the end of the run if never revived). */
export type Downtime = Readonly<Record<string, readonly (readonly [number, number])[]>>;

export interface StyleMetrics {
  readonly orders: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly unfinished: number;
  /** Published messages (events and commands) per order, timers included. */
  readonly messagesPerOrder: number;
  /** From the person's PlaceOrder to OrderConfirmed / OrderCancelled, virtual ms. */
  readonly sagaDurationP50: number;
  readonly sagaDurationP95: number;
  /** Undo steps taken (InventoryReleased, PaymentRefunded) and the orders that needed any. */
  readonly compensations: number;
  readonly compensatedOrders: number;
  /** Order·ms spent waiting on a message queued at a dead service. */
  readonly stuckBehindDeadServiceMs: number;
}

/**
 * Per-style metrics, a pure function of the log and the kill/revive timeline. "Stuck behind a dead
 * service" charges each handled message the part of its wait (from being logged to its consequence
 * being logged) during which the service that handled it was down.
 */
export function styleMetrics(log: readonly Message[], downtime: Downtime): Record<Style, StyleMetrics> {
  const facts = orderFacts(log);
  const styleOf = new Map<string, Style>();
  for (const f of facts.values()) styleOf.set(f.order.orderId, f.order.style);
  const stuck: Record<Style, number> = { choreography: 0, orchestration: 0 };
  const byId = new Map<string, Message>();
  for (const m of log) {
    byId.set(m.id, m);
    const cause = m.causationId === null ? undefined : byId.get(m.causationId);
    const style = styleOf.get(m.correlationId);
    if (!cause || !style) continue;
    stuck[style] += overlap(cause.time, m.time, downtime[m.source] ?? []);
  }
  const result = {} as Record<Style, StyleMetrics>;
  for (const style of STYLES) {
    const mine = [...facts.values()].filter((f) => f.order.style === style);
    const durations = mine
      .flatMap((f) => (f.finished ? [f.finished.time - f.placed.time] : []))
      .sort((a, b) => a - b);
    const undo = mine.map((f) => f.refunds.length + f.releases.length);
    result[style] = {
      orders: mine.length,
      confirmed: mine.filter((f) => f.status === 'confirmed').length,
      cancelled: mine.filter((f) => f.status === 'cancelled').length,
      unfinished: mine.filter((f) => f.status === 'placed').length,
      messagesPerOrder: round(mine.reduce((n, f) => n + f.messages, 0) / Math.max(1, mine.length)),
      sagaDurationP50: percentile(durations, 0.5),
      sagaDurationP95: percentile(durations, 0.95),
      compensations: undo.reduce((a, b) => a + b, 0),
      compensatedOrders: undo.filter((n) => n > 0).length,
      stuckBehindDeadServiceMs: stuck[style],
    };
  }
  return result;
}

function overlap(from: number, to: number, intervals: readonly (readonly [number, number])[]): number {
  let total = 0;
  for (const [a, b] of intervals) total += Math.max(0, Math.min(to, b) - Math.max(from, a));
  return total;
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

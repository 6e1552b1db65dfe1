import { isLocalCommit } from '../../engine/localCommit';
import type { Message } from '../../engine/message';
import type { OrderTicket } from './messages';

/** A message a service committed locally (outbox off) but never published: lost in the gap. */
export interface LostMessage {
  readonly type: string;
  readonly service: string;
  /** Position of the `$StateCommitted` record that proves it was meant to go out. */
  readonly record: number;
}

/** Everything the log says about one order, with the positions that prove it. */
export interface OrderFacts {
  readonly order: OrderTicket;
  /** Position and time of the person's `PlaceOrder`. */
  readonly placed: { readonly position: number; readonly time: number };
  status: 'placed' | 'confirmed' | 'cancelled';
  finished: { position: number; time: number } | null;
  /** Units held now (reserved − released), and the events that moved them. */
  reservedUnits: number;
  readonly stock: number[];
  /** `InventoryReleased` positions (undo steps, even when nothing was held). */
  readonly releases: number[];
  /** `PaymentCompleted` positions: more than one is a double charge. */
  readonly charges: number[];
  netCharged: number;
  readonly refunds: number[];
  readonly shipments: number[];
  /** Messages of this order, published (commands, events) — for "messages per order". */
  messages: number;
  last: { position: number; type: string };
  readonly lost: LostMessage[];
}

/**
 * Per-order facts from the log, in order of placement; one pass, pure. Money and stock count from
 * the moment a service committed them — with its outbox off that is its local record, published or
 * not: the card was charged either way. An order's outcome counts only once published: until then
 * nobody (not the customer's email, not the dashboard) can know it.
 */
export function orderFacts(log: readonly Message[]): Map<string, OrderFacts> {
  const facts = new Map<string, OrderFacts>();
  const published = new Set<string>();
  const committed = new Set<string>();
  const records: Message[] = [];
  const factsOf = (m: { data: unknown; correlationId: string }) => {
    const data = m.data as { order?: OrderTicket; orderId?: string };
    return facts.get(data.order?.orderId ?? data.orderId ?? m.correlationId);
  };
  for (const m of log) {
    if (isLocalCommit(m)) {
      records.push(m);
      for (const draft of m.data.messages) {
        const f = factsOf(draft);
        if (!f || draft.kind !== 'event') continue;
        committed.add(draft.id);
        book(f, { ...draft, position: m.position, streamVersion: 0 });
      }
      continue;
    }
    published.add(m.id);
    const order = (m.data as { order?: OrderTicket }).order;
    if (m.type === 'PlaceOrder' && order && !facts.has(order.orderId)) {
      facts.set(order.orderId, fresh(order, m));
    }
    const f = factsOf(m);
    if (!f) continue;
    f.messages++;
    f.last = { position: m.position, type: m.type };
    if (!committed.has(m.id)) book(f, m);
    settle(f, m);
  }
  for (const r of records) {
    if (!isLocalCommit(r)) continue;
    for (const draft of r.data.messages) {
      if (!published.has(draft.id))
        factsOf(draft)?.lost.push({ type: draft.type, service: r.source, record: r.position });
    }
  }
  return facts;
}

function fresh(order: OrderTicket, m: Message): OrderFacts {
  return {
    order,
    placed: { position: m.position, time: m.time },
    status: 'placed',
    finished: null,
    reservedUnits: 0,
    stock: [],
    releases: [],
    charges: [],
    netCharged: 0,
    refunds: [],
    shipments: [],
    messages: 0,
    last: { position: m.position, type: m.type },
    lost: [],
  };
}

/** Money and stock: they move when a service commits them. */
function book(f: OrderFacts, m: Message): void {
  const data = m.data as { quantity?: number; amount?: number };
  switch (m.type) {
    case 'InventoryReserved':
      f.reservedUnits += data.quantity ?? 0;
      f.stock.push(m.position);
      break;
    case 'InventoryReleased':
      f.reservedUnits -= data.quantity ?? 0;
      f.stock.push(m.position);
      f.releases.push(m.position);
      break;
    case 'PaymentCompleted':
      f.charges.push(m.position);
      f.netCharged += data.amount ?? 0;
      break;
    case 'PaymentRefunded':
      f.refunds.push(m.position);
      f.netCharged -= data.amount ?? 0;
      break;
    case 'ShipmentScheduled':
      f.shipments.push(m.position);
      break;
    default:
  }
}

/** The outcome: it counts when published. */
function settle(f: OrderFacts, m: Message): void {
  if ((m.type === 'OrderConfirmed' || m.type === 'OrderCancelled') && f.status === 'placed') {
    f.status = m.type === 'OrderConfirmed' ? 'confirmed' : 'cancelled';
    f.finished = { position: m.position, time: m.time };
  }
}

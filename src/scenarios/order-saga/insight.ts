import { isLocalCommit } from '../../engine/localCommit';
import type { Message } from '../../engine/message';
import type { ProjectionDefinition } from '../../engine/projection';
import type { SimulationSnapshot } from '../../engine/simulation';
import type { CheckView, ScenarioInsight, TransactionView } from '../scenario';
import { orderFacts } from './facts';
import { checkInvariants, INVARIANTS, isAtRest } from './invariants';
import type { OrderTicket } from './messages';
import { styleMetrics } from './metrics';
import type { OrderSagaSettings } from './settings';

/** Events that are steps of an order's saga, and the step each compensation undoes. */
const STEP_LABELS: Readonly<Record<string, string>> = {
  OrderPlaced: 'order placed',
  InventoryReserved: 'stock reserved',
  InventoryOutOfStock: 'out of stock',
  PaymentCompleted: 'payment captured',
  PaymentDeclined: 'payment declined',
  ShipmentScheduled: 'shipment scheduled',
  ShipmentFailed: 'shipment failed',
  InventoryReleased: 'stock released',
  PaymentRefunded: 'payment refunded',
  OrderConfirmed: 'order confirmed',
  OrderCancelled: 'order cancelled',
  EmailSent: 'email sent',
};
const UNDOES: Readonly<Record<string, string>> = {
  InventoryReleased: 'InventoryReserved',
  PaymentRefunded: 'PaymentCompleted',
};
const FAILURES = new Set(['InventoryOutOfStock', 'PaymentDeclined', 'ShipmentFailed']);

/** Each order's saga: its status and steps, compensations linked to the steps they undo. */
export function transactions(log: readonly Message[]): TransactionView[] {
  const byOrder = new Map<
    string,
    { style: string; steps: TransactionView['steps'][number][]; types: Message[] }
  >();
  for (const m of log) {
    if (isLocalCommit(m)) continue;
    const order = (m.data as { order?: OrderTicket }).order;
    if (m.type === 'PlaceOrder' && order)
      byOrder.set(order.orderId, { style: order.style, steps: [], types: [] });
    const entry = byOrder.get(m.correlationId);
    if (!entry || m.kind !== 'event' || !(m.type in STEP_LABELS)) continue;
    const undone = UNDOES[m.type];
    const target = undone ? [...entry.types].reverse().find((t) => t.type === undone) : undefined;
    entry.steps.push({
      label: STEP_LABELS[m.type] as string,
      position: m.position,
      ...(target ? { undoes: target.position } : {}),
    });
    entry.types.push(m);
  }
  const facts = orderFacts(log);
  return [...byOrder.entries()].map(([id, entry]) => {
    const types = new Set(entry.types.map((m) => m.type));
    const status: TransactionView['status'] = types.has('OrderConfirmed')
      ? 'Confirmed'
      : types.has('OrderCancelled')
        ? 'Cancelled'
        : [...types].some((t) => FAILURES.has(t) || t in UNDOES)
          ? 'Compensating'
          : 'Running';
    const lost = facts.get(id)?.lost ?? [];
    return {
      id,
      status,
      style: entry.style,
      steps: entry.steps,
      ...(lost.length > 0
        ? { problem: `${lost.map((l) => `${l.service} never published ${l.type}`).join('; ')} (outbox off)` }
        : {}),
    };
  });
}

/** The DESIGN.md invariants, checked on the log now; the "eventually" ones only when at rest. */
export function checks(
  log: readonly Message[],
  snapshot: SimulationSnapshot,
  settings: OrderSagaSettings,
  projections: readonly ProjectionDefinition<unknown>[],
): CheckView[] {
  const readModels = snapshot.projections.flatMap((p) => {
    const definition = projections.find((d) => d.name === p.name);
    return definition ? [{ definition, state: p.state, behind: p.behind }] : [];
  });
  const report = checkInvariants({ log, settings, atRest: isAtRest(snapshot), readModels });
  return (Object.keys(INVARIANTS) as (keyof typeof INVARIANTS)[]).map((name) => ({
    name,
    label: INVARIANTS[name],
    status: report.invariants[name],
    violations: report.violations
      .filter((v) => v.invariant === name)
      .map((v) => ({ message: v.message, positions: v.positions })),
  }));
}

/** The order saga's insight, bound to its settings and read models. */
export function orderSagaInsight(
  settings: OrderSagaSettings,
  projections: readonly ProjectionDefinition<unknown>[],
): ScenarioInsight {
  return {
    transactions,
    checks: (log, snapshot) => checks(log, snapshot, settings, projections),
    metrics: (log) => {
      const all = styleMetrics(log, {});
      return Object.fromEntries(Object.entries(all).map(([style, m]) => [style, { ...m }]));
    },
  };
}

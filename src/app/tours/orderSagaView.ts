import type { Message } from '../../engine/message';
import type { ServiceView } from '../../engine/simulation';
import { type OrderFacts, orderFacts, orderSagaScenario } from '../../scenarios/order-saga';
import type { TransactionView } from '../../scenarios/scenario';
import type { UserAction } from '../actions';
import type { CheckResult, Measure, TourView } from './types';

/** What the order-saga tours read from a view; each pass over the log is made once per log. */

const factsByLog = new WeakMap<readonly Message[], Map<string, OrderFacts>>();
const sagasByLog = new WeakMap<readonly Message[], TransactionView[]>();

/** Per-order facts (charges, stock, outcome, lost messages) of the log as shown. */
export function orders(view: TourView): Map<string, OrderFacts> {
  let facts = factsByLog.get(view.log);
  if (!facts) {
    facts = orderFacts(view.log);
    factsByLog.set(view.log, facts);
  }
  return facts;
}

/** Each order's saga as the Sagas panel shows it (status, steps, compensations). */
export function sagas(view: TourView): TransactionView[] {
  let found = sagasByLog.get(view.log);
  if (!found) {
    found = orderSagaScenario.insight?.transactions(view.log) ?? [];
    sagasByLog.set(view.log, found);
  }
  return found;
}

export function sagaOf(view: TourView, orderId: string): TransactionView | undefined {
  return sagas(view).find((s) => s.id === orderId);
}

export function service(view: TourView, name: string): ServiceView | undefined {
  return view.snapshot.sim.services.find((s) => s.name === name);
}

export const finished = (saga: TransactionView | undefined): boolean =>
  saga?.status === 'Confirmed' || saga?.status === 'Cancelled';

/** The messages of one order (its correlation id), published ones only. */
export function messagesOf(view: TourView, orderId: string): Message[] {
  return view.log.filter((m) => m.correlationId === orderId && !m.type.startsWith('$'));
}

/** Commands one service sent to another for this order (not the person's PlaceOrder, not timers). */
export function commandsBetweenServices(view: TourView, orderId: string): Message[] {
  return messagesOf(view, orderId).filter(
    (m) => m.kind === 'command' && m.source !== 'user' && m.type !== 'WakeSaga',
  );
}

export function measure(label: string, expected: string | number | null, actual: string | number): Measure {
  return { label, expected: expected === null ? null : String(expected), actual: String(actual) };
}

export function result(happened: boolean, ...measures: Measure[]): CheckResult {
  return { happened, measures };
}

export const placeOrders = (n: number, options?: { fail: 'decline' | 'outOfStock' }): UserAction[] =>
  Array.from({ length: n }, () => (options ? { type: 'order.placed', options } : { type: 'order.placed' }));

/** Order ids in the order they were placed. */
export function placedOrders(view: TourView): string[] {
  return [...orders(view).keys()];
}

/** How many of the orders placed so far have finished (Confirmed or Cancelled). */
export function finishedOrders(view: TourView): { readonly done: number; readonly placed: number } {
  const placed = placedOrders(view);
  return { placed: placed.length, done: placed.filter((id) => finished(sagaOf(view, id))).length };
}

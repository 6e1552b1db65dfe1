import { InvalidMessageError } from '../../../engine/errors';
import type { Message } from '../../../engine/message';
import type { Outgoing, ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type OrderSagaMessage, type OrderTicket, read, STYLES } from '../messages';
import { orderPlacedV1 } from '../schema';
import { ORDER, type OrderSagaSettings, PROCESSING_TIME, requestKey, streams } from '../settings';

export type OrderStatus = 'placed' | 'confirmed' | 'cancelled';
export interface OrderState {
  /** Changed in place by `evolve` (O(1) per event); `copyState` copies it in O(1) (table.ts). */
  readonly orders: Table<OrderStatus>;
  /** Orders per status, kept beside the table so the graph's summary never walks every order. */
  readonly counts: Record<OrderStatus, number>;
}

const handles = [
  'PlaceOrder',
  'ConfirmOrder',
  'CancelOrder',
  'ShipmentScheduled',
  'PaymentDeclined',
  'ShipmentFailed',
  'InventoryOutOfStock',
] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;

/**
 * The Order service owns each order's life: placed, then confirmed or cancelled, once. In
 * choreography it hears how the other services did; in orchestration it is told. With
 * `settings.legacyOrders`, its first orders are placed by the old version, which writes
 * `OrderPlaced` v1 (schema.ts); it folds them as every reader does, upcast to v2.
 */
export function orderServiceFor(settings: OrderSagaSettings): ServiceDefinition<OrderState> {
  const legacy = settings.legacyOrders ?? 0;
  return {
    ...orderService,
    decide(state, message, context) {
      const m = read(message) as Handled;
      if (m.type !== 'PlaceOrder' || legacy === 0 || state.orders.size >= legacy) {
        return orderService.decide(state, message, context);
      }
      const order = checkTicket(m.data.order, message);
      if (state.orders.has(order.orderId)) return [];
      const data = orderPlacedV1(order);
      return [{ type: 'OrderPlaced', subject: streams.order(order.orderId), data, schemaVersion: 1 }];
    },
  };
}

export const orderService: ServiceDefinition<OrderState> = {
  name: ORDER,
  handles,
  processingTime: PROCESSING_TIME[ORDER],
  idempotencyKey: requestKey,
  initialState: () => ({ orders: Table.empty(), counts: { placed: 0, confirmed: 0, cancelled: 0 } }),
  decide(state, message) {
    const m = read(message) as Handled;
    const choreographed = (order: OrderTicket) => order.style === 'choreography';
    switch (m.type) {
      case 'PlaceOrder': {
        const order = checkTicket(m.data.order, message);
        return state.orders.has(order.orderId) ? [] : [event('OrderPlaced', order, {})];
      }
      case 'ConfirmOrder':
        return settle(state, m.data.order, 'OrderConfirmed', {});
      case 'CancelOrder':
        return settle(state, m.data.order, 'OrderCancelled', { reason: m.data.reason });
      case 'ShipmentScheduled':
        return choreographed(m.data.order) ? settle(state, m.data.order, 'OrderConfirmed', {}) : [];
      case 'PaymentDeclined':
      case 'ShipmentFailed':
      case 'InventoryOutOfStock': {
        const reason = cancelReasons[m.type];
        return choreographed(m.data.order) ? settle(state, m.data.order, 'OrderCancelled', { reason }) : [];
      }
      default:
        return assertNever(m);
    }
  },
  evolve(state, event) {
    const { order } = event.data as { order: OrderTicket };
    const status: OrderStatus | null =
      event.type === 'OrderPlaced'
        ? 'placed'
        : event.type === 'OrderConfirmed'
          ? 'confirmed'
          : event.type === 'OrderCancelled'
            ? 'cancelled'
            : null;
    const before = state.orders.get(order.orderId);
    if (!status || status === before) return state;
    if (before) state.counts[before]--;
    state.counts[status]++;
    state.orders.set(order.orderId, status);
    return state;
  },
  copyState: (state) => ({ orders: state.orders.copy(), counts: { ...state.counts } }),
  reviveState: (saved) => {
    const { orders, counts } = saved as Partial<OrderState>;
    const table = Table.revive<OrderStatus>(orders);
    if (counts) return { orders: table, counts: { ...counts } };
    const counted = { placed: 0, confirmed: 0, cancelled: 0 }; // saved before counts were kept
    for (const status of table.values()) counted[status]++;
    return { orders: table, counts: counted };
  },
};

const cancelReasons = {
  PaymentDeclined: 'payment declined',
  ShipmentFailed: 'shipment failed',
  InventoryOutOfStock: 'out of stock',
} as const;

/** An order ends once: confirming or cancelling a settled (or unknown) order decides nothing. */
function settle(state: OrderState, order: OrderTicket, type: string, extra: object): Outgoing[] {
  return state.orders.get(order.orderId) === 'placed' ? [event(type, order, extra)] : [];
}

function event(type: string, order: OrderTicket, extra: object): Outgoing {
  return { type, subject: streams.order(order.orderId), data: { order, ...extra } };
}

/** `PlaceOrder` comes from outside (a person, the UI): refuse a malformed one as poison. */
function checkTicket(order: OrderTicket | undefined, message: Message): OrderTicket {
  const problem =
    !order || typeof order !== 'object'
      ? 'it has no order'
      : !/^order-\d+$/.test(String(order.orderId))
        ? 'orderId must look like "order-17"'
        : !STYLES.includes(order.style)
          ? 'style must be choreography or orchestration'
          : !(Number.isInteger(order.quantity) && order.quantity > 0)
            ? 'quantity must be a whole number above 0'
            : !(Number.isFinite(order.amount) && order.amount >= 0)
              ? 'amount must be a number ≥ 0'
              : typeof order.sku !== 'string' || typeof order.forceDecline !== 'boolean'
                ? 'sku must be a string and forceDecline a boolean'
                : null;
  if (problem) throw new InvalidMessageError(`PlaceOrder: ${problem}`, message.id);
  return order as OrderTicket;
}

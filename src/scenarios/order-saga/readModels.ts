import type { ProjectionDefinition } from '../../engine/projection';
import { Table } from '../../engine/table';
import {
  type OrderSagaEvent,
  type OrderTicket,
  PARTICIPANT_EVENTS,
  type SagaStepData,
  type Style,
} from './messages';
import type { SagaStatus } from './saga/sagaRecord';
import type { OrderSagaSettings } from './settings';

/** One row of the orders dashboard. */
export interface OrderRow {
  readonly orderId: string;
  readonly style: Style;
  readonly sku: string;
  readonly quantity: number;
  readonly amount: number;
  readonly status: SagaStatus;
  readonly reason: string | null;
  readonly placedAt: number;
  readonly finishedAt: number | null;
  /** The last fact heard about the order. */
  readonly last: string;
}
/** Row per order. Changed in place by `evolve` (a row is replaced, never changed); copied in O(1). */
export type OrdersDashboard = Table<OrderRow>;

const failures: Readonly<Record<string, string>> = {
  InventoryOutOfStock: 'out of stock',
  PaymentDeclined: 'payment declined',
  ShipmentFailed: 'shipment failed',
};

/** Status per order, as the published events tell it (a lost event leaves its row stale, as it should). */
export const ordersDashboard: ProjectionDefinition<OrdersDashboard> = {
  name: 'orders',
  handles: ['OrderPlaced', ...PARTICIPANT_EVENTS, 'SagaStepRecorded'],
  initialState: () => Table.empty(),
  copyState: (state) => state.copy(),
  reviveState: (saved) => Table.revive(saved),
  evolve(state, message) {
    if (message.type === 'SagaStepRecorded') {
      const { orderId, status } = message.data as SagaStepData;
      const row = state.get(orderId);
      if (row && status === 'Compensating' && row.status === 'Running')
        state.set(orderId, { ...row, status });
      return state;
    }
    const { order, reason } = message.data as { order: OrderTicket; reason?: string };
    const type = message.type as OrderSagaEvent['type'];
    const row: OrderRow = state.get(order.orderId) ?? {
      ...order,
      status: 'Running',
      reason: null,
      placedAt: message.time,
      finishedAt: null,
      last: type,
    };
    const failure = failures[type];
    const next: OrderRow =
      type === 'OrderConfirmed'
        ? { ...row, status: 'Confirmed', finishedAt: message.time }
        : type === 'OrderCancelled'
          ? { ...row, status: 'Cancelled', reason: reason ?? row.reason, finishedAt: message.time }
          : failure && row.finishedAt === null
            ? { ...row, status: 'Compensating', reason: failure }
            : row;
    state.set(order.orderId, { ...next, last: type });
    return state;
  },
};

export interface StockLevel {
  readonly available: number;
  readonly reserved: number;
  readonly shipped: number;
}

/** Stock per SKU: on hand, held for open orders, gone out with a shipment. */
export function stockLevels(settings: OrderSagaSettings): ProjectionDefinition<Record<string, StockLevel>> {
  return {
    name: 'stock',
    handles: ['InventoryReserved', 'InventoryReleased', 'ShipmentScheduled'],
    initialState: () =>
      Object.fromEntries(
        Object.entries(settings.initialStock).map(([sku, n]) => [
          sku,
          { available: n, reserved: 0, shipped: 0 },
        ]),
      ),
    copyState: (state) => ({ ...state }),
    evolve(state, message) {
      const { order, quantity } = message.data as { order: OrderTicket; quantity: number };
      const line = state[order.sku] ?? { available: 0, reserved: 0, shipped: 0 };
      const next =
        message.type === 'InventoryReserved'
          ? { ...line, available: line.available - quantity, reserved: line.reserved + quantity }
          : message.type === 'InventoryReleased'
            ? { ...line, available: line.available + quantity, reserved: line.reserved - quantity }
            : { ...line, reserved: line.reserved - order.quantity, shipped: line.shipped + order.quantity };
      state[order.sku] = next; // in place (a line is replaced, never changed)
      return state;
    },
  };
}

export interface Revenue {
  readonly captured: number;
  readonly refunded: number;
  readonly net: number;
  readonly byStyle: Readonly<Record<Style, number>>;
}

/** Money in and out, per coordination style. */
export const revenue: ProjectionDefinition<Revenue> = {
  name: 'revenue',
  handles: ['PaymentCompleted', 'PaymentRefunded'],
  initialState: () => ({ captured: 0, refunded: 0, net: 0, byStyle: { choreography: 0, orchestration: 0 } }),
  evolve(state, message) {
    const { order, amount } = message.data as { order: OrderTicket; amount: number };
    const sign = message.type === 'PaymentCompleted' ? 1 : -1;
    return {
      captured: state.captured + (sign > 0 ? amount : 0),
      refunded: state.refunded + (sign < 0 ? amount : 0),
      net: state.net + sign * amount,
      byStyle: { ...state.byStyle, [order.style]: state.byStyle[order.style] + sign * amount },
    };
  },
};

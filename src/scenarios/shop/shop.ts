import type { Catalog } from '../../engine/catalog';
import type { ProjectionDefinition } from '../../engine/projection';
import type { ServiceDefinition } from '../../engine/service';

/**
 * The smallest scenario: a command becomes an event, the event fans out, a service sends a command
 * on. The engine's own tests use it as their fixture, so keep its behaviour stable.
 */
export const shopCatalog = {
  PlaceOrder: { kind: 'command' },
  OrderPlaced: { kind: 'event' },
  PaymentCompleted: { kind: 'event' },
  SendReceipt: { kind: 'command' },
  ReceiptSent: { kind: 'event' },
  Audited: { kind: 'event' },
} as const satisfies Catalog;

export interface OrdersState {
  readonly placed: number;
}

export const orders: ServiceDefinition<OrdersState> = {
  name: 'Orders',
  handles: ['PlaceOrder'],
  initialState: () => ({ placed: 0 }),
  decide: (_state, message) => [{ type: 'OrderPlaced', subject: message.subject, data: message.data }],
  evolve: (state) => ({ placed: state.placed + 1 }),
};

export interface PaymentsState {
  /** Times each order was charged: more than one is the bug idempotent consumers prevent. */
  readonly charges: Record<string, number>;
}

export const payments: ServiceDefinition<PaymentsState> = {
  name: 'Payments',
  handles: ['OrderPlaced'],
  initialState: () => ({ charges: {} }),
  decide: (_state, message, { effects, now }) => {
    const receipt = effects.perform(
      'charge',
      `charge:${message.id}`,
      message.data,
      now,
      () => `rcpt-${message.id}`,
    );
    return [
      { type: 'PaymentCompleted', subject: message.subject, data: { receipt } },
      { type: 'SendReceipt', subject: message.subject, data: { receipt } },
    ];
  },
  // In place (O(1) per event): the runtime copies the table only after handing the state out.
  evolve: (state, event) => {
    state.charges[event.subject] = (state.charges[event.subject] ?? 0) + 1;
    return state;
  },
  copyState: (state) => ({ charges: { ...state.charges } }),
};

export const mailer: ServiceDefinition<{ sent: number }> = {
  name: 'Mailer',
  handles: ['SendReceipt'],
  initialState: () => ({ sent: 0 }),
  decide: (_state, message) => [{ type: 'ReceiptSent', subject: message.subject, data: {} }],
  evolve: (state) => ({ sent: state.sent + 1 }),
};

/** Status per order: placed, then paid. */
export const ordersByStatus: ProjectionDefinition<Record<string, string>> = {
  name: 'orders',
  handles: ['OrderPlaced', 'PaymentCompleted'],
  initialState: () => ({}),
  evolve: (state, m) => {
    state[m.subject] = m.type === 'OrderPlaced' ? 'placed' : 'paid';
    return state;
  },
  copyState: (state) => ({ ...state }),
};

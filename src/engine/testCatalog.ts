import type { Catalog } from './catalog';
import type { ServiceDefinition } from './service';

/**
 * A tiny shop used by the engine's own tests: enough to exercise the broker, the service runtime
 * and read models without depending on a scenario (scenarios depend on the engine, not back).
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
  readonly charges: Readonly<Record<string, number>>;
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
  evolve: (state, event) => ({
    charges: { ...state.charges, [event.subject]: (state.charges[event.subject] ?? 0) + 1 },
  }),
};

export const mailer: ServiceDefinition<{ sent: number }> = {
  name: 'Mailer',
  handles: ['SendReceipt'],
  initialState: () => ({ sent: 0 }),
  decide: (_state, message) => [{ type: 'ReceiptSent', subject: message.subject, data: {} }],
  evolve: (state) => ({ sent: state.sent + 1 }),
};

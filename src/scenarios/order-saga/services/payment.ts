import type { Message } from '../../../engine/message';
import type { Outgoing, ServiceContext, ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type OrderSagaMessage, type OrderTicket, read } from '../messages';
import { type OrderSagaSettings, PAYMENT, PROCESSING_TIME, requestKey, streams } from '../settings';

export interface PaymentLine {
  /** Successful charges: more than one is the "charged twice" bug. */
  readonly charges: number;
  readonly captured: number;
  readonly refunded: number;
  readonly declined: boolean;
}
export interface PaymentState {
  /** Changed in place by `evolve` (a line is replaced, never changed); copied in O(1) (table.ts). */
  readonly payments: Table<PaymentLine>;
  /** Sums over every line, kept beside the table so the graph's summary never walks it. */
  readonly totals: { charges: number; net: number };
}

const handles = ['ChargePayment', 'RefundPayment', 'InventoryReserved', 'ShipmentFailed'] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;
const none: PaymentLine = { charges: 0, captured: 0, refunded: 0, declined: false };

/**
 * Charges and refunds, one payment per order. Charging is naive on purpose: every delivery of a
 * charge charges, so only the idempotent consumer stands between a duplicate and a second charge
 * (DESIGN.md: turn it off and watch a customer get charged twice). The card itself is reached
 * through the effect gateway, keyed by the delivering message.
 */
export function paymentService(settings: OrderSagaSettings): ServiceDefinition<PaymentState> {
  return {
    name: PAYMENT,
    handles,
    processingTime: PROCESSING_TIME[PAYMENT],
    idempotencyKey: requestKey,
    initialState: () => ({ payments: Table.empty(), totals: { charges: 0, net: 0 } }),
    decide(state, message, context) {
      const m = read(message) as Handled;
      switch (m.type) {
        case 'ChargePayment':
          return charge(m.data.order, message, context, settings);
        case 'InventoryReserved':
          return m.data.order.style === 'choreography'
            ? charge(m.data.order, message, context, settings)
            : [];
        case 'RefundPayment':
          return refund(state, m.data.order, true);
        case 'ShipmentFailed':
          return m.data.order.style === 'choreography' ? refund(state, m.data.order, false) : [];
        default:
          return assertNever(m);
      }
    },
    evolve(state, event) {
      const { order, amount } = event.data as { order: OrderTicket; amount: number };
      const line = state.payments.get(order.orderId) ?? none;
      const next: PaymentLine | null =
        event.type === 'PaymentCompleted'
          ? { ...line, charges: line.charges + 1, captured: line.captured + amount }
          : event.type === 'PaymentRefunded'
            ? { ...line, refunded: line.refunded + amount }
            : event.type === 'PaymentDeclined'
              ? { ...line, declined: true }
              : null;
      if (!next) return state;
      state.totals.charges += next.charges - line.charges;
      state.totals.net += next.captured - next.refunded - (line.captured - line.refunded);
      state.payments.set(order.orderId, next);
      return state;
    },
    copyState: (state) => ({ payments: state.payments.copy(), totals: { ...state.totals } }),
    reviveState: (saved) => {
      const { payments, totals } = saved as Partial<PaymentState>;
      const table = Table.revive<PaymentLine>(payments);
      if (totals) return { payments: table, totals: { ...totals } };
      const summed = { charges: 0, net: 0 }; // saved before totals were kept
      for (const p of table.values()) {
        summed.charges += p.charges;
        summed.net += p.captured - p.refunded;
      }
      return { payments: table, totals: summed };
    },
  };
}

function charge(
  order: OrderTicket,
  message: Message,
  context: ServiceContext,
  settings: OrderSagaSettings,
): Outgoing[] {
  const subject = streams.payment(order.orderId);
  if (order.forceDecline || context.random.chance(settings.declineRate)) {
    const reason = order.forceDecline ? 'declined on request' : 'card declined';
    return [{ type: 'PaymentDeclined', subject, data: { order, reason } }];
  }
  const chargeId = context.effects.perform(
    'charge',
    `charge:${message.id}`,
    { orderId: order.orderId, amount: order.amount },
    context.now,
    () => `ch-${message.id.slice(0, 8)}`,
  );
  return [{ type: 'PaymentCompleted', subject, data: { order, amount: order.amount, chargeId } }];
}

/** Refunds what is captured and not yet refunded. Told to, it always answers, even with 0. */
function refund(state: PaymentState, order: OrderTicket, told: boolean): Outgoing[] {
  const line = state.payments.get(order.orderId) ?? none;
  const amount = line.captured - line.refunded;
  if (amount <= 0 && !told) return [];
  return [{ type: 'PaymentRefunded', subject: streams.payment(order.orderId), data: { order, amount } }];
}

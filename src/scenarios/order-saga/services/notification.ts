import type { ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type EmailTemplate, type OrderSagaMessage, type OrderTicket, read } from '../messages';
import { NOTIFICATION, PROCESSING_TIME, requestKey, streams } from '../settings';

export interface NotificationState {
  /** Emails per order; changed in place by `evolve`, copied in O(1) (table.ts). */
  readonly sent: Table<number>;
  /** Emails over every order, kept beside the table so the graph's summary never walks it. */
  total: number;
}

const handles = ['SendEmail', 'OrderConfirmed', 'OrderCancelled'] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;

/** Tells the customer how the order ended, through the effect gateway (replays send nothing). */
export const notificationService: ServiceDefinition<NotificationState> = {
  name: NOTIFICATION,
  handles,
  processingTime: PROCESSING_TIME[NOTIFICATION],
  idempotencyKey: requestKey,
  initialState: () => ({ sent: Table.empty(), total: 0 }),
  decide(_state, message, context) {
    const m = read(message) as Handled;
    let order: OrderTicket;
    let template: EmailTemplate;
    switch (m.type) {
      case 'SendEmail':
        ({ order, template } = m.data);
        break;
      case 'OrderConfirmed':
      case 'OrderCancelled':
        if (m.data.order.style !== 'choreography') return [];
        order = m.data.order;
        template = m.type === 'OrderConfirmed' ? 'confirmed' : 'cancelled';
        break;
      default:
        return assertNever(m);
    }
    context.effects.perform(
      'email',
      `email:${message.id}`,
      { to: order.orderId, template },
      context.now,
      () => 'delivered',
    );
    return [{ type: 'EmailSent', subject: streams.email(order.orderId), data: { order, template } }];
  },
  evolve(state, event) {
    const { order } = event.data as { order: OrderTicket };
    state.sent.set(order.orderId, (state.sent.get(order.orderId) ?? 0) + 1); // in place: O(1)
    state.total++;
    return state;
  },
  copyState: (state) => ({ sent: state.sent.copy(), total: state.total }),
  reviveState: (saved) => {
    const { sent, total } = saved as Partial<NotificationState>;
    const table = Table.revive<number>(sent);
    // Saved before the total was kept: sum it once.
    return { sent: table, total: total ?? [...table.values()].reduce((a, b) => a + b, 0) };
  },
};

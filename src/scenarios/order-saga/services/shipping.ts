import type { Outgoing, ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type OrderSagaMessage, type OrderTicket, read } from '../messages';
import { type OrderSagaSettings, PROCESSING_TIME, requestKey, SHIPPING, streams } from '../settings';

export interface ShippingState {
  /** Shipments booked per order; changed in place by `evolve`, copied in O(1) (table.ts). */
  readonly booked: Table<number>;
}

const handles = ['ScheduleShipment', 'PaymentCompleted'] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;

/** Books a shipment once paid; sometimes no courier can take it (its failure rate). */
export function shippingService(settings: OrderSagaSettings): ServiceDefinition<ShippingState> {
  return {
    name: SHIPPING,
    handles,
    processingTime: PROCESSING_TIME[SHIPPING],
    idempotencyKey: requestKey,
    initialState: () => ({ booked: Table.empty() }),
    decide(_state, message, context) {
      const m = read(message) as Handled;
      let order: OrderTicket;
      switch (m.type) {
        case 'ScheduleShipment':
          order = m.data.order;
          break;
        case 'PaymentCompleted':
          if (m.data.order.style !== 'choreography') return [];
          order = m.data.order;
          break;
        default:
          return assertNever(m);
      }
      const subject = streams.shipment(order.orderId);
      const out: Outgoing = context.random.chance(settings.shipmentFailureRate)
        ? { type: 'ShipmentFailed', subject, data: { order, reason: 'no courier available' } }
        : {
            type: 'ShipmentScheduled',
            subject,
            data: { order, trackingId: `trk-${message.id.slice(0, 8)}` },
          };
      return [out];
    },
    evolve(state, event) {
      if (event.type !== 'ShipmentScheduled') return state;
      const { order } = event.data as { order: OrderTicket };
      state.booked.set(order.orderId, (state.booked.get(order.orderId) ?? 0) + 1); // in place: O(1)
      return state;
    },
    copyState: (state) => ({ booked: state.booked.copy() }),
    reviveState: (saved) => ({ booked: Table.revive((saved as ShippingState).booked) }),
  };
}

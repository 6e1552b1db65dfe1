import type { Catalog } from '../../engine/catalog';
import type { Message } from '../../engine/message';
import { upcast } from '../../engine/upcasting';
import { upcastOrderPlacedV1 } from './schema';
import { orderSagaSchemas } from './schemas';

/**
 * The order saga's messages (DESIGN.md, "Order saga"). Events are facts in the past tense that any
 * number of services may hear; commands are imperative and go to exactly one handler. The saga's
 * commands are only sent in orchestration; `PlaceOrder` is a person's action; `WakeSaga` is the
 * orchestrator's timer to itself; `SagaStarted` / `SagaStepRecorded` are its own event-sourced state.
 */
export const orderSagaCatalog = {
  PlaceOrder: { kind: 'command', description: 'A person places an order (to the Order service).' },
  ReserveInventory: { kind: 'command', description: 'Hold stock for an order.' },
  ReleaseInventory: { kind: 'command', description: 'Give back the stock held for an order.' },
  ChargePayment: { kind: 'command', description: 'Charge the customer for an order.' },
  RefundPayment: { kind: 'command', description: 'Give back what was charged for an order.' },
  ScheduleShipment: { kind: 'command', description: 'Book a shipment for an order.' },
  ConfirmOrder: { kind: 'command', description: 'Mark an order confirmed.' },
  CancelOrder: { kind: 'command', description: 'Mark an order cancelled.' },
  SendEmail: { kind: 'command', description: 'Tell the customer how their order ended.' },
  WakeSaga: { kind: 'command', description: 'The orchestrator’s timer: a saga waited long enough.' },

  OrderPlaced: {
    kind: 'event',
    description: 'An order exists, in the style it started in.',
    // v1 carried the order flat (qty, unit price); see schema.ts.
    schemaVersion: 2,
    upcasters: { 1: upcastOrderPlacedV1 },
    schema: orderSagaSchemas.OrderPlaced,
  },
  InventoryReserved: {
    kind: 'event',
    description: 'Stock is held for the order.',
    schema: orderSagaSchemas.InventoryReserved,
  },
  InventoryOutOfStock: {
    kind: 'event',
    description: 'Not enough stock to hold for the order.',
    schema: orderSagaSchemas.InventoryOutOfStock,
  },
  InventoryReleased: {
    kind: 'event',
    description: 'Stock held for the order is available again.',
    schema: orderSagaSchemas.InventoryReleased,
  },
  PaymentCompleted: {
    kind: 'event',
    description: 'The customer was charged.',
    schema: orderSagaSchemas.PaymentCompleted,
  },
  PaymentDeclined: {
    kind: 'event',
    description: 'The charge was refused.',
    schema: orderSagaSchemas.PaymentDeclined,
  },
  PaymentRefunded: {
    kind: 'event',
    description: 'What was charged was given back.',
    schema: orderSagaSchemas.PaymentRefunded,
  },
  ShipmentScheduled: {
    kind: 'event',
    description: 'A shipment is booked.',
    schema: orderSagaSchemas.ShipmentScheduled,
  },
  ShipmentFailed: {
    kind: 'event',
    description: 'No shipment could be booked.',
    schema: orderSagaSchemas.ShipmentFailed,
  },
  OrderConfirmed: {
    kind: 'event',
    description: 'The order went through.',
    schema: orderSagaSchemas.OrderConfirmed,
  },
  OrderCancelled: {
    kind: 'event',
    description: 'The order did not go through.',
    schema: orderSagaSchemas.OrderCancelled,
  },
  EmailSent: { kind: 'event', description: 'The customer was told.', schema: orderSagaSchemas.EmailSent },
  SagaStarted: { kind: 'event', description: 'The orchestrator began an order’s saga.' },
  SagaStepRecorded: { kind: 'event', description: 'An order’s saga moved on (its statechart snapshot).' },
} as const satisfies Catalog;

export type OrderSagaType = keyof typeof orderSagaCatalog;

/**
 * A logged message as today's code reads it, through every upcaster the catalog declares: how
 * analysis of the whole log (facts, invariants, fresh folds) reads old events. The run's switch
 * (`Simulation.setUpcaster`) only concerns its consumers.
 */
export function readCurrent(message: Message): Message {
  return upcast(orderSagaCatalog, message);
}

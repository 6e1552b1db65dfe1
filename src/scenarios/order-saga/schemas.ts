import type { JsonSchema } from '../../engine/schemaRegistry';

/**
 * The JSON Schemas of the order saga's events as their producers write them today (messages.ts
 * has the same shapes as types): a producer that publishes anything else is refused before it is
 * logged. Open objects: a newer field is allowed, a missing or mistyped one is not.
 */
const ticket: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    style: { type: 'string', enum: ['choreography', 'orchestration'] },
    sku: { type: 'string' },
    quantity: { type: 'integer' },
    amount: { type: 'number' },
    forceDecline: { type: 'boolean' },
  },
  required: ['orderId', 'style', 'sku', 'quantity', 'amount'],
};

const withOrder = (fields: Readonly<Record<string, JsonSchema>> = {}): JsonSchema => ({
  type: 'object',
  properties: { order: ticket, ...fields },
  required: ['order', ...Object.keys(fields)],
});

export const orderSagaSchemas = {
  OrderPlaced: withOrder(),
  InventoryReserved: withOrder({ quantity: { type: 'integer' } }),
  InventoryOutOfStock: withOrder({ available: { type: 'integer' } }),
  InventoryReleased: withOrder({ quantity: { type: 'integer' } }),
  PaymentCompleted: withOrder({ amount: { type: 'number' }, chargeId: { type: 'string' } }),
  PaymentDeclined: withOrder({ reason: { type: 'string' } }),
  PaymentRefunded: withOrder({ amount: { type: 'number' } }),
  ShipmentScheduled: withOrder({ trackingId: { type: 'string' } }),
  ShipmentFailed: withOrder({ reason: { type: 'string' } }),
  OrderConfirmed: withOrder(),
  OrderCancelled: withOrder({ reason: { type: 'string' } }),
  EmailSent: withOrder({ template: { type: 'string' } }),
} as const satisfies Readonly<Record<string, JsonSchema>>;

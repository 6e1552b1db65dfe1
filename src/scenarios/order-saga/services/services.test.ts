import { describe, expect, it } from 'vitest';
import { given } from '../../../engine/testing';
import { certain, msg, ticket } from '../testFixtures';
import { inventoryService } from './inventory';
import { notificationService } from './notification';
import { orderService } from './order';
import { paymentService } from './payment';
import { shippingService } from './shipping';

const choreo = ticket('choreography');
const orch = ticket('orchestration');
const request = (order = orch, step = 'X') => ({ order, requestId: `${order.orderId}/${step}` });

describe('Order service', () => {
  it('places an order once, in the style it was placed in', () => {
    given(orderService)
      .when(msg('PlaceOrder', { order: choreo }, { kind: 'command' }))
      .thenSends([{ type: 'OrderPlaced', subject: 'order-1', data: { order: choreo } }]);
    given(orderService, [msg('OrderPlaced', { order: choreo })])
      .when(msg('PlaceOrder', { order: choreo }))
      .thenSends([]);
  });

  it('refuses a malformed order as poison', () => {
    given(orderService)
      .when(msg('PlaceOrder', { order: { ...choreo, quantity: 0 } }))
      .thenThrows(/quantity must be a whole number/);
  });

  it('in choreography, confirms on ShipmentScheduled and cancels on a failure it hears of', () => {
    const placed = [msg('OrderPlaced', { order: choreo })];
    given(orderService, placed)
      .when(msg('ShipmentScheduled', { order: choreo, trackingId: 't' }))
      .thenSends([{ type: 'OrderConfirmed', data: { order: choreo } }]);
    given(orderService, placed)
      .when(msg('PaymentDeclined', { order: choreo, reason: 'card declined' }))
      .thenSends([{ type: 'OrderCancelled', data: { order: choreo, reason: 'payment declined' } }]);
    given(orderService, placed)
      .when(msg('InventoryOutOfStock', { order: choreo, available: 0 }))
      .thenSends([{ type: 'OrderCancelled', data: { order: choreo, reason: 'out of stock' } }]);
  });

  it('in orchestration, ignores what it hears and does what it is told', () => {
    const placed = [msg('OrderPlaced', { order: orch })];
    given(orderService, placed)
      .when(msg('ShipmentScheduled', { order: orch, trackingId: 't' }))
      .thenSends([]);
    given(orderService, placed)
      .when(msg('CancelOrder', { ...request(), reason: 'shipment failed' }))
      .thenSends([{ type: 'OrderCancelled', data: { order: orch, reason: 'shipment failed' } }]);
  });

  it('ends an order only once', () => {
    given(orderService, [msg('OrderPlaced', { order: orch }), msg('OrderConfirmed', { order: orch })])
      .when(msg('CancelOrder', { ...request(), reason: 'late' }))
      .thenSends([]);
  });
});

describe('Inventory service', () => {
  const inventory = inventoryService(certain);

  it('reserves when told to, and when it hears of a choreographed order', () => {
    given(inventory)
      .when(msg('ReserveInventory', request()))
      .thenSends([
        { type: 'InventoryReserved', subject: 'inventory-SKU-RED', data: { order: orch, quantity: 2 } },
      ]);
    given(inventory)
      .when(msg('OrderPlaced', { order: choreo }))
      .thenSends([{ type: 'InventoryReserved', data: { order: choreo, quantity: 2 } }]);
    given(inventory)
      .when(msg('OrderPlaced', { order: orch }))
      .thenSends([]);
  });

  it('says out of stock when there is not enough', () => {
    const big = ticket('choreography', { quantity: 301 });
    given(inventory)
      .when(msg('OrderPlaced', { order: big }))
      .thenSends([{ type: 'InventoryOutOfStock', data: { order: big, available: 300 } }]);
  });

  it('releases what the order holds; told to, it answers even when that is nothing', () => {
    const held = [msg('InventoryReserved', { order: choreo, quantity: 2 })];
    given(inventory, held)
      .when(msg('PaymentDeclined', { order: choreo, reason: 'card declined' }))
      .thenSends([{ type: 'InventoryReleased', data: { order: choreo, quantity: 2 } }]);
    given(inventory)
      .when(msg('ShipmentFailed', { order: choreo, reason: 'x' }))
      .thenSends([]);
    given(inventory)
      .when(msg('ReleaseInventory', request()))
      .thenSends([{ type: 'InventoryReleased', data: { order: orch, quantity: 0 } }]);
  });

  it('reads a state saved with held stock as a record (JSON, runs saved before tables)', () => {
    const saved = { skus: { 'SKU-RED': { available: 8, held: { 'order-1': 2 } } } };
    const state = inventory.reviveState?.(saved);
    expect(state?.skus['SKU-RED']?.available).toBe(8);
    expect(state?.skus['SKU-RED']?.held.get('order-1')).toBe(2);
    expect(JSON.parse(JSON.stringify(state))).toEqual(saved);
  });
});

describe('Payment service', () => {
  const payment = paymentService(certain);

  it('charges when told to, and when it hears stock was reserved for a choreographed order', () => {
    const [charged] = given(payment)
      .when(msg('ChargePayment', request()))
      .thenSends([{ type: 'PaymentCompleted', subject: 'payment-order-1' }]);
    expect(charged?.data).toMatchObject({ order: orch, amount: 40, chargeId: expect.stringMatching(/^ch-/) });
    given(payment)
      .when(msg('InventoryReserved', { order: choreo, quantity: 2 }))
      .thenSends([{ type: 'PaymentCompleted' }]);
    given(payment)
      .when(msg('InventoryReserved', { order: orch, quantity: 2 }))
      .thenSends([]);
  });

  it('declines on request, or by its decline rate', () => {
    const declined = ticket('choreography', { forceDecline: true });
    given(payment)
      .when(msg('InventoryReserved', { order: declined, quantity: 2 }))
      .thenSends([{ type: 'PaymentDeclined', data: { order: declined, reason: 'declined on request' } }]);
    given(paymentService({ ...certain, declineRate: 1 }))
      .when(msg('ChargePayment', request()))
      .thenSends([{ type: 'PaymentDeclined', data: { order: orch, reason: 'card declined' } }]);
  });

  it('charges again for a second delivery: only the idempotent consumer stands in the way', () => {
    given(payment, [msg('PaymentCompleted', { order: orch, amount: 40, chargeId: 'c' })])
      .when(msg('ChargePayment', request()))
      .thenSends([{ type: 'PaymentCompleted' }]);
  });

  it('refunds what is captured; told to, it answers even with nothing to refund', () => {
    given(payment, [msg('PaymentCompleted', { order: choreo, amount: 40, chargeId: 'c' })])
      .when(msg('ShipmentFailed', { order: choreo, reason: 'x' }))
      .thenSends([{ type: 'PaymentRefunded', data: { order: choreo, amount: 40 } }]);
    given(payment)
      .when(msg('ShipmentFailed', { order: choreo, reason: 'x' }))
      .thenSends([]);
    given(payment)
      .when(msg('RefundPayment', request()))
      .thenSends([{ type: 'PaymentRefunded', data: { order: orch, amount: 0 } }]);
  });
});

describe('Shipping service', () => {
  it('books a shipment once paid, or fails by its failure rate', () => {
    given(shippingService(certain))
      .when(msg('PaymentCompleted', { order: choreo, amount: 40, chargeId: 'c' }))
      .thenSends([{ type: 'ShipmentScheduled', subject: 'shipment-order-1' }]);
    given(shippingService(certain))
      .when(msg('PaymentCompleted', { order: orch, amount: 40, chargeId: 'c' }))
      .thenSends([]);
    given(shippingService({ ...certain, shipmentFailureRate: 1 }))
      .when(msg('ScheduleShipment', request()))
      .thenSends([{ type: 'ShipmentFailed', data: { order: orch, reason: 'no courier available' } }]);
  });
});

describe('Notification service', () => {
  it('emails the outcome it hears of (choreography) or is told to send (orchestration)', () => {
    given(notificationService)
      .when(msg('OrderConfirmed', { order: choreo }))
      .thenSends([
        { type: 'EmailSent', subject: 'email-order-1', data: { order: choreo, template: 'confirmed' } },
      ]);
    given(notificationService)
      .when(msg('OrderCancelled', { order: orch, reason: 'x' }))
      .thenSends([]);
    given(notificationService)
      .when(msg('SendEmail', { ...request(), template: 'cancelled' }))
      .thenSends([{ type: 'EmailSent', data: { order: orch, template: 'cancelled' } }]);
  });
});

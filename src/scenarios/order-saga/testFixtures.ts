import type { Message } from '../../engine/message';
import { aMessage } from '../../engine/testing';
import { type OrderSagaType, orderSagaCatalog } from './catalog';
import type { OrderTicket, Style } from './messages';
import { defaultSettings, type OrderSagaSettings } from './settings';

/** Test helpers: an order ticket and logged saga messages with sensible defaults. */
export function ticket(style: Style, overrides: Partial<OrderTicket> = {}): OrderTicket {
  return {
    orderId: 'order-1',
    style,
    sku: 'SKU-RED',
    quantity: 2,
    amount: 40,
    forceDecline: false,
    ...overrides,
  };
}

let position = 0;
export function msg(type: OrderSagaType, data: object, fields: Partial<Message> = {}): Message {
  position++;
  return aMessage({
    type,
    kind: orderSagaCatalog[type].kind,
    data,
    position,
    id: `${type}-${position}`,
    correlationId: 'order-1',
    ...fields,
  });
}

/** No chance involved: nothing declines or fails unless a test asks. */
export const certain: OrderSagaSettings = { ...defaultSettings, declineRate: 0, shipmentFailureRate: 0 };

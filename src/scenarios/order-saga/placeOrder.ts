import type { Dispatch } from '../../engine/simulation';
import type { OrderTicket, Style } from './messages';
import { defaultSettings, type OrderSagaSettings, streams } from './settings';

/** A person placing order `n` in `style` (the style rides on the order for its whole life). */
export function placeOrder(
  n: number,
  style: Style,
  line: { sku: string; quantity: number; forceDecline?: boolean },
  settings: OrderSagaSettings = defaultSettings,
): Dispatch {
  const orderId = `order-${n}`;
  const order: OrderTicket = {
    orderId,
    style,
    sku: line.sku,
    quantity: line.quantity,
    amount: line.quantity * (settings.prices[line.sku] ?? 0),
    forceDecline: line.forceDecline ?? false,
  };
  return { type: 'PlaceOrder', subject: streams.order(orderId), correlationId: orderId, data: { order } };
}

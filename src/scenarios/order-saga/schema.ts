import { InvalidMessageError } from '../../engine/errors';
import type { OrderTicket, Style } from './messages';

/**
 * `OrderPlaced`'s schema history (issue 6, item 6). v1, what the first Order service wrote: the
 * order flat, with a unit price and `qty`. v2, today's: the whole `OrderTicket` under `order`, with
 * the total `amount`, like every other event of an order. Old events stay v1 in the log; readers
 * get v2 through `upcastOrderPlacedV1` (declared in the catalog, applied on read).
 */
export interface OrderPlacedV1 {
  readonly orderId: string;
  readonly style: Style;
  readonly sku: string;
  readonly qty: number;
  readonly unitPrice: number;
  readonly forceDecline: boolean;
}

/** What an Order service still on v1 writes for `order`. */
export function orderPlacedV1(order: OrderTicket): OrderPlacedV1 {
  return {
    orderId: order.orderId,
    style: order.style,
    sku: order.sku,
    qty: order.quantity,
    unitPrice: order.quantity > 0 ? order.amount / order.quantity : 0,
    forceDecline: order.forceDecline,
  };
}

/** OrderPlaced v1 → v2: nest the ticket, rename `qty`, and total the price. Pure. */
export function upcastOrderPlacedV1(data: unknown): { readonly order: OrderTicket } {
  const v1 = data as Partial<OrderPlacedV1> | null;
  if (
    !v1 ||
    typeof v1.orderId !== 'string' ||
    typeof v1.qty !== 'number' ||
    typeof v1.unitPrice !== 'number'
  ) {
    throw new InvalidMessageError('OrderPlaced v1 needs orderId, qty and unitPrice');
  }
  return {
    order: {
      orderId: v1.orderId,
      style: v1.style === 'orchestration' ? 'orchestration' : 'choreography',
      sku: String(v1.sku),
      quantity: v1.qty,
      amount: v1.qty * v1.unitPrice,
      forceDecline: v1.forceDecline === true,
    },
  };
}

import type { Outgoing, ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type OrderSagaMessage, type OrderTicket, read } from '../messages';
import { INVENTORY, type OrderSagaSettings, PROCESSING_TIME, requestKey, streams } from '../settings';

/** Changed in place by `evolve` (O(1) per event); `copyState` copies the lines and their tables. */
export interface StockLine {
  available: number;
  /**
   * Units held per order (reserved, or gone out with its shipment): one row per order ever
   * reserved, so a table, whose copy costs O(1). As a record, the first change after every
   * checkpoint (and after every seek's restore) copied all of them.
   */
  readonly held: Table<number>;
}
export interface InventoryState {
  readonly skus: Record<string, StockLine>;
}

const handles = [
  'ReserveInventory',
  'ReleaseInventory',
  'OrderPlaced',
  'PaymentDeclined',
  'ShipmentFailed',
] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;

/**
 * Stock per SKU. Reserving is deliberately naive — every delivery of a reserve holds stock again —
 * because guarding against a redelivered message is the idempotent consumer's job, and switching that
 * off must show what it guards. Releasing gives back whatever the order holds (nothing, if nothing).
 */
export function inventoryService(settings: OrderSagaSettings): ServiceDefinition<InventoryState> {
  return {
    name: INVENTORY,
    handles,
    processingTime: PROCESSING_TIME[INVENTORY],
    idempotencyKey: requestKey,
    initialState: () => ({
      skus: Object.fromEntries(
        Object.entries(settings.initialStock).map(([sku, n]) => [
          sku,
          { available: n, held: Table.empty<number>() },
        ]),
      ),
    }),
    decide(state, message) {
      const m = read(message) as Handled;
      switch (m.type) {
        case 'ReserveInventory':
          return reserve(state, m.data.order);
        case 'OrderPlaced':
          return m.data.order.style === 'choreography' ? reserve(state, m.data.order) : [];
        case 'ReleaseInventory':
          return release(state, m.data.order, true);
        case 'PaymentDeclined':
        case 'ShipmentFailed':
          return m.data.order.style === 'choreography' ? release(state, m.data.order, false) : [];
        default:
          return assertNever(m);
      }
    },
    evolve(state, event) {
      const { order, quantity } = event.data as { order: OrderTicket; quantity: number };
      const sign = event.type === 'InventoryReserved' ? 1 : event.type === 'InventoryReleased' ? -1 : 0;
      if (sign === 0) return state;
      let line = state.skus[order.sku];
      if (!line) {
        line = { available: 0, held: Table.empty<number>() };
        state.skus[order.sku] = line;
      }
      const held = (line.held.get(order.orderId) ?? 0) + sign * quantity;
      if (held === 0) line.held.delete(order.orderId);
      else line.held.set(order.orderId, held);
      line.available -= sign * quantity;
      return state;
    },
    copyState: (state) => ({
      skus: Object.fromEntries(
        Object.entries(state.skus).map(([sku, line]) => [
          sku,
          { available: line.available, held: line.held.copy() },
        ]),
      ),
    }),
    // A saved state: tables as IndexedDB clones them, or records (JSON, and runs saved before).
    reviveState: (saved) => ({
      skus: Object.fromEntries(
        Object.entries((saved as { skus: Record<string, { available: number; held: unknown }> }).skus).map(
          ([sku, line]) => [sku, { available: line.available, held: Table.revive<number>(line.held) }],
        ),
      ),
    }),
  };
}

function reserve(state: InventoryState, order: OrderTicket): Outgoing[] {
  const available = state.skus[order.sku]?.available ?? 0;
  const subject = streams.inventory(order.sku);
  return available >= order.quantity
    ? [{ type: 'InventoryReserved', subject, data: { order, quantity: order.quantity } }]
    : [{ type: 'InventoryOutOfStock', subject, data: { order, available } }];
}

/** A told release always answers (the orchestrator waits for it); a heard one only acts if it must. */
function release(state: InventoryState, order: OrderTicket, told: boolean): Outgoing[] {
  const quantity = state.skus[order.sku]?.held.get(order.orderId) ?? 0;
  if (quantity === 0 && !told) return [];
  return [{ type: 'InventoryReleased', subject: streams.inventory(order.sku), data: { order, quantity } }];
}

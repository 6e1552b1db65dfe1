import type { OrchestratorState } from './saga/orchestrator';
import type { InventoryState } from './services/inventory';
import type { NotificationState } from './services/notification';
import type { OrderState } from './services/order';
import type { PaymentState } from './services/payment';
import type { ShippingState } from './services/shipping';
import { INVENTORY, NOTIFICATION, ORCHESTRATOR, ORDER, PAYMENT, SHIPPING } from './settings';

/** One line per service for its node on the graph: what its folded state says. */
export function summarize(service: string, state: unknown): string {
  switch (service) {
    case ORDER: {
      const { counts } = state as OrderState;
      return `${counts.placed} open · ${counts.confirmed} confirmed · ${counts.cancelled} cancelled`;
    }
    case INVENTORY:
      return Object.entries((state as InventoryState).skus)
        .map(([sku, line]) => `${sku.replace('SKU-', '')} ${line.available}`)
        .join(' · ');
    case PAYMENT: {
      const { totals } = state as PaymentState;
      return `${totals.charges} charges · net ${totals.net}`;
    }
    case SHIPPING:
      return `${(state as ShippingState).booked.size} shipments booked`;
    case NOTIFICATION:
      return `${(state as NotificationState).total} emails sent`;
    case ORCHESTRATOR: {
      const { sagas, active } = state as OrchestratorState;
      return `${active} sagas running · ${sagas.size - active} done`;
    }
    default:
      return '';
  }
}

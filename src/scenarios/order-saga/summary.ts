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
      const all = [...(state as OrderState).orders.values()];
      const count = (s: string) => all.filter((x) => x === s).length;
      return `${count('placed')} open · ${count('confirmed')} confirmed · ${count('cancelled')} cancelled`;
    }
    case INVENTORY:
      return Object.entries((state as InventoryState).skus)
        .map(([sku, line]) => `${sku.replace('SKU-', '')} ${line.available}`)
        .join(' · ');
    case PAYMENT: {
      const lines = [...(state as PaymentState).payments.values()];
      const charged = lines.reduce((n, p) => n + p.charges, 0);
      const net = lines.reduce((n, p) => n + p.captured - p.refunded, 0);
      return `${charged} charges · net ${net}`;
    }
    case SHIPPING:
      return `${(state as ShippingState).booked.size} shipments booked`;
    case NOTIFICATION:
      return `${[...(state as NotificationState).sent.values()].reduce((a, b) => a + b, 0)} emails sent`;
    case ORCHESTRATOR: {
      const sagas = [...(state as OrchestratorState).sagas.values()];
      const active = sagas.filter((s) => s.snapshot.status === 'active').length;
      return `${active} sagas running · ${sagas.length - active} done`;
    }
    default:
      return '';
  }
}

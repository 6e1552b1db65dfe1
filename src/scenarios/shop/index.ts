import type { Scenario } from '../scenario';
import {
  mailer,
  type OrdersState,
  orders,
  ordersByStatus,
  type PaymentsState,
  payments,
  shopCatalog,
} from './shop';

export const shopScenario: Scenario = {
  name: 'shop',
  title: 'Shop: an order, a payment and a receipt',
  catalog: shopCatalog,
  services: [orders, payments, mailer],
  projections: [ordersByStatus],
  sampleAction: (n) => ({ type: 'PlaceOrder', subject: `order-${n}`, data: { n } }),
  emits: {
    user: ['PlaceOrder'],
    Orders: ['OrderPlaced'],
    Payments: ['PaymentCompleted', 'SendReceipt'],
    Mailer: ['ReceiptSent'],
  },
  summarize: (service, state) => {
    if (service === 'Orders') return `${(state as OrdersState).placed} placed`;
    if (service === 'Payments') return `${Object.keys((state as PaymentsState).charges).length} charged`;
    return `${(state as { sent: number }).sent} receipts sent`;
  },
};

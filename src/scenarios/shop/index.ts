import type { Scenario } from '../scenario';
import { mailer, orders, ordersByStatus, payments, shopCatalog } from './shop';

export const shopScenario: Scenario = {
  name: 'shop',
  title: 'Shop: an order, a payment and a receipt',
  catalog: shopCatalog,
  services: [orders, payments, mailer],
  projections: [ordersByStatus],
  sampleAction: (n) => ({ type: 'PlaceOrder', subject: `order-${n}`, data: { n } }),
};

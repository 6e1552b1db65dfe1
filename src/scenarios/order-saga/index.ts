import type { Scenario } from '../scenario';
import { orderSagaCatalog } from './catalog';
import { placeOrder } from './placeOrder';
import { ordersDashboard, revenue, stockLevels } from './readModels';
import { orchestratorService } from './saga/orchestrator';
import { inventoryService } from './services/inventory';
import { notificationService } from './services/notification';
import { orderService } from './services/order';
import { paymentService } from './services/payment';
import { shippingService } from './services/shipping';
import {
  defaultSettings,
  INVENTORY,
  NOTIFICATION,
  ORCHESTRATOR,
  ORDER,
  type OrderSagaSettings,
  PAYMENT,
  SHIPPING,
} from './settings';
import { summarize } from './summary';

/** The order saga with the given business knobs: catalog, services and read models. */
export function createOrderSaga(settings: OrderSagaSettings = defaultSettings) {
  return {
    catalog: orderSagaCatalog,
    services: [
      orderService,
      inventoryService(settings),
      paymentService(settings),
      shippingService(settings),
      notificationService,
      orchestratorService(settings),
    ],
    projections: [ordersDashboard, stockLevels(settings), revenue],
  } as const;
}

const skus = Object.keys(defaultSettings.initialStock);

export const orderSagaScenario: Scenario = {
  name: 'order-saga',
  title: 'Order saga: choreography or orchestration, with compensations',
  ...createOrderSaga(),
  sampleAction: (n) =>
    placeOrder(n, 'choreography', { sku: skus[n % skus.length] ?? 'SKU-RED', quantity: 1 + (n % 3) }),
  emits: {
    user: ['PlaceOrder'],
    [ORDER]: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'],
    [INVENTORY]: ['InventoryReserved', 'InventoryOutOfStock', 'InventoryReleased'],
    [PAYMENT]: ['PaymentCompleted', 'PaymentDeclined', 'PaymentRefunded'],
    [SHIPPING]: ['ShipmentScheduled', 'ShipmentFailed'],
    [NOTIFICATION]: ['EmailSent'],
    [ORCHESTRATOR]: [
      'SagaStarted',
      'SagaStepRecorded',
      'ReserveInventory',
      'ReleaseInventory',
      'ChargePayment',
      'RefundPayment',
      'ScheduleShipment',
      'ConfirmOrder',
      'CancelOrder',
      'SendEmail',
      'WakeSaga',
    ],
  },
  summarize,
};

export { type OrderFacts, orderFacts } from './facts';
export { checkInvariants, INVARIANTS, type InvariantName, isAtRest, type Violation } from './invariants';
export type { OrderTicket, Style } from './messages';
export { type StyleMetrics, styleMetrics } from './metrics';
export { placeOrder } from './placeOrder';
export { defaultSettings, type OrderSagaSettings } from './settings';

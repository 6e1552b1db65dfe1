import type { Scenario } from '../scenario';
import { orderSagaCatalog } from './catalog';
import { orderSagaInsight } from './insight';
import { STYLES } from './messages';
import { placeOrder } from './placeOrder';
import { ordersDashboard, revenue, stockLevels } from './readModels';
import { reverseOrderSagaEvent } from './reversal';
import { orchestratorService } from './saga/orchestrator';
import { inventoryService } from './services/inventory';
import { notificationService } from './services/notification';
import { orderServiceFor } from './services/order';
import { paymentService } from './services/payment';
import { shippingService } from './services/shipping';
import {
  defaultSettings,
  INVENTORY,
  LEGACY_ORDERS,
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
      orderServiceFor(settings),
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

/** Where the nodes go: participants in a ring, the orchestrator at its hub, the person outside. */
const layout = {
  user: { x: -330, y: 200 },
  [ORDER]: { x: 0, y: 180 },
  [INVENTORY]: { x: 260, y: -60 },
  [PAYMENT]: { x: 640, y: -60 },
  [SHIPPING]: { x: 900, y: 180 },
  [NOTIFICATION]: { x: 450, y: 430 },
  [ORCHESTRATOR]: { x: 450, y: 180 },
};

/** The order saga as the playground runs it, under the given business knobs. */
export function orderSagaWith(settings: OrderSagaSettings): Scenario {
  const world = createOrderSaga(settings);
  return {
    name: 'order-saga',
    title: 'Order saga: choreography or orchestration, with compensations',
    ...world,
    styles: STYLES,
    sampleAction: (n, options = {}) => {
      const sku = skus[n % skus.length] ?? 'SKU-RED';
      const quantity =
        options.fail === 'outOfStock'
          ? (settings.initialStock[sku] ?? 0) + 1
          : (options.quantity ?? 1 + (n % 3));
      const style = options.style === 'orchestration' ? 'orchestration' : 'choreography';
      return placeOrder(n, style, { sku, quantity, forceDecline: options.fail === 'decline' }, settings);
    },
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
    layout,
    summarize,
    insight: orderSagaInsight(settings, world.projections as never),
    reverse: reverseOrderSagaEvent,
    configure: (knobs) =>
      orderSagaWith({
        ...settings,
        ...(knobs.decline === undefined ? {} : { declineRate: knobs.decline }),
        ...(knobs.schema === undefined ? {} : { legacyOrders: knobs.schema === 'v1' ? LEGACY_ORDERS : 0 }),
      }),
  };
}

export const orderSagaScenario: Scenario = orderSagaWith(defaultSettings);

export { type OrderFacts, orderFacts } from './facts';
export { checkInvariants, INVARIANTS, type InvariantName, isAtRest, type Violation } from './invariants';
export type { OrderTicket, Style } from './messages';
export { type StyleMetrics, styleMetrics } from './metrics';
export { placeOrder } from './placeOrder';
export { defaultSettings, type OrderSagaSettings } from './settings';

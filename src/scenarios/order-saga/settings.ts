import type { Message } from '../../engine/message';

/** The business world's knobs. Plain data, fixed for a run (so a saved run resumes identically). */
export interface OrderSagaSettings {
  /** Units on hand per SKU when the run starts. */
  readonly initialStock: Readonly<Record<string, number>>;
  /** Price of one unit per SKU. */
  readonly prices: Readonly<Record<string, number>>;
  /** Chance that Payment declines a charge. */
  readonly declineRate: number;
  /** Chance that Shipping cannot book a shipment. */
  readonly shipmentFailureRate: number;
  /** How long the orchestrator waits for a reply before its first retry (virtual ms); doubles per retry. */
  readonly replyTimeout: number;
  /** The longest it ever waits between retries. */
  readonly maxReplyTimeout: number;
  /** Tries of a step that may be compensated (reserve, charge) before the saga gives up on it. */
  readonly attemptsBeforeCompensating: number;
  /**
   * Tries of a step that cannot be given up (ship, undo, confirm, cancel, email) before the saga
   * stops retrying and just waits: still open, visibly stuck, moved on by a late reply. With the
   * outbox on the first command is still queued, so waiting loses nothing; with it off, a reply that
   * was lost for good would otherwise be asked for again forever.
   */
  readonly attemptsBeforeWaiting: number;
  /**
   * Schema evolution (`schema=v1`): the Order service deployed when the run starts is the old
   * version, which writes `OrderPlaced` v1 until it has placed this many orders; then v2 is rolled
   * out. Absent or 0: it writes v2 from the start.
   */
  readonly legacyOrders?: number;
}

/** Orders the old (v1) Order service places in a `schema=v1` run before v2 is rolled out. */
export const LEGACY_ORDERS = 5;

export const defaultSettings: OrderSagaSettings = {
  initialStock: { 'SKU-RED': 300, 'SKU-GREEN': 300, 'SKU-BLUE': 300 },
  prices: { 'SKU-RED': 20, 'SKU-GREEN': 35, 'SKU-BLUE': 50 },
  declineRate: 0.1,
  shipmentFailureRate: 0.05,
  replyTimeout: 1_500,
  maxReplyTimeout: 8_000,
  attemptsBeforeCompensating: 3,
  attemptsBeforeWaiting: 8,
};

/** Service names, as the graph and the CLI show them. */
export const ORDER = 'Order';
export const INVENTORY = 'Inventory';
export const PAYMENT = 'Payment';
export const SHIPPING = 'Shipping';
export const NOTIFICATION = 'Notification';
export const ORCHESTRATOR = 'Orchestrator';
export const SERVICE_NAMES = [ORDER, INVENTORY, PAYMENT, SHIPPING, NOTIFICATION, ORCHESTRATOR] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * Virtual ms each service spends on one message. The orchestrator hears about nine messages per
 * order (every reply, and its timers), so it must be quick, or it becomes the bottleneck it is often
 * accused of being: a queue that grows, timeouts that fire, retries that grow it further.
 */
export const PROCESSING_TIME: Readonly<Record<ServiceName, number>> = {
  Order: 2,
  Inventory: 3,
  Payment: 5,
  Shipping: 4,
  Notification: 3,
  Orchestrator: 1,
};

/**
 * Streams: one per aggregate, so each service's state is a fold of its own stream(s) and the log's
 * per-stream versions mean something. An order (`order-17`) is the Order service's; stock is counted
 * per SKU (`inventory-SKU-RED`), so every reservation of one SKU is one writer's, in order; a payment,
 * a shipment, an email and a saga each belong to one order (`payment-order-17`…). Commands are
 * addressed to the stream they will change.
 */
export const streams = {
  order: (orderId: string) => orderId,
  inventory: (sku: string) => `inventory-${sku}`,
  payment: (orderId: string) => `payment-${orderId}`,
  shipment: (orderId: string) => `shipment-${orderId}`,
  email: (orderId: string) => `email-${orderId}`,
  saga: (orderId: string) => `saga-${orderId}`,
} as const;

/**
 * The idempotent consumer's key: the orchestrator's request id for its commands (a retry of a step
 * keeps it), the message id for everything else.
 */
export function requestKey(message: Message): string {
  const data = message.data as { requestId?: unknown };
  return message.kind === 'command' && typeof data.requestId === 'string' ? data.requestId : message.id;
}

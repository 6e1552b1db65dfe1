import type { Message } from '../../engine/message';
import type { SagaRecord, SagaStatus } from './saga/sagaRecord';

/** The coordination style an order started in; it rides on every message of that order. */
export type Style = 'choreography' | 'orchestration';
export const STYLES: readonly Style[] = ['choreography', 'orchestration'];

/** What the participants publish about an order: the replies a saga waits for, and its outcome. */
export const PARTICIPANT_EVENTS = [
  'InventoryReserved',
  'InventoryOutOfStock',
  'InventoryReleased',
  'PaymentCompleted',
  'PaymentDeclined',
  'PaymentRefunded',
  'ShipmentScheduled',
  'ShipmentFailed',
  'OrderConfirmed',
  'OrderCancelled',
  'EmailSent',
] as const;

/** What every message of an order carries, so no consumer has to call back for context. */
export interface OrderTicket {
  readonly orderId: string;
  readonly style: Style;
  readonly sku: string;
  readonly quantity: number;
  /** Whole currency units. */
  readonly amount: number;
  /** The person asked for this order's payment to be declined (to watch compensation). */
  readonly forceDecline: boolean;
}

/** Sent by the orchestrator; retries of one step keep the same `requestId` (the idempotency key). */
interface Request {
  readonly order: OrderTicket;
  readonly requestId: string;
}

export type EmailTemplate = 'confirmed' | 'cancelled';

export type OrderSagaCommand =
  | { readonly type: 'PlaceOrder'; readonly data: { readonly order: OrderTicket } }
  | { readonly type: 'ReserveInventory'; readonly data: Request }
  | { readonly type: 'ReleaseInventory'; readonly data: Request }
  | { readonly type: 'ChargePayment'; readonly data: Request }
  | { readonly type: 'RefundPayment'; readonly data: Request }
  | { readonly type: 'ScheduleShipment'; readonly data: Request }
  | { readonly type: 'ConfirmOrder'; readonly data: Request }
  | { readonly type: 'CancelOrder'; readonly data: Request & { readonly reason: string } }
  | { readonly type: 'SendEmail'; readonly data: Request & { readonly template: EmailTemplate } }
  | {
      readonly type: 'WakeSaga';
      readonly data: {
        readonly orderId: string;
        /** The statechart's delayed event id, and which arming of it this is. */
        readonly timerId: string;
        readonly token: number;
        readonly event: { readonly type: string };
      };
    };

export type OrderSagaEvent =
  | { readonly type: 'OrderPlaced'; readonly data: { readonly order: OrderTicket } }
  | {
      readonly type: 'InventoryReserved';
      readonly data: { readonly order: OrderTicket; readonly quantity: number };
    }
  | {
      readonly type: 'InventoryOutOfStock';
      readonly data: { readonly order: OrderTicket; readonly available: number };
    }
  | {
      readonly type: 'InventoryReleased';
      readonly data: { readonly order: OrderTicket; readonly quantity: number };
    }
  | {
      readonly type: 'PaymentCompleted';
      readonly data: { readonly order: OrderTicket; readonly amount: number; readonly chargeId: string };
    }
  | {
      readonly type: 'PaymentDeclined';
      readonly data: { readonly order: OrderTicket; readonly reason: string };
    }
  | {
      readonly type: 'PaymentRefunded';
      readonly data: { readonly order: OrderTicket; readonly amount: number };
    }
  | {
      readonly type: 'ShipmentScheduled';
      readonly data: { readonly order: OrderTicket; readonly trackingId: string };
    }
  | {
      readonly type: 'ShipmentFailed';
      readonly data: { readonly order: OrderTicket; readonly reason: string };
    }
  | { readonly type: 'OrderConfirmed'; readonly data: { readonly order: OrderTicket } }
  | {
      readonly type: 'OrderCancelled';
      readonly data: { readonly order: OrderTicket; readonly reason: string };
    }
  | {
      readonly type: 'EmailSent';
      readonly data: { readonly order: OrderTicket; readonly template: EmailTemplate };
    }
  | { readonly type: 'SagaStarted'; readonly data: SagaStepData }
  | { readonly type: 'SagaStepRecorded'; readonly data: SagaStepData };

/** What the orchestrator records per step: the saga as it now is, and what moved it. */
export interface SagaStepData {
  readonly orderId: string;
  readonly trigger: string;
  readonly status: SagaStatus;
  readonly saga: SagaRecord;
}

export type OrderSagaMessage = OrderSagaCommand | OrderSagaEvent;
export type EventOf<T extends OrderSagaEvent['type']> = Extract<OrderSagaEvent, { type: T }>;
export type CommandOf<T extends OrderSagaCommand['type']> = Extract<OrderSagaCommand, { type: T }>;

/**
 * A logged message seen as this scenario's typed union. The catalog already refused any other type
 * and every producer is this scenario's own code, so the data is trusted here; the person's
 * `PlaceOrder` is the one outside input, and the Order service checks it.
 */
export function read(message: Message): OrderSagaMessage {
  return message as unknown as OrderSagaMessage;
}

/** The order a saga message belongs to, if it carries one. */
export function orderOf(message: OrderSagaMessage): OrderTicket | null {
  const data = message.data as { order?: OrderTicket };
  return data.order ?? null;
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}

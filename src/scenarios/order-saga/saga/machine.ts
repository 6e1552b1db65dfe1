import { assign, setup } from 'xstate';
import type { EmailTemplate, OrderTicket } from '../messages';
import type { OrderSagaSettings } from '../settings';

/** A step that may have to be undone: held stock, a charge. */
export type UndoStep = 'inventory' | 'payment';

export interface SagaContext {
  readonly order: OrderTicket;
  /** Tries of the current step (1 for the first). */
  readonly attempt: number;
  /** Steps done — or perhaps done, when their reply never came — most recent last. */
  readonly undo: readonly UndoStep[];
  /** Why the order is being cancelled, once it is. */
  readonly reason: string | null;
  readonly outcome: EmailTemplate | null;
}

/** Replies the saga waits for; the orchestrator feeds each in as an event of the same type. */
export type SagaEvent = {
  readonly type:
    | 'InventoryReserved'
    | 'InventoryOutOfStock'
    | 'InventoryReleased'
    | 'PaymentCompleted'
    | 'PaymentDeclined'
    | 'PaymentRefunded'
    | 'ShipmentScheduled'
    | 'ShipmentFailed'
    | 'OrderConfirmed'
    | 'OrderCancelled'
    | 'EmailSent';
};

export type SagaCommandType =
  | 'ReserveInventory'
  | 'ReleaseInventory'
  | 'ChargePayment'
  | 'RefundPayment'
  | 'ScheduleShipment'
  | 'ConfirmOrder'
  | 'CancelOrder'
  | 'SendEmail';

/** The `send` action's params: the command to send, built into a message by the orchestrator. */
export interface SagaSend {
  readonly command: SagaCommandType;
  readonly order: OrderTicket;
  readonly requestId: string;
  readonly reason: string | null;
  readonly template: EmailTemplate | null;
}

/**
 * One order's saga as an XState v5 statechart. It is only ever driven through the pure
 * `initialTransition` / `transition`, so it runs no actions and reads no clock: `send` is data the
 * orchestrator turns into a command, and each `after` timeout comes back as data too (a delayed
 * raise), which the orchestrator turns into a timer on the engine's virtual clock.
 *
 * Reserve and charge may be compensated, so after a few silent tries the saga gives up on them and
 * undoes them too (their reply may just be late: compensations are safe when nothing happened).
 * Shipping is the pivot — once booked the order goes through — and neither it, the steps after it nor
 * the compensations can be given up, so those are retried (up to `attemptsBeforeWaiting` tries, then
 * the saga waits for the reply). Compensation runs in reverse order of the steps done.
 */
export function createSagaMachine(settings: OrderSagaSettings) {
  const send = (command: SagaCommandType) => ({
    type: 'send' as const,
    params: ({ context }: { context: SagaContext }): SagaSend => ({
      command,
      order: context.order,
      requestId: `${context.order.orderId}/${command}`,
      reason: context.reason,
      template: context.outcome,
    }),
  });
  const retrySame = (state: string) => ({ target: state, reenter: true, actions: 'retry' as const });
  /** Retry until `attemptsBeforeWaiting`; then the timeout fires with no transition, and no new one is armed. */
  const keepTrying = (state: string) => ({ guard: 'keepTrying' as const, ...retrySame(state) });
  return setup({
    types: {} as { context: SagaContext; events: SagaEvent; input: OrderTicket },
    actions: {
      send: (_: unknown, _params: SagaSend) => {},
      retry: assign({ attempt: ({ context }) => context.attempt + 1 }),
      stepDone: assign({ attempt: 1 }),
      remember: assign({ undo: ({ context }, step: UndoStep) => [...context.undo, step] }),
      forget: assign({ undo: ({ context }) => context.undo.slice(0, -1) }),
      fail: assign({ reason: (_, reason: string) => reason }),
      end: assign({ outcome: (_, outcome: EmailTemplate) => outcome }),
    },
    guards: {
      mayRetry: ({ context }) => context.attempt < settings.attemptsBeforeCompensating,
      keepTrying: ({ context }) => context.attempt < settings.attemptsBeforeWaiting,
      undoPayment: ({ context }) => context.undo.at(-1) === 'payment',
      undoInventory: ({ context }) => context.undo.at(-1) === 'inventory',
    },
    delays: {
      replyTimeout: ({ context }) =>
        Math.min(settings.maxReplyTimeout, settings.replyTimeout * 2 ** (context.attempt - 1)),
    },
  }).createMachine({
    id: 'orderSaga',
    initial: 'reserving',
    context: ({ input }) => ({ order: input, attempt: 1, undo: [], reason: null, outcome: null }),
    states: {
      reserving: {
        entry: send('ReserveInventory'),
        on: {
          InventoryReserved: {
            target: 'charging',
            actions: [{ type: 'remember', params: 'inventory' }, 'stepDone'],
          },
          InventoryOutOfStock: { target: 'cancelling', actions: { type: 'fail', params: 'out of stock' } },
        },
        after: {
          replyTimeout: [
            { guard: 'mayRetry', ...retrySame('reserving') },
            {
              target: 'compensating',
              actions: [
                { type: 'remember', params: 'inventory' },
                { type: 'fail', params: 'Inventory did not answer' },
                'stepDone',
              ],
            },
          ],
        },
      },
      charging: {
        entry: send('ChargePayment'),
        on: {
          PaymentCompleted: {
            target: 'shipping',
            actions: [{ type: 'remember', params: 'payment' }, 'stepDone'],
          },
          PaymentDeclined: {
            target: 'compensating',
            actions: [{ type: 'fail', params: 'payment declined' }, 'stepDone'],
          },
        },
        after: {
          replyTimeout: [
            { guard: 'mayRetry', ...retrySame('charging') },
            {
              target: 'compensating',
              actions: [
                { type: 'remember', params: 'payment' },
                { type: 'fail', params: 'Payment did not answer' },
                'stepDone',
              ],
            },
          ],
        },
      },
      shipping: {
        entry: send('ScheduleShipment'),
        on: {
          ShipmentScheduled: { target: 'confirming', actions: 'stepDone' },
          ShipmentFailed: {
            target: 'compensating',
            actions: [{ type: 'fail', params: 'shipment failed' }, 'stepDone'],
          },
        },
        after: { replyTimeout: keepTrying('shipping') },
      },
      compensating: {
        initial: 'next',
        states: {
          next: {
            always: [
              { guard: 'undoPayment', target: 'refunding' },
              { guard: 'undoInventory', target: 'releasing' },
              { target: '#orderSaga.cancelling' },
            ],
          },
          refunding: {
            entry: send('RefundPayment'),
            on: { PaymentRefunded: { target: 'next', actions: ['forget', 'stepDone'] } },
            after: { replyTimeout: keepTrying('refunding') },
          },
          releasing: {
            entry: send('ReleaseInventory'),
            on: { InventoryReleased: { target: 'next', actions: ['forget', 'stepDone'] } },
            after: { replyTimeout: keepTrying('releasing') },
          },
        },
      },
      confirming: {
        entry: send('ConfirmOrder'),
        on: {
          OrderConfirmed: {
            target: 'notifying',
            actions: [{ type: 'end', params: 'confirmed' }, 'stepDone'],
          },
        },
        after: { replyTimeout: keepTrying('confirming') },
      },
      cancelling: {
        entry: send('CancelOrder'),
        on: {
          OrderCancelled: {
            target: 'notifying',
            actions: [{ type: 'end', params: 'cancelled' }, 'stepDone'],
          },
        },
        after: { replyTimeout: keepTrying('cancelling') },
      },
      notifying: {
        entry: send('SendEmail'),
        on: { EmailSent: 'done' },
        after: { replyTimeout: keepTrying('notifying') },
      },
      done: { type: 'final' },
    },
  });
}

export type SagaMachine = ReturnType<typeof createSagaMachine>;

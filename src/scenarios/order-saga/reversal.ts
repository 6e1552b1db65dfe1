import type { Message } from '../../engine/message';
import type { Dispatch } from '../../engine/simulation';

/** Event → the command that compensates it: the saga's own undo steps. */
const REVERSALS: Readonly<Record<string, string>> = {
  InventoryReserved: 'ReleaseInventory',
  PaymentCompleted: 'RefundPayment',
};

/**
 * The command that undoes an event ("Reverse this event", issue 6), sent to the event's own stream
 * so the service that owns it decides and logs the compensating event itself (a release, a refund):
 * the log stays a record of what services did. Null when the event has no compensation.
 */
export function reverseOrderSagaEvent(message: Message): Dispatch | null {
  const command = REVERSALS[message.type];
  const order = (message.data as { order?: unknown } | null)?.order;
  if (!command || order === undefined) return null;
  return {
    type: command,
    subject: message.subject,
    correlationId: message.correlationId,
    // A request id of its own: the service's idempotency key, so reversing twice refunds twice.
    data: { order, requestId: `reverse-${message.id}` },
  };
}

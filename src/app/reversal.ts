import type { Message } from '../engine/message';
import type { Dispatch } from '../engine/simulation';

/**
 * The command that undoes an event ("Reverse this event", issue 6), sent to the event's own
 * stream so that the service that owns it decides and logs the compensating event itself (a
 * refund, a release): the log stays a record of what services did, and their state stays a fold
 * of their own events. Null when the event has no compensation.
 *
 * Order-saga knowledge: it belongs beside the saga's own compensations as a `Scenario.reverse`
 * hook; it lives here until src/scenarios can take it.
 */
export function reversalOf(message: Message): Dispatch | null {
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

/** Event → the command that compensates it (the saga's own undo steps). */
const REVERSALS: Readonly<Record<string, string>> = {
  InventoryReserved: 'ReleaseInventory',
  PaymentCompleted: 'RefundPayment',
};

/** Whether a message can be reversed (for the inspector's button). */
export function canReverse(message: Message): boolean {
  return reversalOf(message) !== null;
}

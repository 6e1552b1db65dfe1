import {
  type Instance,
  instanceFor,
  pushDelivery,
  type Subscription,
  shiftDelivery,
  uncountSubject,
} from './brokerCore';
import type { BrokerSettings, Delivery } from './brokerTypes';
import { errorCode, isPoison } from './deliveryErrors';
import { deliveryLimit, flavourOf, maxReceiveCount, visibilityTimeout } from './flavours';
import type { Message } from './message';

/**
 * What the `queue` and `sqs` flavours do differently with a delivery (flavours.ts; the broker calls
 * these). Functions over the broker's state: they change the queues and report dead letters through
 * the host, and never schedule anything themselves.
 */
export interface FlavourHost {
  readonly now: number;
  readonly settings: BrokerSettings;
  readonly deadLetter: (
    message: Message,
    subscription: string,
    attempts: number,
    reason: string,
    code: string,
  ) => void;
}

/**
 * A failed attempt on `queue` or `sqs`. Queue: a nack that requeues at once (no backoff), until the
 * delivery limit sends it to the dead-letter exchange. SQS: the message is not deleted, so it
 * reappears when its visibility timeout runs out; the receive count (checked on receive) decides
 * when the redrive policy moves it to the dead-letter queue.
 */
export function failOnQueue(
  host: FlavourHost,
  sub: Subscription,
  inst: Instance,
  delivery: Delivery,
  error: unknown,
): void {
  const reason = delivery.lastError ?? '';
  if (flavourOf(host.settings) === 'queue') {
    const limit = deliveryLimit(host.settings);
    if (delivery.attempts >= limit || isPoison(error)) {
      shiftDelivery(inst);
      const why = isPoison(error)
        ? 'rejected without requeue'
        : `nacked ${delivery.attempts} times (delivery limit ${limit})`;
      host.deadLetter(
        delivery.message,
        sub.options.name,
        delivery.attempts,
        `${reason} — ${why}: routed to the dead-letter exchange`,
        errorCode(error),
      );
      return;
    }
    delivery.availableAt = host.now;
    return;
  }
  if (isPoison(error)) {
    shiftDelivery(inst);
    host.deadLetter(delivery.message, sub.options.name, delivery.attempts, reason, errorCode(error));
    return;
  }
  delivery.availableAt = Math.max(
    host.now,
    (delivery.receivedAt ?? host.now) + visibilityTimeout(host.settings),
  );
}

/**
 * `sqs`: an instance receives the head. Past `maxReceiveCount` the redrive policy moves it to the
 * dead-letter queue instead (then false: nothing was received).
 */
export function receive(host: FlavourHost, sub: Subscription, inst: Instance, head: Delivery): boolean {
  const receives = (head.receives ?? 0) + 1;
  const max = maxReceiveCount(host.settings);
  if (receives > max) {
    shiftDelivery(inst);
    const last = head.lastError === null ? '' : `; last error: ${head.lastError}`;
    host.deadLetter(
      head.message,
      sub.options.name,
      head.attempts,
      `received ${receives - 1} times (maxReceiveCount ${max}) without being deleted: ` +
        `redriven to the dead-letter queue${last}`,
      'MAX_RECEIVE_COUNT',
    );
    return false;
  }
  head.receives = receives;
  head.receivedAt = host.now;
  return true;
}

/**
 * `sqs`: the visibility timeout of `d` ran out while `inst` was still busy with it. The message is
 * visible again and another live instance receives it (with the rest of its subject's queue, so
 * per-subject order holds, as in an SQS FIFO message group); `inst` finishes its work, but its
 * delete is void (a stale receipt). With no other live instance nobody else polls, and this receipt
 * stays the latest. Returns the instance to wake, or null when nothing reappeared.
 */
export function reappear(sub: Subscription, inst: Instance, d: Delivery, now: number): Instance | null {
  const others = sub.instances.filter((i) => i !== inst && i.index < sub.size && i.up);
  if (!sub.up || others.length === 0) return null;
  const subject = d.message.subject;
  const to = others[instanceFor(subject, others.length)] as Instance;
  d.stale = true;
  uncountSubject(inst, subject);
  const follows = (x: Delivery) => x !== d && !x.stale && x.message.subject === subject;
  const following = inst.inbox.toArray().filter(follows);
  inst.inbox.remove(follows);
  for (const _ of following) uncountSubject(inst, subject);
  pushDelivery(to, {
    message: d.message,
    subscription: d.subscription,
    instance: to.index,
    attempts: d.attempts,
    sentAt: d.sentAt,
    availableAt: now,
    duplicate: d.duplicate,
    lastError: d.lastError,
    receives: d.receives ?? 1,
  });
  for (const x of following) pushDelivery(to, { ...x, instance: to.index });
  sub.visibilityTimeouts++;
  return to;
}

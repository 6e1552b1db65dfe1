import {
  type BrokerCore,
  type Instance,
  noteHandled,
  pushDelivery,
  type Subscription,
  shiftDelivery,
} from './brokerCore';
import type { BrokerHost, BrokerTask, Delivery, LatencySpec } from './brokerTypes';
import { targetInstance } from './consumerGroup';
import { describeError, errorCode, InjectedFailure, isPoison } from './deliveryErrors';
import { flavourOf, visibilityTimeout } from './flavours';
import { type FlavourHost, failOnQueue, reappear, receive } from './flavoursDelivery';
import type { Message } from './message';
import type { Random } from './random';

/**
 * The broker's delivery loop: queueing a routed message on an instance after its latency, waking
 * instances on the virtual clock, one delivery attempt at a time (ack, retry with backoff, or dead
 * letter), processing time, `sqs` visibility, and a new subscription's catch-up on the log. The
 * `Broker` (broker.ts) routes and manages subscriptions; this runs what it scheduled.
 */
export class DeliveryLoop {
  readonly #host: BrokerHost;
  readonly #core: BrokerCore;

  constructor(host: BrokerHost, core: BrokerCore) {
    this.#host = host;
    this.#core = core;
  }

  /** Runs one of the broker's scheduled tasks. */
  async run(task: BrokerTask): Promise<void> {
    const sub = this.#core.subscriptions.get(task.subscription);
    if (!sub) return; // its subscription was removed after the task was scheduled
    switch (task.kind) {
      case 'broker.wake': {
        const inst = sub.instances[task.instance];
        if (!inst || inst.wakeAt !== this.#host.now()) return; // superseded by an earlier wake
        inst.wakeAt = null;
        await this.#pump(sub, inst);
        return;
      }
      case 'broker.complete': {
        const inst = sub.instances[task.instance];
        if (!inst || inst.epoch !== task.epoch || !inst.busy) return; // killed while processing
        const delivery = inst.busy;
        inst.busy = null;
        await this.#attempt(sub, inst, delivery);
        await this.#pump(sub, inst);
        return;
      }
      case 'broker.catchUp':
        await this.#catchUp(sub);
        return;
      case 'broker.visibility': {
        const inst = sub.instances[task.instance];
        const d = inst?.busy;
        if (!inst || inst.epoch !== task.epoch || !d || d.stale) return; // deleted in time, or killed
        if (d.message.position !== task.position || d.receives !== task.receives) return;
        const to = reappear(sub, inst, d, this.#host.now());
        if (to) this.wake(sub, to, this.#host.now());
        return;
      }
      default:
        return assertNever(task);
    }
  }

  /** Queues `message` for `sub` (on the instance its subject belongs to), after the edge's latency. */
  enqueue(sub: Subscription, message: Message, now: number): void {
    const inst = targetInstance(sub, message.subject);
    const latency =
      this.#core.settings.edgeLatency[`${message.source}->${sub.options.name}`] ??
      this.#core.settings.latency;
    const random = sub.random ?? this.#host.random;
    this.#push(sub, inst, message, now, now + this.#delay(latency, random), false);
    if (random.chance(this.#core.settings.duplicateRate)) {
      this.#core.stats.duplicatesInjected++;
      this.#push(sub, inst, message, now, now + this.#delay(latency, random) + 1, true);
    }
  }

  #push(
    sub: Subscription,
    inst: Instance,
    message: Message,
    now: number,
    at: number,
    duplicate: boolean,
  ): void {
    const delivery: Delivery = {
      message,
      subscription: sub.options.name,
      instance: inst.index,
      attempts: 0,
      sentAt: now,
      availableAt: at,
      duplicate,
      lastError: null,
    };
    pushDelivery(inst, delivery);
    if (inst.inbox.length === 1) this.wake(sub, inst, at);
  }

  #delay(latency: LatencySpec, random: Random): number {
    return latency.base + (latency.jitter > 0 ? random.int(latency.jitter + 1) : 0);
  }

  /** Has `inst` look at its queue at `at` (unless it already will, sooner). */
  wake(sub: Subscription, inst: Instance, at: number): void {
    if (inst.wakeAt !== null && inst.wakeAt <= at) return;
    inst.wakeAt = at;
    this.#host.schedule(at, { kind: 'broker.wake', subscription: sub.options.name, instance: inst.index });
  }

  /** Takes queued deliveries one at a time while the instance is up, idle and the head has arrived. */
  async #pump(sub: Subscription, inst: Instance): Promise<void> {
    const now = this.#host.now();
    for (;;) {
      if (!sub.up || !inst.up || inst.index >= sub.size || inst.busy) return;
      const head = inst.inbox.peek();
      if (!head) return;
      if (head.stale) {
        // `sqs`: a receive that went stale while this instance was down; its message lives elsewhere.
        shiftDelivery(inst);
        continue;
      }
      if (head.availableAt > now) {
        this.wake(sub, inst, head.availableAt);
        return;
      }
      if (flavourOf(this.#core.settings) === 'sqs' && !receive(this.#flavourHost(), sub, inst, head))
        continue;
      if (sub.processingTime > 0) {
        inst.busy = head;
        sub.started?.(head.message, head);
        this.#host.schedule(now + sub.processingTime, {
          kind: 'broker.complete',
          subscription: sub.options.name,
          instance: inst.index,
          epoch: inst.epoch,
        });
        const timeout = visibilityTimeout(this.#core.settings);
        if (flavourOf(this.#core.settings) === 'sqs' && sub.processingTime > timeout) {
          this.#host.schedule(now + timeout, {
            kind: 'broker.visibility',
            subscription: sub.options.name,
            instance: inst.index,
            epoch: inst.epoch,
            position: head.message.position,
            receives: head.receives ?? 1,
          });
        }
        return;
      }
      await this.#attempt(sub, inst, head);
    }
  }

  /** One delivery attempt: ack on success; on a throw, retry with backoff or dead-letter. */
  async #attempt(sub: Subscription, inst: Instance, delivery: Delivery): Promise<void> {
    let error: unknown = null;
    if ((sub.random ?? this.#host.random).chance(sub.failureRate))
      error = new InjectedFailure(sub.options.name);
    else {
      try {
        const pending = sub.handler(delivery.message, delivery);
        if (pending) await pending;
      } catch (e) {
        error = e;
      }
    }
    if (error === null) {
      shiftDelivery(inst);
      noteHandled(inst, delivery.message.subject);
      sub.delivered++;
      this.#core.stats.delivered++;
      return;
    }
    delivery.attempts++;
    delivery.lastError = describeError(error);
    sub.failedAttempts++;
    this.#core.stats.failedAttempts++;
    if (delivery.stale) {
      shiftDelivery(inst); // `sqs`: another instance has the message now
      return;
    }
    if (flavourOf(this.#core.settings) !== 'log') {
      failOnQueue(this.#flavourHost(), sub, inst, delivery, error);
      return;
    }
    const { maxAttempts, baseBackoff, maxBackoff } = this.#core.settings.retry;
    if (delivery.attempts >= maxAttempts || isPoison(error)) {
      shiftDelivery(inst);
      this.deadLetter(
        delivery.message,
        sub.options.name,
        delivery.attempts,
        delivery.lastError,
        errorCode(error),
      );
      return;
    }
    delivery.availableAt =
      this.#host.now() + Math.min(maxBackoff, baseBackoff * 2 ** (delivery.attempts - 1));
  }

  /** What the `queue` and `sqs` flavours need of the broker (flavoursDelivery.ts). */
  #flavourHost(): FlavourHost {
    return {
      now: this.#host.now(),
      settings: this.#core.settings,
      deadLetter: (message, subscription, attempts, reason, code) =>
        this.deadLetter(message, subscription, attempts, reason, code),
    };
  }

  deadLetter(message: Message, subscription: string, attempts: number, reason: string, code: string): void {
    this.#core.stats.deadLettered++;
    this.#core.deadLetters.push({
      message,
      subscription,
      attempts,
      reason,
      errorCode: code,
      time: this.#host.now(),
    });
  }

  /** A subscription that starts from the beginning reads the log in batches until it reaches the head. */
  async #catchUp(sub: Subscription): Promise<void> {
    if (!sub.catchingUp) return;
    const batch = await this.#host.log.read({
      from: sub.cursor + 1,
      limit: this.#core.settings.catchUpBatch,
    });
    const now = this.#host.now();
    for (const message of batch) {
      if (message.kind === 'event' && sub.types.has(message.type)) this.enqueue(sub, message, now);
      sub.cursor = message.position;
    }
    if (sub.cursor >= this.#core.routedHead) sub.catchingUp = false;
    else this.#host.schedule(now + 1, { kind: 'broker.catchUp', subscription: sub.options.name });
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

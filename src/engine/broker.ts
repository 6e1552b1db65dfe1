import {
  type BrokerCore,
  describeSubscription,
  exportBrokerState,
  type Instance,
  importBrokerState,
  newBrokerCore,
  newInstance,
  noteHandled,
  pushDelivery,
  type Subscription,
  shiftDelivery,
  takeDeadLetter,
} from './brokerCore';
import {
  type BrokerHost,
  type BrokerSettings,
  type BrokerState,
  type BrokerStats,
  type BrokerTask,
  type DeadLetter,
  type Delivery,
  type DeliveryHandler,
  type DeliveryStarted,
  defaultBrokerSettings,
  type LatencySpec,
  type SubscriptionOptions,
  type SubscriptionView,
} from './brokerTypes';
import { type Catalog, specOf } from './catalog';
import { killInstance, reviveInstance, scale, targetInstance } from './consumerGroup';
import { clamp01, describeError, errorCode, InjectedFailure, isPoison } from './deliveryErrors';
import { ConfigurationError, UnknownNameError } from './errors';
import { type BrokerFlavour, flavourOf, startFromProblems, visibilityTimeout } from './flavours';
import { type FlavourHost, failOnQueue, reappear, receive } from './flavoursDelivery';
import type { Message } from './message';
import type { Random } from './random';

export { instanceFor } from './brokerCore';
export * from './brokerTypes';
export { MAX_INSTANCES } from './consumerGroup';
export { InjectedFailure } from './deliveryErrors';
export * from './flavours';
/**
 * The in-page broker (DESIGN.md, "Broker"), in one of three flavours (flavours.ts; the default is the
 * retained log, Kafka-like; `queue` and `sqs` differ in replay, retries and redelivery). Events go to topics by
 * type and every subscription (consumer group) has its own cursor and queue, so adding one never
 * changes a producer; commands go point-to-point to the one subscription that handles their type.
 * Delivery is at-least-once: a delivery stays queued until its handler returns; a throw retries with
 * backoff, and after `maxAttempts` the message goes to the dead letters with the reason.
 *
 * The broker never runs a handler synchronously inside `route`: deliveries happen in scheduled tasks
 * on the virtual clock, so nothing may depend on delivery being synchronous.
 */

export class Broker {
  readonly #host: BrokerHost;
  readonly #catalog: Catalog;
  readonly #core: BrokerCore;

  constructor(host: BrokerHost, catalog: Catalog, settings: Partial<BrokerSettings> = {}) {
    this.#host = host;
    this.#catalog = catalog;
    this.#core = newBrokerCore({ ...defaultBrokerSettings, ...settings });
  }

  /** Counters since the run began. */
  get stats(): BrokerStats {
    return this.#core.stats;
  }

  get settings(): BrokerSettings {
    return this.#core.settings;
  }

  /** Which real broker's semantics this run has (fixed for the run; see flavours.ts). */
  get flavour(): BrokerFlavour {
    return flavourOf(this.#core.settings);
  }

  configure(settings: Partial<BrokerSettings>): void {
    if (settings.flavour !== undefined && settings.flavour !== this.flavour) {
      throw new ConfigurationError(
        `A run's broker flavour is chosen when it starts (this one is ${this.flavour}).`,
      );
    }
    this.#core.settings = { ...this.#core.settings, ...settings };
  }

  /**
   * Adds a consumer group. Producers are untouched: routing looks subscriptions up per message.
   * `started`, if given, hears each delivery an instance starts processing (see `DeliveryStarted`).
   */
  subscribe(options: SubscriptionOptions, handler: DeliveryHandler, started?: DeliveryStarted): void {
    if (this.#core.subscriptions.has(options.name)) {
      throw new ConfigurationError(`A subscription named "${options.name}" already exists.`);
    }
    const [refused] = startFromProblems(this.flavour, options.startFrom);
    if (refused) throw new ConfigurationError(refused);
    const count = options.instances ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new ConfigurationError(`"${options.name}" needs at least one instance, not ${count}.`);
    }
    for (const type of options.types) {
      const spec = specOf(this.#catalog, type);
      const owner = this.#core.commandRoutes.get(type);
      if (spec.kind === 'command' && owner) {
        throw new ConfigurationError(
          `Command "${type}" already goes to "${owner.options.name}"; a command has exactly one handler, ` +
            `so "${options.name}" cannot take it too. Publish an event if several parties should react.`,
        );
      }
    }
    const sub: Subscription = {
      options,
      types: new Set(options.types),
      handler,
      started,
      random: options.random,
      instances: Array.from({ length: count }, (_, index) => newInstance(index)),
      size: count,
      processingTime: options.processingTime ?? 0,
      failureRate: options.failureRate ?? 0,
      up: true,
      cursor: this.#core.routedHead,
      catchingUp: options.startFrom === 'beginning',
      delivered: 0,
      failedAttempts: 0,
      visibilityTimeouts: 0,
    };
    this.#core.subscriptions.set(options.name, sub);
    for (const type of options.types) {
      if (specOf(this.#catalog, type).kind === 'command') this.#core.commandRoutes.set(type, sub);
      else {
        const list = this.#core.eventRoutes.get(type) ?? [];
        list.push(sub);
        this.#core.eventRoutes.set(type, list);
      }
    }
    if (sub.catchingUp) {
      sub.cursor = 0;
      this.#host.schedule(this.#host.now(), { kind: 'broker.catchUp', subscription: options.name });
    }
  }

  /**
   * Removes a subscription: its queue is dropped (the messages stay in the log) and tasks still
   * scheduled for it are ignored when they come. Producers are untouched. Its dead letters stay.
   */
  unsubscribe(name: string): void {
    const sub = this.#get(name);
    this.#core.subscriptions.delete(name);
    for (const [type, list] of this.#core.eventRoutes) {
      const kept = list.filter((s) => s !== sub);
      if (kept.length > 0) this.#core.eventRoutes.set(type, kept);
      else this.#core.eventRoutes.delete(type);
    }
    for (const [type, target] of this.#core.commandRoutes) {
      if (target === sub) this.#core.commandRoutes.delete(type);
    }
  }

  /** Sets a consumer group's active instances (1 to `MAX_INSTANCES`); see consumerGroup.ts. */
  scale(name: string, instances: number): void {
    this.#wakeAll(this.#get(name), scale(this.#get(name), instances));
  }

  /** Kills one instance of a group: its subjects and queue move to the live instances (a rebalance). */
  killInstance(name: string, index: number): void {
    this.#wakeAll(this.#get(name), killInstance(this.#get(name), index));
  }

  /** Revives one instance of a group. */
  reviveInstance(name: string, index: number): void {
    this.#wakeAll(this.#get(name), reviveInstance(this.#get(name), index));
  }

  #wakeAll(sub: Subscription, instances: readonly Instance[]): void {
    const now = this.#host.now();
    for (const inst of instances) this.#wake(sub, inst, now);
  }

  /** Hands freshly logged messages to their subscriptions (called once per append, in log order). */
  route(messages: readonly Message[]): void {
    const now = this.#host.now();
    for (const message of messages) {
      if (message.position > this.#core.routedHead) this.#core.routedHead = message.position;
      this.stats.routed++;
      if (message.kind === 'command') {
        const target = this.#core.commandRoutes.get(message.type);
        if (target) this.#enqueue(target, message, now);
        else {
          this.#deadLetter(
            message,
            '(no handler)',
            0,
            `No service handles command "${message.type}".`,
            'NO_HANDLER',
          );
        }
        continue;
      }
      const targets = this.#core.eventRoutes.get(message.type);
      if (!targets) continue;
      for (const sub of targets) if (!sub.catchingUp) this.#enqueue(sub, message, now);
    }
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
        if (to) this.#wake(sub, to, this.#host.now());
        return;
      }
      default:
        return assertNever(task);
    }
  }

  /** A killed subscription takes no deliveries; its queue keeps growing until it is revived. */
  kill(name: string): void {
    const sub = this.#get(name);
    sub.up = false;
    for (const inst of sub.instances) {
      inst.epoch++;
      inst.busy = null; // not acked: it stays at the head and is delivered again after revival
    }
  }

  revive(name: string): void {
    const sub = this.#get(name);
    sub.up = true;
    const now = this.#host.now();
    for (const inst of sub.instances) if (inst.index < sub.size) this.#wake(sub, inst, now);
  }

  isUp(name: string): boolean {
    return this.#get(name).up;
  }

  /** Changes a subscription's fault knobs. */
  tune(name: string, knobs: { processingTime?: number; failureRate?: number }): void {
    const sub = this.#get(name);
    if (knobs.processingTime !== undefined) sub.processingTime = Math.max(0, knobs.processingTime);
    if (knobs.failureRate !== undefined) sub.failureRate = clamp01(knobs.failureRate);
  }

  /** A subscription's fault knobs as set by `tune`. */
  knobs(name: string): { readonly processingTime: number; readonly failureRate: number } {
    const { processingTime, failureRate } = this.#get(name);
    return { processingTime, failureRate };
  }

  /** Every unacknowledged delivery of a subscription, per instance, in queue order. */
  deliveries(name: string): Delivery[] {
    return this.#get(name).instances.flatMap((inst) => inst.inbox.toArray());
  }

  /** Plain facts about one subscription, for snapshots. */
  describe(name: string): SubscriptionView {
    return describeSubscription(
      this.#get(name),
      this.#core.routedHead,
      this.#host.now(),
      this.flavour === 'sqs',
    );
  }

  subscriptionNames(): string[] {
    return [...this.#core.subscriptions.keys()];
  }

  /**
   * Sends a dead letter back for a fresh round of attempts (after a fix, say). Returns false when
   * no dead letter of that message is held for that subscription.
   */
  redeliverDeadLetter(subscription: string, position: number): boolean {
    const letter = takeDeadLetter(this.#core, subscription, position);
    if (!letter) return false;
    const target =
      this.#core.subscriptions.get(subscription) ?? this.#core.commandRoutes.get(letter.message.type);
    if (target) this.#enqueue(target, letter.message, this.#host.now());
    else this.#deadLetter(letter.message, subscription, letter.attempts, letter.reason, letter.errorCode);
    return true;
  }

  /** Gives up on a dead letter for good. Returns false when there is no such dead letter. */
  discardDeadLetter(subscription: string, position: number): boolean {
    return takeDeadLetter(this.#core, subscription, position) !== undefined;
  }

  deadLetters(): readonly DeadLetter[] {
    return this.#core.deadLetters;
  }

  /** Everything the broker holds, as plain data (messages kept as log positions). */
  exportState(): BrokerState {
    return exportBrokerState(this.#core);
  }

  /** Restores a saved state onto the same subscriptions (created by `subscribe` first). */
  importState(state: BrokerState, messageAt: (position: number) => Message): void {
    importBrokerState(this.#core, state, messageAt);
  }

  #get(name: string): Subscription {
    const sub = this.#core.subscriptions.get(name);
    if (!sub) throw new UnknownNameError('subscription', name, [...this.#core.subscriptions.keys()]);
    return sub;
  }

  #enqueue(sub: Subscription, message: Message, now: number): void {
    const inst = targetInstance(sub, message.subject);
    const latency =
      this.#core.settings.edgeLatency[`${message.source}->${sub.options.name}`] ??
      this.#core.settings.latency;
    const random = sub.random ?? this.#host.random;
    this.#push(sub, inst, message, now, now + this.#delay(latency, random), false);
    if (random.chance(this.#core.settings.duplicateRate)) {
      this.stats.duplicatesInjected++;
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
    if (inst.inbox.length === 1) this.#wake(sub, inst, at);
  }

  #delay(latency: LatencySpec, random: Random): number {
    return latency.base + (latency.jitter > 0 ? random.int(latency.jitter + 1) : 0);
  }

  #wake(sub: Subscription, inst: Instance, at: number): void {
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
        this.#wake(sub, inst, head.availableAt);
        return;
      }
      if (this.flavour === 'sqs' && !receive(this.#flavourHost(), sub, inst, head)) continue;
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
        if (this.flavour === 'sqs' && sub.processingTime > timeout) {
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
      this.stats.delivered++;
      return;
    }
    delivery.attempts++;
    delivery.lastError = describeError(error);
    sub.failedAttempts++;
    this.stats.failedAttempts++;
    if (delivery.stale) {
      shiftDelivery(inst); // `sqs`: another instance has the message now
      return;
    }
    if (this.flavour !== 'log') {
      failOnQueue(this.#flavourHost(), sub, inst, delivery, error);
      return;
    }
    const { maxAttempts, baseBackoff, maxBackoff } = this.#core.settings.retry;
    if (delivery.attempts >= maxAttempts || isPoison(error)) {
      shiftDelivery(inst);
      this.#deadLetter(
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
        this.#deadLetter(message, subscription, attempts, reason, code),
    };
  }

  #deadLetter(message: Message, subscription: string, attempts: number, reason: string, code: string): void {
    this.stats.deadLettered++;
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
      if (message.kind === 'event' && sub.types.has(message.type)) this.#enqueue(sub, message, now);
      sub.cursor = message.position;
    }
    if (sub.cursor >= this.#core.routedHead) sub.catchingUp = false;
    else this.#host.schedule(now + 1, { kind: 'broker.catchUp', subscription: sub.options.name });
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

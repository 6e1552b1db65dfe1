import {
  type BrokerCore,
  describeSubscription,
  exportBrokerState,
  type Instance,
  importBrokerState,
  newBrokerCore,
  newInstance,
  type Subscription,
  takeDeadLetter,
} from './brokerCore';
import { DeliveryLoop } from './brokerDelivery';
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
  type SubscriptionOptions,
  type SubscriptionView,
} from './brokerTypes';
import { type Catalog, specOf } from './catalog';
import { killInstance, reviveInstance, scale } from './consumerGroup';
import { clamp01 } from './deliveryErrors';
import { ConfigurationError, UnknownNameError } from './errors';
import { type BrokerFlavour, flavourOf, startFromProblems } from './flavours';
import type { Message } from './message';

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
  readonly #delivery: DeliveryLoop;

  constructor(host: BrokerHost, catalog: Catalog, settings: Partial<BrokerSettings> = {}) {
    this.#host = host;
    this.#catalog = catalog;
    this.#core = newBrokerCore({ ...defaultBrokerSettings, ...settings });
    this.#delivery = new DeliveryLoop(host, this.#core);
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
    for (const inst of instances) this.#delivery.wake(sub, inst, now);
  }

  /** Hands freshly logged messages to their subscriptions (called once per append, in log order). */
  route(messages: readonly Message[]): void {
    const now = this.#host.now();
    for (const message of messages) {
      if (message.position > this.#core.routedHead) this.#core.routedHead = message.position;
      this.stats.routed++;
      if (message.kind === 'command') {
        const target = this.#core.commandRoutes.get(message.type);
        if (target) this.#delivery.enqueue(target, message, now);
        else {
          this.#delivery.deadLetter(
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
      for (const sub of targets) if (!sub.catchingUp) this.#delivery.enqueue(sub, message, now);
    }
  }

  /** Runs one of the broker's scheduled tasks. */
  run(task: BrokerTask): Promise<void> {
    return this.#delivery.run(task);
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
    for (const inst of sub.instances) if (inst.index < sub.size) this.#delivery.wake(sub, inst, now);
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
    if (target) this.#delivery.enqueue(target, letter.message, this.#host.now());
    else
      this.#delivery.deadLetter(
        letter.message,
        subscription,
        letter.attempts,
        letter.reason,
        letter.errorCode,
      );
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
}

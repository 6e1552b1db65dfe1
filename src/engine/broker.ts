import {
  type BrokerHost,
  type BrokerSettings,
  type BrokerState,
  type BrokerStats,
  type BrokerTask,
  type DeadLetter,
  type Delivery,
  type DeliveryHandler,
  defaultBrokerSettings,
  type LatencySpec,
  type SubscriptionOptions,
  type SubscriptionState,
  type SubscriptionView,
} from './brokerTypes';
import { type Catalog, specOf } from './catalog';
import { ConfigurationError, EngineError, UnknownNameError } from './errors';
import type { Message } from './message';
import { Queue } from './queue';

export * from './brokerTypes';
/**
 * The in-page broker, retained-log flavour (Kafka-like; DESIGN.md, "Broker"). Events go to topics by
 * type and every subscription (consumer group) has its own cursor and queue, so adding one never
 * changes a producer; commands go point-to-point to the one subscription that handles their type.
 * Delivery is at-least-once: a delivery stays queued until its handler returns; a throw retries with
 * backoff, and after `maxAttempts` the message goes to the dead letters with the reason.
 *
 * The broker never runs a handler synchronously inside `route`: deliveries happen in scheduled tasks
 * on the virtual clock, so nothing may depend on delivery being synchronous.
 */
export class InjectedFailure extends Error {
  constructor(subscription: string, how = 'crashed while handling the message') {
    super(`${subscription} ${how} (injected failure)`);
    this.name = 'InjectedFailure';
  }
}

/** Errors that will fail the same way on every retry go to the dead letters at once. */
function isPoison(error: unknown): boolean {
  return (
    error instanceof EngineError &&
    (error.code === 'UNKNOWN_MESSAGE_TYPE' || error.code === 'INVALID_MESSAGE')
  );
}

interface Instance {
  readonly index: number;
  readonly inbox: Queue<Delivery>;
  /** The delivery being processed (still queued: it is acked only when processing succeeds). */
  busy: Delivery | null;
  /** Bumped on kill so a processing task from before the kill is ignored. */
  epoch: number;
  /** Time of the earliest wake already scheduled, or null. */
  wakeAt: number | null;
}

interface Subscription {
  readonly options: SubscriptionOptions;
  readonly types: ReadonlySet<string>;
  readonly handler: DeliveryHandler;
  readonly instances: Instance[];
  processingTime: number;
  failureRate: number;
  up: boolean;
  /** Last log position read while catching up; live subscriptions follow `routedHead`. */
  cursor: number;
  catchingUp: boolean;
  delivered: number;
  failedAttempts: number;
}

export class Broker {
  readonly #host: BrokerHost;
  readonly #catalog: Catalog;
  #settings: BrokerSettings;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #eventRoutes = new Map<string, Subscription[]>();
  readonly #commandRoutes = new Map<string, Subscription>();
  readonly #deadLetters: DeadLetter[] = [];
  #routedHead = 0;
  readonly stats: BrokerStats = {
    routed: 0,
    delivered: 0,
    failedAttempts: 0,
    duplicatesInjected: 0,
    deadLettered: 0,
  };

  constructor(host: BrokerHost, catalog: Catalog, settings: Partial<BrokerSettings> = {}) {
    this.#host = host;
    this.#catalog = catalog;
    this.#settings = { ...defaultBrokerSettings, ...settings };
  }

  get settings(): BrokerSettings {
    return this.#settings;
  }

  configure(settings: Partial<BrokerSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
  }

  /** Adds a consumer group. Producers are untouched: routing looks subscriptions up per message. */
  subscribe(options: SubscriptionOptions, handler: DeliveryHandler): void {
    if (this.#subscriptions.has(options.name)) {
      throw new ConfigurationError(`A subscription named "${options.name}" already exists.`);
    }
    const count = options.instances ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new ConfigurationError(`"${options.name}" needs at least one instance, not ${count}.`);
    }
    for (const type of options.types) {
      const spec = specOf(this.#catalog, type);
      const owner = this.#commandRoutes.get(type);
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
      instances: Array.from({ length: count }, (_, index) => newInstance(index)),
      processingTime: options.processingTime ?? 0,
      failureRate: options.failureRate ?? 0,
      up: true,
      cursor: this.#routedHead,
      catchingUp: options.startFrom === 'beginning',
      delivered: 0,
      failedAttempts: 0,
    };
    this.#subscriptions.set(options.name, sub);
    for (const type of options.types) {
      if (specOf(this.#catalog, type).kind === 'command') this.#commandRoutes.set(type, sub);
      else {
        const list = this.#eventRoutes.get(type) ?? [];
        list.push(sub);
        this.#eventRoutes.set(type, list);
      }
    }
    if (sub.catchingUp) {
      sub.cursor = 0;
      this.#host.schedule(this.#host.now(), { kind: 'broker.catchUp', subscription: options.name });
    }
  }

  /** Hands freshly logged messages to their subscriptions (called once per append, in log order). */
  route(messages: readonly Message[]): void {
    const now = this.#host.now();
    for (const message of messages) {
      if (message.position > this.#routedHead) this.#routedHead = message.position;
      this.stats.routed++;
      if (message.kind === 'command') {
        const target = this.#commandRoutes.get(message.type);
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
      const targets = this.#eventRoutes.get(message.type);
      if (!targets) continue;
      for (const sub of targets) if (!sub.catchingUp) this.#enqueue(sub, message, now);
    }
  }

  /** Runs one of the broker's scheduled tasks. */
  async run(task: BrokerTask): Promise<void> {
    const sub = this.#get(task.subscription);
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
    for (const inst of sub.instances) this.#wake(sub, inst, now);
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
    const sub = this.#get(name);
    const now = this.#host.now();
    let inFlight = 0;
    let queued = 0;
    for (const inst of sub.instances) {
      for (const d of inst.inbox.toArray()) {
        if (d.attempts === 0 && d.availableAt > now) inFlight++;
        else queued++;
      }
    }
    return {
      name,
      up: sub.up,
      instances: sub.instances.length,
      busy: sub.instances.some((i) => i.busy !== null),
      inbox: queued,
      inFlight,
      delivered: sub.delivered,
      failedAttempts: sub.failedAttempts,
      catchingUp: sub.catchingUp,
      cursor: sub.catchingUp ? sub.cursor : this.#routedHead,
      processingTime: sub.processingTime,
      failureRate: sub.failureRate,
    };
  }

  subscriptionNames(): string[] {
    return [...this.#subscriptions.keys()];
  }

  /**
   * Sends a dead letter back for a fresh round of attempts (after a fix, say). Returns false when
   * no dead letter of that message is held for that subscription.
   */
  redeliverDeadLetter(subscription: string, position: number): boolean {
    const letter = this.#takeDeadLetter(subscription, position);
    if (!letter) return false;
    const target = this.#subscriptions.get(subscription) ?? this.#commandRoutes.get(letter.message.type);
    if (target) this.#enqueue(target, letter.message, this.#host.now());
    else this.#deadLetter(letter.message, subscription, letter.attempts, letter.reason, letter.errorCode);
    return true;
  }

  /** Gives up on a dead letter for good. Returns false when there is no such dead letter. */
  discardDeadLetter(subscription: string, position: number): boolean {
    return this.#takeDeadLetter(subscription, position) !== undefined;
  }

  #takeDeadLetter(subscription: string, position: number): DeadLetter | undefined {
    const index = this.#deadLetters.findIndex(
      (d) => d.subscription === subscription && d.message.position === position,
    );
    if (index < 0) return undefined;
    return this.#deadLetters.splice(index, 1)[0];
  }

  deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /** Everything the broker holds, as plain data (messages kept as log positions). */
  exportState(): BrokerState {
    const subscriptions: Record<string, SubscriptionState> = {};
    for (const [name, sub] of this.#subscriptions) {
      subscriptions[name] = {
        up: sub.up,
        cursor: sub.cursor,
        catchingUp: sub.catchingUp,
        processingTime: sub.processingTime,
        failureRate: sub.failureRate,
        delivered: sub.delivered,
        failedAttempts: sub.failedAttempts,
        instances: sub.instances.map((inst) => ({
          epoch: inst.epoch,
          wakeAt: inst.wakeAt,
          busy: inst.busy !== null,
          inbox: inst.inbox.toArray().map(({ message, subscription: _s, instance: _i, ...rest }) => ({
            position: message.position,
            ...rest,
          })),
        })),
      };
    }
    return {
      settings: this.#settings,
      routedHead: this.#routedHead,
      stats: { ...this.stats },
      subscriptions,
      deadLetters: this.#deadLetters.map(({ message, ...rest }) => ({ position: message.position, ...rest })),
    };
  }

  /** Restores a saved state onto the same subscriptions (created by `subscribe` first). */
  importState(state: BrokerState, messageAt: (position: number) => Message): void {
    const saved = Object.keys(state.subscriptions).sort().join(', ');
    const mine = [...this.#subscriptions.keys()].sort().join(', ');
    if (saved !== mine) {
      throw new ConfigurationError(`The saved run has subscriptions [${saved}] but this one has [${mine}].`);
    }
    this.#settings = state.settings;
    this.#routedHead = state.routedHead;
    Object.assign(this.stats, state.stats);
    this.#deadLetters.length = 0;
    for (const { position, ...rest } of state.deadLetters) {
      this.#deadLetters.push({ message: messageAt(position), ...rest });
    }
    for (const [name, saved] of Object.entries(state.subscriptions)) {
      const sub = this.#get(name);
      sub.up = saved.up;
      sub.cursor = saved.cursor;
      sub.catchingUp = saved.catchingUp;
      sub.processingTime = saved.processingTime;
      sub.failureRate = saved.failureRate;
      sub.delivered = saved.delivered;
      sub.failedAttempts = saved.failedAttempts;
      sub.instances.length = 0;
      for (const [index, inst] of saved.instances.entries()) {
        const restored = newInstance(index);
        restored.epoch = inst.epoch;
        restored.wakeAt = inst.wakeAt;
        for (const { position, ...rest } of inst.inbox) {
          restored.inbox.push({ message: messageAt(position), subscription: name, instance: index, ...rest });
        }
        if (inst.busy) restored.busy = restored.inbox.peek() ?? null;
        sub.instances.push(restored);
      }
    }
  }

  #get(name: string): Subscription {
    const sub = this.#subscriptions.get(name);
    if (!sub) throw new UnknownNameError('subscription', name, [...this.#subscriptions.keys()]);
    return sub;
  }

  #enqueue(sub: Subscription, message: Message, now: number): void {
    const n = sub.instances.length;
    const inst = sub.instances[n === 1 ? 0 : instanceFor(message.subject, n)] as Instance;
    const latency =
      this.#settings.edgeLatency[`${message.source}->${sub.options.name}`] ?? this.#settings.latency;
    this.#push(sub, inst, message, now, now + this.#delay(latency), false);
    if (this.#host.random.chance(this.#settings.duplicateRate)) {
      this.stats.duplicatesInjected++;
      this.#push(sub, inst, message, now, now + this.#delay(latency) + 1, true);
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
    inst.inbox.push(delivery);
    if (inst.inbox.length === 1) this.#wake(sub, inst, at);
  }

  #delay(latency: LatencySpec): number {
    return latency.base + (latency.jitter > 0 ? this.#host.random.int(latency.jitter + 1) : 0);
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
      if (!sub.up || inst.busy) return;
      const head = inst.inbox.peek();
      if (!head) return;
      if (head.availableAt > now) {
        this.#wake(sub, inst, head.availableAt);
        return;
      }
      if (sub.processingTime > 0) {
        inst.busy = head;
        this.#host.schedule(now + sub.processingTime, {
          kind: 'broker.complete',
          subscription: sub.options.name,
          instance: inst.index,
          epoch: inst.epoch,
        });
        return;
      }
      await this.#attempt(sub, inst, head);
    }
  }

  /** One delivery attempt: ack on success; on a throw, retry with backoff or dead-letter. */
  async #attempt(sub: Subscription, inst: Instance, delivery: Delivery): Promise<void> {
    let error: unknown = null;
    if (this.#host.random.chance(sub.failureRate)) error = new InjectedFailure(sub.options.name);
    else {
      try {
        const pending = sub.handler(delivery.message, delivery);
        if (pending) await pending;
      } catch (e) {
        error = e;
      }
    }
    if (error === null) {
      inst.inbox.shift();
      sub.delivered++;
      this.stats.delivered++;
      return;
    }
    delivery.attempts++;
    delivery.lastError = describeError(error);
    sub.failedAttempts++;
    this.stats.failedAttempts++;
    const { maxAttempts, baseBackoff, maxBackoff } = this.#settings.retry;
    if (delivery.attempts >= maxAttempts || isPoison(error)) {
      inst.inbox.shift();
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

  #deadLetter(message: Message, subscription: string, attempts: number, reason: string, code: string): void {
    this.stats.deadLettered++;
    this.#deadLetters.push({
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
    const batch = await this.#host.log.read({ from: sub.cursor + 1, limit: this.#settings.catchUpBatch });
    const now = this.#host.now();
    for (const message of batch) {
      if (message.kind === 'event' && sub.types.has(message.type)) this.#enqueue(sub, message, now);
      sub.cursor = message.position;
    }
    if (sub.cursor >= this.#routedHead) sub.catchingUp = false;
    else this.#host.schedule(now + 1, { kind: 'broker.catchUp', subscription: sub.options.name });
  }
}

function newInstance(index: number): Instance {
  return { index, inbox: new Queue<Delivery>(), busy: null, epoch: 0, wakeAt: null };
}

/** Per-subject ordering inside a consumer group: a subject always maps to the same instance. */
export function instanceFor(subject: string, instances: number): number {
  let h = 2166136261;
  for (let i = 0; i < subject.length; i++) h = Math.imul(h ^ subject.charCodeAt(i), 16777619);
  return (h >>> 0) % instances;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return `handler threw a non-error value: ${String(error)}`;
}

function errorCode(error: unknown): string {
  if (error instanceof EngineError) return error.code;
  if (error instanceof InjectedFailure) return 'INJECTED_FAILURE';
  return 'HANDLER_ERROR';
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

import {
  Broker,
  type BrokerSettings,
  type BrokerTask,
  type DeadLetter,
  type SubscriptionView,
} from './broker';
import { type Catalog, checkAgainstCatalog, specOf } from './catalog';
import { Scheduler } from './clock';
import { EffectGateway } from './effects';
import { ConfigurationError, UnknownNameError } from './errors';
import type { EventLog } from './eventLog';
import { LogHasher } from './hash';
import { MemoryEventLog } from './memoryLog';
import type { Message, MessageKind, NewMessage } from './message';
import { type ProjectionDefinition, ProjectionRuntime } from './projection';
import { IdGenerator, Random } from './random';
import type { Outgoing, ServiceContext, ServiceDefinition } from './service';

export interface SimulationOptions {
  readonly seed: number | string;
  readonly catalog: Catalog;
  // biome-ignore lint/suspicious/noExplicitAny: a simulation holds services of many state types
  readonly services: readonly ServiceDefinition<any>[];
  // biome-ignore lint/suspicious/noExplicitAny: likewise for read models
  readonly projections?: readonly ProjectionDefinition<any>[];
  /** The event log; an in-memory one by default. */
  readonly log?: EventLog;
  readonly broker?: Partial<BrokerSettings>;
  /** Read-model lag in virtual ms (default 0). */
  readonly projectionLag?: number;
}

/** A person's action, or anything from outside the services. */
export interface Dispatch {
  readonly type: string;
  readonly subject: string;
  readonly data: unknown;
  readonly correlationId?: string;
  readonly source?: string;
}

type ProjectionTask = { readonly kind: 'projection.catchUp'; readonly name: string };
type Task = BrokerTask | ProjectionTask;

interface ServiceRuntime {
  readonly definition: ServiceDefinition<unknown>;
  state: unknown;
  idempotent: boolean;
  readonly processed: Set<string>;
  handled: number;
  duplicatesSuppressed: number;
  readonly random: Random;
}

export interface ServiceView extends SubscriptionView {
  readonly idempotent: boolean;
  readonly handled: number;
  readonly duplicatesSuppressed: number;
  readonly state: unknown;
}

export interface ProjectionView {
  readonly name: string;
  readonly checkpoint: number;
  /** Messages in the log that the read model has not folded yet. */
  readonly behind: number;
  readonly lag: number;
  readonly state: unknown;
}

/** Plain data for the UI: everything shown on screen comes from here. */
export interface SimulationSnapshot {
  readonly now: number;
  readonly head: number;
  readonly services: readonly ServiceView[];
  readonly projections: readonly ProjectionView[];
  readonly deadLetters: readonly DeadLetter[];
  readonly pendingTasks: number;
}

/**
 * A running simulation: the virtual clock and scheduler, the log, the broker, the services and the
 * read models, wired together. Every change happens in a scheduled task or a dispatched action, one
 * at a time, so the same seed and actions always give the same log.
 */
export class Simulation {
  readonly log: EventLog;
  readonly broker: Broker;
  readonly effects = new EffectGateway();
  readonly catalog: Catalog;
  readonly #scheduler = new Scheduler<Task>();
  readonly #ids: IdGenerator;
  readonly #services = new Map<string, ServiceRuntime>();
  readonly #projections = new Map<string, ProjectionRuntime>();
  readonly #projectionWakes = new Map<string, number>();
  readonly #hasher = new LogHasher();
  readonly #listeners = new Set<() => void>();
  #head = 0;
  #snapshot: SimulationSnapshot | null = null;

  constructor(options: SimulationOptions) {
    const random = new Random(options.seed);
    this.catalog = options.catalog;
    this.log = options.log ?? new MemoryEventLog();
    this.#ids = new IdGenerator(random.fork('ids'));
    this.broker = new Broker(
      {
        now: () => this.#scheduler.now,
        schedule: (at, task) => this.#scheduler.schedule(at, task),
        log: this.log,
        random: random.fork('broker'),
      },
      options.catalog,
      options.broker,
    );
    for (const definition of options.services)
      this.#addService(definition, random.fork(`service:${definition.name}`));
    for (const definition of options.projections ?? []) {
      if (this.#projections.has(definition.name)) {
        throw new ConfigurationError(`Two read models are named "${definition.name}".`);
      }
      this.#projections.set(definition.name, new ProjectionRuntime(definition, options.projectionLag ?? 0));
    }
  }

  /** Virtual time in ms. */
  get now(): number {
    return this.#scheduler.now;
  }

  /** The log's last position, as this simulation wrote it. */
  get head(): number {
    return this.#head;
  }

  /** Hash of every message this simulation appended, in order. */
  get logHash(): string {
    return this.#hasher.digest();
  }

  /** Publishes a person's action (or any outside message) now. Unknown types are refused unlogged. */
  async dispatch(action: Dispatch): Promise<Message> {
    const spec = specOf(this.catalog, action.type);
    const id = this.#ids.next();
    const message = this.#envelope(action, spec.kind, id, {
      source: action.source ?? 'user',
      correlationId: action.correlationId ?? id,
      causationId: null,
    });
    const [stored] = await this.#publish([message]);
    this.#changed();
    return stored as Message;
  }

  /** Runs every task due within the next `ms` virtual ms, then lets the clock reach that time. */
  async advance(ms: number): Promise<void> {
    const until = this.#scheduler.now + ms;
    await this.#runWhile((at) => at <= until);
    this.#scheduler.advanceTo(until);
    this.#changed();
  }

  /** Runs until nothing is scheduled (or `maxTime` is reached); returns the number of tasks run. */
  async runUntilIdle(maxTime = Number.POSITIVE_INFINITY): Promise<number> {
    const count = await this.#runWhile((at) => at <= maxTime);
    this.#changed();
    return count;
  }

  /** Runs the next scheduled task; false when there is none. */
  async step(): Promise<boolean> {
    const ran = (await this.#runWhile(() => true, 1)) > 0;
    this.#changed();
    return ran;
  }

  kill(name: string): void {
    this.#service(name);
    this.broker.kill(name);
    this.#changed();
  }

  revive(name: string): void {
    this.#service(name);
    this.broker.revive(name);
    this.#changed();
  }

  /** Turns a service's idempotent-consumer inbox (de-duplication by message id) on or off. */
  setIdempotent(name: string, on: boolean): void {
    this.#service(name).idempotent = on;
    this.#changed();
  }

  setProjectionLag(ms: number): void {
    for (const p of this.#projections.values()) p.lag = Math.max(0, ms);
    this.#changed();
  }

  serviceState<State>(name: string): State {
    return this.#service(name).state as State;
  }

  projectionState<State>(name: string): State {
    return this.#projection(name).state as State;
  }

  /** `subscribe` / `getSnapshot`: the one narrow interface the UI reads through. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SimulationSnapshot => {
    if (this.#snapshot) return this.#snapshot;
    const services = [...this.#services.values()].map(
      (s): ServiceView => ({
        ...this.broker.describe(s.definition.name),
        idempotent: s.idempotent,
        handled: s.handled,
        duplicatesSuppressed: s.duplicatesSuppressed,
        state: s.state,
      }),
    );
    const projections = [...this.#projections.values()].map(
      (p): ProjectionView => ({
        name: p.definition.name,
        checkpoint: p.checkpoint,
        behind: this.#head - p.checkpoint,
        lag: p.lag,
        state: p.state,
      }),
    );
    this.#snapshot = {
      now: this.now,
      head: this.#head,
      services,
      projections,
      deadLetters: [...this.broker.deadLetters()],
      pendingTasks: this.#scheduler.size,
    };
    return this.#snapshot;
  };

  #addService(definition: ServiceDefinition<unknown>, random: Random): void {
    if (this.#services.has(definition.name)) {
      throw new ConfigurationError(`Two services are named "${definition.name}".`);
    }
    const runtime: ServiceRuntime = {
      definition,
      state: definition.initialState(),
      idempotent: true,
      processed: new Set(),
      handled: 0,
      duplicatesSuppressed: 0,
      random,
    };
    this.#services.set(definition.name, runtime);
    this.broker.subscribe(
      {
        name: definition.name,
        types: definition.handles,
        instances: definition.instances ?? 1,
        processingTime: definition.processingTime ?? 0,
      },
      (message) => this.#handle(runtime, message),
    );
  }

  /**
   * One delivery to a service: skip it if already processed (idempotent consumer), else decide,
   * append everything decided in one atomic append (so state change and publish cannot part), then
   * fold the service's own new events into its state. A throw leaves nothing behind and is retried.
   */
  async #handle(runtime: ServiceRuntime, message: Message): Promise<void> {
    if (runtime.idempotent && runtime.processed.has(message.id)) {
      runtime.duplicatesSuppressed++;
      return;
    }
    const { definition } = runtime;
    const context: ServiceContext = { now: this.now, random: runtime.random, effects: this.effects };
    const outgoing = definition.decide(runtime.state, message, context);
    const drafts = outgoing.map((out: Outgoing) => {
      const spec = specOf(this.catalog, out.type);
      return this.#envelope(out, spec.kind, this.#ids.next(), {
        source: definition.name,
        correlationId: out.correlationId ?? message.correlationId,
        causationId: message.id,
      });
    });
    const stored = drafts.length > 0 ? await this.#publish(drafts) : [];
    let state = runtime.state;
    for (const m of stored) if (m.kind === 'event') state = definition.evolve(state, m);
    runtime.state = state;
    runtime.processed.add(message.id);
    runtime.handled++;
  }

  #envelope(
    out: { type: string; subject: string; data: unknown },
    kind: MessageKind,
    id: string,
    links: { source: string; correlationId: string; causationId: string | null },
  ): NewMessage {
    const message: NewMessage = {
      id,
      kind,
      type: out.type,
      schemaVersion: specOf(this.catalog, out.type).schemaVersion ?? 1,
      source: links.source,
      subject: out.subject,
      time: this.now,
      correlationId: links.correlationId,
      causationId: links.causationId,
      data: out.data,
    };
    checkAgainstCatalog(this.catalog, message);
    return message;
  }

  /** Appends, then hands what was written to the broker and the read models. */
  async #publish(drafts: readonly NewMessage[]): Promise<readonly Message[]> {
    const { appended } = await this.log.append(drafts);
    for (const m of appended) {
      this.#hasher.update(m);
      this.#head = m.position;
    }
    this.broker.route(appended);
    for (const p of this.#projections.values()) {
      const due = p.feed(appended, this.now);
      if (due !== undefined) this.#wakeProjection(p.definition.name, due);
    }
    return appended;
  }

  #wakeProjection(name: string, at: number): void {
    const scheduled = this.#projectionWakes.get(name);
    if (scheduled !== undefined && scheduled <= at) return;
    this.#projectionWakes.set(name, at);
    this.#scheduler.schedule(at, { kind: 'projection.catchUp', name });
  }

  async #runWhile(due: (at: number) => boolean, limit = Number.POSITIVE_INFINITY): Promise<number> {
    let count = 0;
    for (;;) {
      const at = this.#scheduler.peekTime();
      if (at === undefined || !due(at) || count >= limit) return count;
      const next = this.#scheduler.pop();
      if (!next) return count;
      count++;
      this.#snapshot = null;
      const task = next.task;
      if (task.kind === 'projection.catchUp') this.#runProjection(task.name, next.at);
      else await this.broker.run(task);
    }
  }

  #runProjection(name: string, at: number): void {
    if (this.#projectionWakes.get(name) !== at) return; // superseded by an earlier wake
    this.#projectionWakes.delete(name);
    const next = this.#projection(name).catchUp(this.now);
    if (next !== undefined) this.#wakeProjection(name, next);
  }

  #service(name: string): ServiceRuntime {
    const s = this.#services.get(name);
    if (!s) throw new UnknownNameError('service', name, [...this.#services.keys()]);
    return s;
  }

  #projection(name: string): ProjectionRuntime {
    const p = this.#projections.get(name);
    if (!p) throw new UnknownNameError('read model', name, [...this.#projections.keys()]);
    return p;
  }

  #changed(): void {
    this.#snapshot = null;
    for (const listener of this.#listeners) listener();
  }
}

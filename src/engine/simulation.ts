import { Broker } from './broker';
import { type Catalog, specOf } from './catalog';
import { Connector, cdcCatalog } from './cdc';
import { Scheduler } from './clock';
import { EffectGateway } from './effects';
import { envelope } from './envelope';
import { ConfigurationError, UnknownNameError } from './errors';
import { type EventLog, type ExpectedVersion, isStaging } from './eventLog';
import { startFromProblems } from './flavours';
import { GrownParts } from './grownParts';
import {
  assertNoProblems,
  type ProjectionSpec,
  projectionDefinition,
  projectionProblems,
  type SubscriberSpec,
  subscriberDefinition,
  subscriberProblems,
} from './growth';
import { LogHasher } from './hash';
import { committedEvents, isLocalCommit } from './localCommit';
import { MemoryEventLog } from './memoryLog';
import type { Message, NewMessage } from './message';
import { IdGenerator, Random } from './random';
import { ReadModels } from './readModels';
import { savedRunLookup } from './savedMessages';
import { exportSimulationState, importSimulationParts, type StateParts } from './savedState';
import type { ServiceDefinition } from './service';
import { SimulationHost } from './serviceHost';
import { ServiceRuntime } from './serviceRuntime';
import { snapshotOf } from './simulationSnapshot';
import type {
  Dispatch,
  SimulationOptions,
  SimulationSnapshot,
  SimulationState,
  Task,
} from './simulationTypes';
import { Upcasting } from './upcasting';

export * from './simulationTypes';

/** A read model added from the beginning reads this many logged messages per `HISTORY_EVERY` ms. */
const HISTORY_BATCH = 25;
const HISTORY_EVERY = 10;

export class Simulation {
  readonly log: EventLog;
  readonly broker: Broker;
  readonly effects = new EffectGateway();
  readonly catalog: Catalog;
  readonly #scheduler = new Scheduler<Task>();
  readonly #ids: IdGenerator;
  readonly #brokerRandom: Random;
  readonly #seed: string;
  readonly #services = new Map<string, ServiceRuntime>();
  readonly #readModels: ReadModels;
  readonly #hasher = new LogHasher();
  /**
   * Logged messages not yet folded into the hash: hashing (canonical JSON per message) waits until
   * the hash is read, so a re-run whose hash nobody asks for (a seek) never pays for it.
   */
  readonly #unhashed: Message[] = [];
  readonly #listeners = new Set<() => void>();
  #head = 0;
  #snapshot: SimulationSnapshot | null = null;
  /** Subscribers and read models added while running (growth.ts), and names retired since. */
  readonly #grown = new GrownParts();
  /** CDC connectors by the table-backed service they tail (cdc.ts). */
  readonly #connectors = new Map<string, Connector>();
  /** The catalog's upcasters and this run's switches (schema evolution; upcasting.ts). */
  readonly #upcasting: Upcasting;
  /** How services make and send messages (serviceHost.ts). */
  readonly #host: SimulationHost;

  constructor(options: SimulationOptions) {
    const random = new Random(options.seed);
    this.#seed = random.seed;
    // The engine's own event types (CDC's RowChanged) beside the scenario's.
    this.catalog = { ...cdcCatalog, ...options.catalog };
    this.#upcasting = new Upcasting(options.catalog);
    this.log = options.log ?? new MemoryEventLog();
    this.#ids = new IdGenerator(random.fork('ids'));
    this.#brokerRandom = random.fork('broker');
    this.broker = new Broker(
      {
        now: () => this.#scheduler.now,
        schedule: (at, task) => this.#scheduler.schedule(at, task),
        log: this.log,
        random: this.#brokerRandom,
      },
      this.catalog,
      options.broker,
    );
    this.#host = new SimulationHost({
      catalog: this.catalog,
      log: this.log,
      effects: this.effects,
      scheduler: this.#scheduler,
      ids: this.#ids,
      brokerRandom: this.#brokerRandom,
      broker: this.broker,
      upcasting: this.#upcasting,
      connectors: this.#connectors,
      head: () => this.#head,
      publish: (drafts, route, expected) => this.#publish(drafts, route, expected),
    });
    for (const definition of options.services)
      this.#addService(definition, random.fork(`service:${definition.name}`));
    this.#readModels = new ReadModels(
      options.projections ?? [],
      options.projectionLag ?? 0,
      (at, name) => this.#scheduler.schedule(at, { kind: 'projection.catchUp', name }),
      (message) => this.#upcasting.read(message),
    );
  }

  /** Virtual time in ms. */
  get now(): number {
    return this.#scheduler.now;
  }

  /** The log's last position, as this simulation wrote it. */
  get head(): number {
    return this.#head;
  }

  /** When the next scheduled task is due (virtual ms), or `undefined` when nothing is scheduled. */
  get nextTaskAt(): number | undefined {
    return this.#scheduler.peekTime();
  }

  /** Hash of every message this simulation appended, in order. */
  get logHash(): string {
    return this.#hashed().digest();
  }

  /** Publishes a person's action (or any outside message) now. Unknown types are refused unlogged. */
  async dispatch(action: Dispatch): Promise<Message> {
    const spec = specOf(this.catalog, action.type);
    const id = this.#ids.next();
    const message = envelope(this.catalog, this.now, action, spec.kind, id, {
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

  /**
   * Runs the tasks due by `time`, one at a time in order (as `advance` would), until the log's head
   * reaches `head`; true if it did. The clock stays at the last task run: unlike `advance`, it does
   * not move on to `time`. One call for what a re-run to a log position (time travel) would do in
   * one `step` per task.
   */
  async runToHead(time: number, head: number): Promise<boolean> {
    await this.#runWhile((at) => at <= time && this.#head < head);
    this.#changed();
    return this.#head >= head;
  }

  /** Runs the next scheduled task; false when there is none. */
  async step(): Promise<boolean> {
    const ran = (await this.#runWhile(() => true, 1)) > 0;
    this.#changed();
    return ran;
  }

  /**
   * Adds a subscriber to the running simulation (issue 7). Producers are untouched: the broker
   * routes by type. From `now` it hears what is published from here on; from `beginning` it first
   * catches up on the retained log — only the log broker retains one: on the `queue` and `sqs`
   * flavours that is refused, with the reason. Throws a ConfigurationError saying what is wrong.
   */
  addSubscriber(spec: SubscriberSpec): void {
    assertNoProblems([
      ...subscriberProblems(spec, this.catalog, this.#nameRules()),
      ...startFromProblems(this.broker.flavour, spec.startFrom),
    ]);
    this.#growSubscriber(spec);
    this.#changed();
  }

  /** Removes a subscriber added while running (a scenario's own services cannot be removed). */
  removeSubscriber(name: string): void {
    this.#grown.remove('subscriber', name);
    this.broker.unsubscribe(name);
    this.#services.delete(name);
    this.#changed();
  }

  /** Adds a read model to the running simulation; from `beginning` it first folds the log's history. */
  addProjection(spec: ProjectionSpec): void {
    assertNoProblems(projectionProblems(spec, this.catalog, this.#nameRules()));
    this.#growProjection(spec);
    if (spec.startFrom === 'beginning') {
      this.#scheduler.schedule(this.now, { kind: 'projection.history', name: spec.name });
    }
    this.#changed();
  }

  /** Removes a read model added while running. */
  removeProjection(name: string): void {
    this.#grown.remove('projection', name);
    this.#readModels.remove(name);
    this.#changed();
  }

  /** Names of subscribers and read models removed earlier in this run: never reused. */
  get retiredNames(): readonly string[] {
    return this.#grown.retired;
  }

  /** Names a new subscriber or read model may not take. */
  #nameRules(): { taken: string[]; retired: string[] } {
    const taken = [
      'user',
      ...this.#services.keys(),
      ...this.broker.subscriptionNames(),
      ...this.#readModels.names(),
    ];
    return { taken, retired: this.#grown.retired };
  }

  #growSubscriber(spec: SubscriberSpec): void {
    this.#addService(subscriberDefinition(spec), new Random(this.#seed).fork(`service:${spec.name}`), {
      startFrom: spec.startFrom,
      failureRate: spec.failureRate ?? 0,
      random: new Random(this.#seed).fork(`broker:${spec.name}`),
    });
    this.#grown.subscribers.push(spec);
  }

  #growProjection(spec: ProjectionSpec): void {
    this.#readModels.add(projectionDefinition(spec), this.#head, spec.startFrom === 'beginning');
    this.#grown.projections.push(spec);
  }

  /** Runs `name` as a consumer group of `instances` (issue 7, item 2); see consumerGroup.ts. */
  scale(name: string, instances: number): void {
    this.#service(name);
    this.broker.scale(name, instances);
    this.#changed();
  }

  /** Kills one instance of a service: the group rebalances its subjects onto the live ones. */
  killInstance(name: string, index: number): void {
    this.#service(name).forgetRead(index);
    this.broker.killInstance(name, index);
    this.#changed();
  }

  reviveInstance(name: string, index: number): void {
    this.#service(name);
    this.broker.reviveInstance(name, index);
    this.#changed();
  }

  kill(name: string): void {
    this.#service(name).forgetReads();
    this.broker.kill(name);
    this.#changed();
  }

  revive(name: string): void {
    this.#service(name);
    this.broker.revive(name);
    this.#changed();
  }

  /**
   * Puts a dead letter back in its queue; false when there is no such dead letter. A read model's
   * (one stopped at a message it could not fold) tries that message again and goes on from there.
   */
  retryDeadLetter(subscription: string, position: number): boolean {
    const found = this.#readModels.has(subscription)
      ? this.#afterReadModel(subscription, this.#readModels.resume(subscription, position, this.now))
      : this.broker.redeliverDeadLetter(subscription, position);
    this.#changed();
    return found;
  }

  /**
   * "Replay dead letters": retries every dead letter held now, the broker's in the order they were
   * parked, then every stopped read model. Returns how many were retried.
   */
  retryAllDeadLetters(): number {
    const letters = [...this.broker.deadLetters(), ...this.#readModels.deadLetters()];
    let retried = 0;
    for (const d of letters) if (this.retryDeadLetter(d.subscription, d.message.position)) retried++;
    return retried;
  }

  /**
   * Drops a dead letter for good; false when there is no such dead letter. A read model's: it skips
   * that message and goes on (it will lack what the message said).
   */
  discardDeadLetter(subscription: string, position: number): boolean {
    const found = this.#readModels.has(subscription)
      ? this.#afterReadModel(subscription, this.#readModels.skip(subscription, position, this.now))
      : this.broker.discardDeadLetter(subscription, position);
    this.#changed();
    return found;
  }

  /** A stopped read model moved on: one reading history needs its next batch scheduled. */
  #afterReadModel(name: string, moved: { history: boolean } | null): boolean {
    if (moved?.history) this.#scheduler.schedule(this.now, { kind: 'projection.history', name });
    return moved !== null;
  }

  /**
   * Switches the upcaster v`from` → v`from + 1` of message type `type` (schema evolution). Off,
   * consumers read such messages as logged, fail with a `SchemaVersionError`, and the broker
   * retries, then dead-letters them; a read model stops at the first one. Throws unless the
   * catalog declares that upcaster.
   */
  setUpcaster(type: string, from: number, on: boolean): void {
    this.#upcasting.set(type, from, on);
    this.#changed();
  }

  /** Turns a service's idempotent-consumer inbox (de-duplication by message id) on or off. */
  setIdempotent(name: string, on: boolean): void {
    this.#service(name).idempotent = on;
    this.#changed();
  }

  /**
   * Turns a service's outbox on (state change and publish in one atomic append) or off (commit
   * locally, then publish: a crash in between, drawn from its failure rate, loses the publish).
   */
  setOutbox(name: string, on: boolean): void {
    this.#service(name).outbox = on;
    this.#changed();
  }

  /** A legacy service: its changes become rows in its own table, and it publishes no events (cdc.ts). */
  setTableBacked(name: string, on: boolean): void {
    this.#service(name).tableBacked = on;
    this.#changed();
  }

  /**
   * Attaches (or detaches) a Debezium-like connector to `name`'s table: it first reads every row
   * already there (its initial snapshot, op `r`), then publishes a `RowChanged` for each change.
   */
  async setConnector(name: string, on: boolean): Promise<void> {
    const definition = this.#service(name).definition;
    if (!on) {
      this.#connectors.delete(name);
      return this.#changed();
    }
    if (this.#connectors.has(name)) return;
    const connector = new Connector(definition);
    const commits = (await this.log.read()).filter((m) => isLocalCommit(m) && m.source === name);
    for (const commit of commits) connector.changes(committedEvents(commit));
    this.#connectors.set(name, connector);
    const cause = { id: '', correlationId: `cdc-${name}` };
    await this.#publish(connector.snapshot().map((change) => this.#host.rowChanged(change, cause, null)));
    this.#changed();
  }

  /** The services whose table a connector tails. */
  get connectors(): readonly string[] {
    return [...this.#connectors.keys()];
  }

  /**
   * Turns a service's optimistic-concurrency check on or off (`ServiceDefinition.concurrency`). Off,
   * a decision made on a stale read is written anyway: last writer wins, an update is lost.
   */
  setVersionCheck(name: string, on: boolean): void {
    this.#service(name).versionCheck = on;
    this.#changed();
  }

  setProjectionLag(ms: number): void {
    this.#readModels.setLag(ms);
    this.#changed();
  }

  /** The service's live state: read it at once, it may change in place as the run goes on. */
  serviceState<State>(name: string): State {
    return this.#service(name).state as State;
  }

  /** The read model's live state: read it at once, it may change in place as the run goes on. */
  projectionState<State>(name: string): State {
    return this.#readModels.state(name) as State;
  }

  /** `subscribe` / `getSnapshot`: the one narrow interface the UI reads through. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SimulationSnapshot => {
    this.#snapshot ??= snapshotOf({
      now: this.now,
      head: this.#head,
      services: this.#services.values(),
      broker: this.broker,
      readModels: this.#readModels,
      grown: this.#grown,
      connectors: this.#connectors,
      pendingTasks: this.#scheduler.size,
      upcasting: this.#upcasting,
    });
    return this.#snapshot;
  };

  /**
   * Everything the simulation holds besides the log, as plain data (savedState.ts). Saved
   * atomically with the log, it lets a reloaded page carry on exactly where it was.
   */
  exportState(): SimulationState {
    return exportSimulationState(this.#stateParts, this.#head, this.#hashed().state);
  }

  /** A simulation continuing from `state` over `options.log`, which must hold the saved run's log. */
  static async restore(options: SimulationOptions, state: SimulationState): Promise<Simulation> {
    const sim = new Simulation(options);
    await sim.#importState(state);
    return sim;
  }

  async #importState(state: SimulationState): Promise<void> {
    const messageAt = await savedRunLookup(this.log, state, this.#seed);
    // First the parts added while running, so every import below finds them (its tasks come back
    // with the scheduler's state).
    for (const spec of state.grown?.subscribers ?? []) this.#growSubscriber(spec);
    for (const spec of state.grown?.projections ?? []) this.#growProjection(spec);
    this.#grown.retired.push(...(state.grown?.retired ?? []));
    this.#head = state.head;
    this.#unhashed.length = 0;
    this.#hasher.state = state.logHash;
    importSimulationParts(this.#stateParts, state, messageAt);
    this.#changed();
  }

  #addService(
    definition: ServiceDefinition<unknown>,
    random: Random,
    extra: { startFrom?: 'now' | 'beginning'; failureRate?: number; random?: Random } = {},
  ): void {
    if (this.#services.has(definition.name)) {
      throw new ConfigurationError(`Two services are named "${definition.name}".`);
    }
    const runtime = new ServiceRuntime(definition, random);
    this.#services.set(definition.name, runtime);
    this.broker.subscribe(
      {
        name: definition.name,
        types: definition.handles,
        instances: definition.instances ?? 1,
        processingTime: definition.processingTime ?? 0,
        ...extra,
      },
      // Upcast on read: the consumer gets the message in the schema its code expects, or fails.
      (message, delivery) => runtime.handle(this.#upcasting.read(message), this.#host.service, delivery),
      (_message, delivery) => runtime.started(delivery, this.#host.service),
    );
  }

  get #stateParts(): StateParts {
    return {
      seed: this.#seed,
      scheduler: this.#scheduler,
      ids: this.#ids,
      brokerRandom: this.#brokerRandom,
      broker: this.broker,
      services: this.#services,
      readModels: this.#readModels,
      effects: this.effects,
      grown: this.#grown,
      upcasting: this.#upcasting,
      connectors: this.#connectors,
    };
  }

  /** Appends, then hands what was written to the broker (unless `route` is false) and the read models. */
  async #publish(
    drafts: readonly NewMessage[],
    route = true,
    expectedVersion?: ExpectedVersion,
  ): Promise<readonly Message[]> {
    const options = expectedVersion === undefined ? undefined : { expectedVersion };
    // A staging log places messages at once and commits a whole frame in one transaction.
    const { appended } = isStaging(this.log)
      ? this.log.appendNow(drafts, options)
      : await this.log.append(drafts, options);
    for (const m of appended) {
      this.#unhashed.push(m);
      this.#head = m.position;
    }
    if (route) this.broker.route(appended);
    this.#readModels.feed(appended, this.now);
    return appended;
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
      if (task.kind === 'projection.catchUp') this.#readModels.run(task.name, next.at, this.now);
      else if (task.kind === 'projection.history') await this.#readHistory(task.name);
      else if (task.kind === 'service.timer') await this.#host.fireTimer(this.#services, task);
      else await this.broker.run(task);
    }
  }

  /** One batch of a grown read model's history; the next is scheduled while there is more. */
  async #readHistory(name: string): Promise<void> {
    const read = (from: number, limit: number) => this.log.read({ from, limit });
    if (await this.#readModels.replay(name, read, HISTORY_BATCH, this.#head)) {
      this.#scheduler.schedule(this.now + HISTORY_EVERY, { kind: 'projection.history', name });
    }
  }

  #service(name: string): ServiceRuntime {
    const s = this.#services.get(name);
    if (!s) throw new UnknownNameError('service', name, [...this.#services.keys()]);
    return s;
  }

  /** The hasher, caught up with every message logged so far. */
  #hashed(): LogHasher {
    for (const m of this.#unhashed) this.#hasher.update(m);
    this.#unhashed.length = 0;
    return this.#hasher;
  }

  #changed(): void {
    this.#snapshot = null;
    for (const listener of this.#listeners) listener();
  }
}

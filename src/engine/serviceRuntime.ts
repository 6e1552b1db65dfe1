import { InjectedFailure } from './broker';
import type { Delivery } from './brokerTypes';
import type { EffectGateway } from './effects';
import { VersionConflictError } from './errors';
import type { ExpectedVersion } from './eventLog';
import { type CommittedTimer, committedEvents } from './localCommit';
import type { Message, NewMessage } from './message';
import { OwnedState } from './ownedState';
import type { Random } from './random';
import type { Outgoing, ServiceContext, ServiceDefinition } from './service';
import type { ServiceRead, ServiceState } from './simulationTypes';

/** What a running service needs from the simulation around it. */
export interface ServiceHost {
  readonly now: () => number;
  readonly effects: EffectGateway;
  /** Envelopes what a service decided (ids assigned now); throws for a type outside the catalog. */
  readonly envelope: (outgoing: readonly Outgoing[], cause: Message, source: string) => NewMessage[];
  /** Appends (atomically) and routes; returns what was logged. A stale `expected` appends nothing. */
  readonly publish: (
    drafts: readonly NewMessage[],
    expected?: ExpectedVersion,
  ) => Promise<readonly Message[]>;
  /** Logs a service's local commit (outbox off) on its private stream, unrouted; returns the record. */
  readonly commitLocally: (
    drafts: readonly NewMessage[],
    timers: readonly CommittedTimer[],
    cause: Message,
    source: string,
    expected?: ExpectedVersion,
  ) => Promise<Message>;
  /** The log's last position now. */
  readonly head: () => number;
  /** Each stream's version as of log position `position` (what a read at that moment saw). */
  readonly streamVersionsAt: (
    subjects: readonly string[],
    position: number,
  ) => Promise<Record<string, number>>;
  /** Starts a timer: `outgoing` is logged and routed `outgoing.after` virtual ms from now. */
  readonly startTimer: (outgoing: Outgoing, cause: Message, source: string) => void;
  /** With the outbox off: does the service crash between its commit and its publish (failure rate)? */
  readonly crashesBeforePublish: (source: string) => boolean;
  /**
   * How the service reads its own events back to fold them: upcast to the current schema with
   * every declared upcaster (it wrote them itself; see upcasting.ts). Default: as logged.
   */
  readonly readOwn?: (event: Message) => Message;
}

/**
 * One service at run time: its definition, its folded state, its idempotent-consumer inbox and its
 * outbox switch.
 */
export class ServiceRuntime {
  readonly definition: ServiceDefinition<unknown>;
  readonly random: Random;
  readonly #state: OwnedState<unknown>;
  /** Events folded into the state so far: it changes in place, so this is how a reader sees it moved. */
  version = 0;
  idempotent = true;
  /** On: state change and publish are one atomic append. Off: commit, then publish (dual write). */
  outbox = true;
  /** A legacy service: its changes are rows in its own table, its events are never published (cdc.ts). */
  tableBacked = false;
  handled = 0;
  duplicatesSuppressed = 0;
  /** Optimistic concurrency only: appends carry the versions read (off: last writer wins). */
  versionCheck = true;
  /** Appends the log rejected as stale (optimistic concurrency): each one a failed, retried delivery. */
  conflicts = 0;
  /** Idempotency key → the id of the message that was handled under it. */
  readonly #processed = new Map<string, string>();
  /** The keys above that are request keys, not message ids, in the order first handled (all saved). */
  #requestKeys: string[] = [];
  /** Optimistic concurrency: what each busy instance read when it started its delivery. */
  readonly #reads = new Map<number, ServiceRead>();

  constructor(definition: ServiceDefinition<unknown>, random: Random) {
    this.definition = definition;
    this.random = random;
    this.#state = new OwnedState(definition.initialState(), definition.copyState?.bind(definition));
  }

  /** The live state: read it at once (it may change in place); `version` says when it changed. */
  get state(): unknown {
    return this.#state.current;
  }

  /**
   * An instance started processing `delivery` (optimistic concurrency): it reads the state now and
   * writes when processing ends. The read is the state object shared (the next fold copies first),
   * so it stays as it was however many writes land in between.
   */
  started(delivery: Delivery, host: ServiceHost): void {
    if (this.definition.concurrency !== 'optimistic') return;
    this.#reads.set(delivery.instance, {
      instance: delivery.instance,
      messageId: delivery.message.id,
      attempts: delivery.attempts,
      position: host.head(),
      state: this.#state.share(),
    });
  }

  /** A killed service's instances lose what they were processing, reads included. */
  forgetReads(): void {
    this.#reads.clear();
  }

  /** One killed instance loses what it was processing (its queue moves to another instance). */
  forgetRead(instance: number): void {
    this.#reads.delete(instance);
  }

  /**
   * One delivery: skip it if already processed (idempotent consumer), else decide. With the outbox
   * on, all that was decided goes out in one atomic append (a state change and its publish cannot
   * part), then the service folds its own new events. A throw leaves nothing behind.
   */
  async handle(message: Message, host: ServiceHost, delivery?: Delivery): Promise<void> {
    const key = this.definition.idempotencyKey?.(message) ?? message.id;
    const read = this.#takeRead(message, delivery);
    if (this.idempotent && this.#processed.has(key)) {
      this.duplicatesSuppressed++;
      return;
    }
    const context: ServiceContext = { now: host.now(), random: this.random, effects: host.effects };
    const outgoing = this.definition.decide(read ? read.state : this.#state.current, message, context);
    const source = this.definition.name;
    const now = outgoing.filter((o) => o.after === undefined);
    const timers = outgoing.filter((o) => o.after !== undefined);
    const drafts = host.envelope(now, message, source);
    const expected = read && this.versionCheck ? await this.#expected(drafts, read, host) : undefined;
    try {
      if (expected) await this.#checkVersions(expected, host);
      if (this.tableBacked) {
        await this.#writeTable(drafts, timers, message, host, key, expected);
      } else if (this.outbox) {
        const stored = drafts.length > 0 ? await host.publish(drafts, expected) : [];
        this.#fold(stored, host);
        this.#done(key, message);
      } else if (drafts.length > 0 || timers.length > 0) {
        await this.#dualWrite(drafts, timers, message, host, key, expected);
      } else this.#done(key, message);
    } catch (e) {
      if (e instanceof VersionConflictError) this.conflicts++;
      throw e;
    }
    for (const t of timers) host.startTimer(t, message, source);
  }

  /** The read this delivery's attempt started with, if it had one (else it reads now: no window). */
  #takeRead(message: Message, delivery: Delivery | undefined): ServiceRead | undefined {
    if (!delivery) return undefined;
    const read = this.#reads.get(delivery.instance);
    if (!read) return undefined;
    this.#reads.delete(delivery.instance);
    return read.messageId === message.id && read.attempts === delivery.attempts ? read : undefined;
  }

  /**
   * The version check, made here as well as by the log's append: the same test at the same moment
   * (no task runs in between), but it holds on a log that does not check `expectedVersion` itself
   * (a replay of a recorded history, say), so a re-run conflicts exactly where the run did.
   */
  async #checkVersions(expected: Readonly<Record<string, number>>, host: ServiceHost): Promise<void> {
    const subjects = Object.keys(expected);
    const current = await host.streamVersionsAt(subjects, host.head());
    for (const subject of subjects) {
      const want = expected[subject] as number;
      const actual = current[subject] as number;
      if (actual !== want) throw new VersionConflictError(subject, want, actual);
    }
  }

  /** Every stream the decision writes, at the version the read saw. */
  async #expected(
    drafts: readonly NewMessage[],
    read: ServiceRead,
    host: ServiceHost,
  ): Promise<Readonly<Record<string, number>> | undefined> {
    if (drafts.length === 0) return undefined;
    const subjects = [...new Set(drafts.map((d) => d.subject))];
    return host.streamVersionsAt(subjects, read.position);
  }

  /**
   * Outbox off: commit the new state (and the inbox entry, in the same local transaction), then
   * publish. A crash in between is retried by the broker, but the inbox already says "done", so the
   * publish is lost for good — unless idempotency is off too, and the service does it all again.
   */
  async #dualWrite(
    drafts: readonly NewMessage[],
    timers: readonly Outgoing[],
    message: Message,
    host: ServiceHost,
    key: string,
    expected: ExpectedVersion | undefined,
  ): Promise<void> {
    const source = this.definition.name;
    await this.#commitLocally(drafts, timers, message, host, expected);
    this.#done(key, message);
    if (host.crashesBeforePublish(source)) {
      throw new InjectedFailure(source, 'crashed after committing its state, before publishing (outbox off)');
    }
    if (drafts.length > 0) await host.publish(drafts);
  }

  /**
   * Table-backed: what it decided is written as rows to its own table (the local commit record) and
   * its events go nowhere else — only a CDC connector makes them public. Commands still go out.
   */
  async #writeTable(
    drafts: readonly NewMessage[],
    timers: readonly Outgoing[],
    message: Message,
    host: ServiceHost,
    key: string,
    expected: ExpectedVersion | undefined,
  ): Promise<void> {
    const events = drafts.filter((d) => d.kind === 'event');
    const commands = drafts.filter((d) => d.kind !== 'event');
    if (events.length > 0 || timers.length > 0)
      await this.#commitLocally(events, timers, message, host, expected);
    this.#done(key, message);
    if (commands.length > 0) await host.publish(commands);
  }

  /** Writes what was decided to the service's own store (the local commit record) and folds it. */
  async #commitLocally(
    drafts: readonly NewMessage[],
    timers: readonly Outgoing[],
    message: Message,
    host: ServiceHost,
    expected: ExpectedVersion | undefined,
  ): Promise<void> {
    const shape = timers.map((t) => ({ type: t.type, subject: t.subject, after: t.after ?? 0 }));
    const record = await host.commitLocally(drafts, shape, message, this.definition.name, expected);
    this.#fold(committedEvents(record), host);
  }

  #fold(events: readonly Message[], host: ServiceHost): void {
    for (const m of events) {
      if (m.kind !== 'event') continue;
      this.#state.evolve(this.#evolve, host.readOwn ? host.readOwn(m) : m);
      this.version++;
    }
  }

  readonly #evolve = (state: unknown, event: Message): unknown => this.definition.evolve(state, event);
  readonly #absorb = (state: unknown, message: Message): unknown =>
    this.definition.absorb ? this.definition.absorb(state, message) : state;

  #done(key: string, message: Message): void {
    if (key !== message.id && !this.#processed.has(key)) this.#requestKeys.push(key);
    this.#processed.set(key, message.id);
    this.handled++;
    if (this.definition.absorb) {
      this.#state.evolve(this.#absorb, message);
      this.version++;
    }
  }

  /**
   * Plain state. A message id need only be remembered while a delivery of it may still come
   * (`stillQueued`); a request key (see `idempotencyKey`) is kept for good, as a retry may come any time.
   */
  exportState(stillQueued: ReadonlySet<string>): ServiceState {
    // From the queued ids, not from every id ever handled: a checkpoint costs what is in flight.
    const processed: string[] = [];
    for (const id of stillQueued) if (this.#processed.get(id) === id) processed.push(id);
    const processedKeys = [...this.#requestKeys];
    return {
      state: this.#state.share(), // never changed again: the next fold copies first
      version: this.version,
      idempotent: this.idempotent,
      outbox: this.outbox,
      ...(this.tableBacked ? { tableBacked: true } : {}),
      processed,
      processedKeys,
      handled: this.handled,
      duplicatesSuppressed: this.duplicatesSuppressed,
      // Optimistic concurrency only, so other services' saved shape is as before.
      ...(this.definition.concurrency === 'optimistic'
        ? { versionCheck: this.versionCheck, conflicts: this.conflicts, reads: [...this.#reads.values()] }
        : {}),
    };
  }

  importState(saved: ServiceState): void {
    const revive = this.definition.reviveState;
    this.#state.reset(revive ? revive.call(this.definition, saved.state) : saved.state);
    this.version = saved.version ?? 0;
    this.idempotent = saved.idempotent;
    this.outbox = saved.outbox;
    this.tableBacked = saved.tableBacked ?? false;
    this.#processed.clear();
    for (const id of saved.processed) this.#processed.set(id, id);
    // The handled message's id is gone, and nothing needs it: only `key !== id` must hold.
    for (const key of saved.processedKeys) this.#processed.set(key, `${key}\u0000`);
    this.#requestKeys = [...saved.processedKeys];
    this.handled = saved.handled;
    this.duplicatesSuppressed = saved.duplicatesSuppressed;
    this.versionCheck = saved.versionCheck ?? true;
    this.conflicts = saved.conflicts ?? 0;
    this.#reads.clear();
    for (const read of saved.reads ?? []) this.#reads.set(read.instance, read);
  }
}

import { InjectedFailure } from './broker';
import type { EffectGateway } from './effects';
import { type CommittedTimer, committedEvents } from './localCommit';
import type { Message, NewMessage } from './message';
import { OwnedState } from './ownedState';
import type { Random } from './random';
import type { Outgoing, ServiceContext, ServiceDefinition } from './service';
import type { ServiceState } from './simulationTypes';

/** What a running service needs from the simulation around it. */
export interface ServiceHost {
  readonly now: () => number;
  readonly effects: EffectGateway;
  /** Envelopes what a service decided (ids assigned now); throws for a type outside the catalog. */
  readonly envelope: (outgoing: readonly Outgoing[], cause: Message, source: string) => NewMessage[];
  /** Appends (atomically) and routes; returns what was logged. */
  readonly publish: (drafts: readonly NewMessage[]) => Promise<readonly Message[]>;
  /** Logs a service's local commit (outbox off) on its private stream, unrouted; returns the record. */
  readonly commitLocally: (
    drafts: readonly NewMessage[],
    timers: readonly CommittedTimer[],
    cause: Message,
    source: string,
  ) => Promise<Message>;
  /** Starts a timer: `outgoing` is logged and routed `outgoing.after` virtual ms from now. */
  readonly startTimer: (outgoing: Outgoing, cause: Message, source: string) => void;
  /** With the outbox off: does the service crash between its commit and its publish (failure rate)? */
  readonly crashesBeforePublish: (source: string) => boolean;
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
  handled = 0;
  duplicatesSuppressed = 0;
  /** Idempotency key → the id of the message that was handled under it. */
  readonly #processed = new Map<string, string>();

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
   * One delivery: skip it if already processed (idempotent consumer), else decide. With the outbox
   * on, all that was decided goes out in one atomic append (a state change and its publish cannot
   * part), then the service folds its own new events. A throw leaves nothing behind.
   */
  async handle(message: Message, host: ServiceHost): Promise<void> {
    const key = this.definition.idempotencyKey?.(message) ?? message.id;
    if (this.idempotent && this.#processed.has(key)) {
      this.duplicatesSuppressed++;
      return;
    }
    const context: ServiceContext = { now: host.now(), random: this.random, effects: host.effects };
    const outgoing = this.definition.decide(this.#state.current, message, context);
    const source = this.definition.name;
    const now = outgoing.filter((o) => o.after === undefined);
    const timers = outgoing.filter((o) => o.after !== undefined);
    const drafts = host.envelope(now, message, source);
    if (this.outbox) {
      const stored = drafts.length > 0 ? await host.publish(drafts) : [];
      this.#fold(stored);
      this.#done(key, message);
    } else if (drafts.length > 0 || timers.length > 0) {
      await this.#dualWrite(drafts, timers, message, host, key);
    } else this.#done(key, message);
    for (const t of timers) host.startTimer(t, message, source);
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
  ): Promise<void> {
    const source = this.definition.name;
    const shape = timers.map((t) => ({ type: t.type, subject: t.subject, after: t.after ?? 0 }));
    const record = await host.commitLocally(drafts, shape, message, source);
    this.#fold(committedEvents(record));
    this.#done(key, message);
    if (host.crashesBeforePublish(source)) {
      throw new InjectedFailure(source, 'crashed after committing its state, before publishing (outbox off)');
    }
    if (drafts.length > 0) await host.publish(drafts);
  }

  #fold(events: readonly Message[]): void {
    for (const m of events) {
      if (m.kind !== 'event') continue;
      this.#state.evolve(this.#evolve, m);
      this.version++;
    }
  }

  readonly #evolve = (state: unknown, event: Message): unknown => this.definition.evolve(state, event);

  #done(key: string, message: Message): void {
    this.#processed.set(key, message.id);
    this.handled++;
  }

  /**
   * Plain state. A message id need only be remembered while a delivery of it may still come
   * (`stillQueued`); a request key (see `idempotencyKey`) is kept for good, as a retry may come any time.
   */
  exportState(stillQueued: ReadonlySet<string>): ServiceState {
    const processed: string[] = [];
    const processedKeys: string[] = [];
    for (const [key, id] of this.#processed) {
      if (key !== id) processedKeys.push(key);
      else if (stillQueued.has(id)) processed.push(id);
    }
    return {
      state: this.#state.share(), // never changed again: the next fold copies first
      version: this.version,
      idempotent: this.idempotent,
      outbox: this.outbox,
      processed,
      processedKeys,
      handled: this.handled,
      duplicatesSuppressed: this.duplicatesSuppressed,
    };
  }

  importState(saved: ServiceState): void {
    this.#state.reset(saved.state);
    this.version = saved.version ?? 0;
    this.idempotent = saved.idempotent;
    this.outbox = saved.outbox;
    this.#processed.clear();
    for (const id of saved.processed) this.#processed.set(id, id);
    // The handled message's id is gone, and nothing needs it: only `key !== id` must hold.
    for (const key of saved.processedKeys) this.#processed.set(key, `${key}\u0000`);
    this.handled = saved.handled;
    this.duplicatesSuppressed = saved.duplicatesSuppressed;
  }
}

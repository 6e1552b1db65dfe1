import type { EffectGateway } from './effects';
import { committedEvents, isLocalCommit } from './localCommit';
import type { Message } from './message';
import type { Random } from './random';

/** What a service's `decide` may use besides its state and the message: all injected, all replayable. */
export interface ServiceContext {
  /** Virtual time in ms. */
  readonly now: number;
  /** The service's own seeded random stream. */
  readonly random: Random;
  /** The only door to the outside world. */
  readonly effects: EffectGateway;
}

/** A message a service decides to send; the runtime fills in the rest of the envelope. */
export interface Outgoing<Type extends string = string> {
  readonly type: Type;
  readonly subject: string;
  readonly data: unknown;
  /** Starts a new business transaction instead of continuing the incoming one. */
  readonly correlationId?: string;
  /**
   * A timer: the message is logged and routed `after` virtual ms from now instead of at once (e.g. a
   * saga's reply timeout sent to itself). Until then it waits in the scheduler, which is saved with the
   * run, so a timer survives a reload; a killed service still gets it, queued, when it fires.
   */
  readonly after?: number;
  /**
   * The schema version `data` is written in, when a producer still writes an older version than
   * the catalog's current one (an old deployment). Default: the current version.
   */
  readonly schemaVersion?: number;
}

/**
 * A service as a decider (Emmett's shape): pure functions of state and message. `decide` returns
 * what to send (events and commands, as data); `evolve` folds the service's own events into its
 * state, so the state is always a fold of logged events. A throw from `decide` is a failed delivery.
 */
export interface ServiceDefinition<State = unknown> {
  readonly name: string;
  /** Event types it subscribes to and command types it handles. */
  readonly handles: readonly string[];
  initialState(): State;
  /** Reads `state`, never changes it. */
  decide(state: State, message: Message, context: ServiceContext): readonly Outgoing[];
  /**
   * Folds one of the service's own events. Returns a new state, or — when the definition declares
   * `copyState` — may change `state` in place and return it (O(1) per event; see ownedState.ts).
   * Either way it never changes the event's data: a value taken from a message is stored as is.
   */
  evolve(state: State, event: Message): State;
  /**
   * Folds a message the service *handled* into its state (after `decide` succeeded, once per
   * message: the idempotent inbox skips duplicates). For a subscriber whose state is a read model
   * of what it heard, not of what it said (issue 7: a subscriber dragged in to count). Services
   * whose state is the fold of their own events leave it out. Same in-place rules as `evolve`.
   */
  absorb?(state: State, message: Message): State;
  /**
   * A copy of `state` that later in-place `evolve`s will not reach (copy the containers `evolve`
   * changes, share the values it only replaces). Declaring it allows `evolve` to change its input.
   */
  copyState?(state: State): State;
  /**
   * The state as it was saved, back in the shape `evolve` works on: a state holding `Table`s
   * (table.ts) revives them here, as IndexedDB and JSON hand back plain data. Default: as saved.
   */
  reviveState?(saved: unknown): State;
  /**
   * What the idempotent consumer remembers of a handled message (default: its id). A sender that
   * retries a command under a new message id can carry a request id in the data; keying on it makes
   * the retry the same request, so a timed-out-but-done step is not done twice.
   */
  idempotencyKey?(message: Message): string;
  /**
   * Asked, with the service's state, when one of its timers fires: false drops the timer unlogged —
   * the service cancelled it (say, the reply it was waiting for came first). Default: every timer
   * is logged and delivered. Being a function of folded state, it replays and resumes exactly.
   */
  isTimerCurrent?(state: State, timer: Omit<Outgoing, 'after'>): boolean;
  /**
   * How a delivery's read relates to its write. Default: the state is read, `decide` runs and its
   * messages are appended in one step at the end of processing, so instances never race.
   *
   * `'optimistic'` models a service whose instances load state when they start a message and write
   * `processingTime` later (a read-decide-write window, as a web server behind a load balancer
   * does): `decide` sees the state as it was when the instance started, and the append carries, as
   * `expectedVersion`, each written stream's version as of that read. If another instance wrote to
   * one of those streams meanwhile, the log rejects the append (`VersionConflictError`): nothing is
   * written, the delivery fails, and the broker retries it with its usual backoff (re-read,
   * re-decide). `Simulation.setVersionCheck(name, false)` drops the `expectedVersion`, so the
   * stale decision is written: the lost-update problem, on purpose.
   */
  readonly concurrency?: 'optimistic';
  /** Consumer-group size (default 1). */
  readonly instances?: number;
  /** Virtual ms it spends on one message (default 0). */
  readonly processingTime?: number;
}

/**
 * A service's state rebuilt from the log: the fold of the events it produced. With its outbox off a
 * service commits its events locally (a `$StateCommitted` record) before publishing them, so those
 * count from the record, and the published copies (same ids) are not folded twice. The state starts
 * from `initialState()`, so an `evolve` that changes it in place changes nothing of the caller's.
 */
export function foldService<State>(
  definition: ServiceDefinition<State>,
  messages: Iterable<Message>,
  /** How an event is read before folding (e.g. upcast to the current schema; see upcasting.ts). */
  read: (message: Message) => Message = (m) => m,
): State {
  let state = definition.initialState();
  const committed = new Set<string>();
  for (const m of messages) {
    if (m.source !== definition.name || m.kind !== 'event') continue;
    if (isLocalCommit(m)) {
      for (const e of committedEvents(m)) {
        committed.add(e.id);
        state = definition.evolve(state, read(e));
      }
    } else if (committed.has(m.id)) committed.delete(m.id);
    else state = definition.evolve(state, read(m));
  }
  return state;
}

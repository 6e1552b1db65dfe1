import { describeError, errorCode } from './deliveryErrors';
import { isLocalCommit } from './localCommit';
import type { Message } from './message';
import { OwnedState } from './ownedState';
import { Queue } from './queue';

/**
 * A read model: a fold of the log into a query shape. It lags the log by `lag` virtual ms and keeps
 * a checkpoint (the last position applied), so the UI can say how far behind the head it is.
 */
export interface ProjectionDefinition<State = unknown> {
  readonly name: string;
  /** Types it folds; every other message only moves its checkpoint. Omit for all types. */
  readonly handles?: readonly string[];
  initialState(): State;
  /**
   * Folds one message. Returns a new state, or — when the definition declares `copyState` — may
   * change `state` in place and return it (O(1) per message; see ownedState.ts). Never changes the
   * message's data.
   */
  evolve(state: State, message: Message): State;
  /** A copy that later in-place `evolve`s will not reach; declaring it allows them (see service.ts). */
  copyState?(state: State): State;
  /** The state as saved, back in the shape `evolve` works on (see `ServiceDefinition.reviveState`). */
  reviveState?(saved: unknown): State;
  /**
   * Loads in batches every this many virtual ms instead of message by message: what it shows
   * changes only at each load (a search index's refresh, a warehouse's ETL). Default: streaming.
   */
  readonly batchEvery?: number;
}

/**
 * Why a read model stopped: the message it could not fold (its checkpoint stays just before it)
 * and what went wrong. Plain data.
 */
export interface ProjectionFailure {
  readonly position: number;
  readonly reason: string;
  readonly errorCode: string;
  /** Tries so far (the first, and each retry that failed again). */
  readonly attempts: number;
  /** Virtual ms of the last failed try. */
  readonly time: number;
}

/** A read model's plain state; pending messages are kept as log positions. */
export interface ProjectionState {
  readonly state: unknown;
  readonly checkpoint: number;
  readonly lag: number;
  readonly pending: readonly { readonly position: number; readonly dueAt: number }[];
  /** Present only while it is stopped at a message it could not fold. */
  readonly failure?: ProjectionFailure;
}

/** How a read model reads a logged message (e.g. upcast to the current schema); may throw. */
export type MessageReader = (message: Message) => Message;
const asLogged: MessageReader = (message) => message;

export class ProjectionRuntime<State = unknown> {
  readonly definition: ProjectionDefinition<State>;
  readonly #state: OwnedState<State>;
  checkpoint = 0;
  lag: number;
  readonly #handles: ReadonlySet<string> | null;
  readonly #pending = new Queue<{ message: Message; dueAt: number }>();
  readonly #read: MessageReader;
  /**
   * Set while it is stopped at a message it could not fold. A fold is ordered: skipping the message
   * and folding the next ones would give a state no prefix of the log gives, so it stops there,
   * its checkpoint stays before the message, and everything logged after waits in `pending`.
   */
  failure: ProjectionFailure | null = null;
  #failed: Message | null = null;

  constructor(definition: ProjectionDefinition<State>, lag = 0, read: MessageReader = asLogged) {
    this.definition = definition;
    this.#read = read;
    this.#state = new OwnedState(definition.initialState(), definition.copyState?.bind(definition));
    this.lag = lag;
    this.#handles = definition.handles ? new Set(definition.handles) : null;
  }

  /** The live state: read it at once, it may change in place with the next message. */
  get state(): State {
    return this.#state.current;
  }

  /**
   * The state as of `checkpoint`, never changed afterwards: what snapshots and saved runs hold. The
   * next message folded after it copies the state first (`copyState`), once.
   */
  shared(): State {
    return this.#state.share();
  }

  /** Queues freshly logged messages; returns when the first of them is due, if any. */
  feed(messages: readonly Message[], now: number): number | undefined {
    const batch = this.definition.batchEvery;
    // Batched: due at the next load after its lag has passed (strictly after, as a refresh is).
    const dueAt = batch ? (Math.floor((now + this.lag) / batch) + 1) * batch : now + this.lag;
    for (const message of messages) this.#pending.push({ message, dueAt });
    return messages.length > 0 ? dueAt : undefined;
  }

  /**
   * Applies everything due by `now`; returns when the next pending message is due, if any. Stopped
   * (see `failure`), it applies nothing and asks for no wake: only `resume` or `skip` move it on.
   */
  catchUp(now: number): number | undefined {
    for (;;) {
      if (this.failure) return undefined;
      const next = this.#pending.peek();
      if (!next) return undefined;
      if (next.dueAt > now) return next.dueAt;
      if (!this.apply(next.message, now)) return undefined;
      this.#pending.shift();
    }
  }

  /**
   * Folds one message, in log order. Returns false, folding nothing, when it is stopped: at this
   * message (it could not be read or folded; `failure` says why) or at an earlier one.
   */
  apply(message: Message, now = message.time): boolean {
    if (message.position <= this.checkpoint) return true; // already folded (idempotent by position)
    if (this.failure) return false;
    // A service's local commit was never published: no read model can have heard of it.
    const heard = this.#handles === null ? !isLocalCommit(message) : this.#handles.has(message.type);
    if (heard) {
      try {
        this.#state.evolve(this.#evolve, this.#read(message));
      } catch (error) {
        this.failure = {
          position: message.position,
          reason: describeError(error),
          errorCode: errorCode(error),
          attempts: 1,
          time: now,
        };
        this.#failed = message;
        return false;
      }
    }
    this.checkpoint = message.position;
    return true;
  }

  /** The message it is stopped at, if it is stopped. */
  get failedMessage(): Message | null {
    return this.failure ? this.#failed : null;
  }

  /**
   * Tries the message it is stopped at again, and goes on from there; true when it was stopped. A
   * try that fails again stops it at the same message, one attempt more.
   */
  resume(now: number): boolean {
    const failure = this.failure;
    const message = this.#failed;
    if (!failure || !message) return false;
    this.failure = null;
    if (!this.apply(message, now) && this.failure) {
      this.failure = { ...(this.failure as ProjectionFailure), attempts: failure.attempts + 1 };
    }
    return true;
  }

  /**
   * Gives up on the message it is stopped at: moves its checkpoint past it unfolded (the read model
   * will lack what that message said) and goes on. True when it was stopped.
   */
  skip(): boolean {
    if (!this.failure) return false;
    this.checkpoint = this.failure.position;
    this.failure = null;
    this.#failed = null;
    return true;
  }

  readonly #evolve = (state: State, message: Message): State => this.definition.evolve(state, message);

  exportState(): ProjectionState {
    return {
      state: this.#state.share(),
      checkpoint: this.checkpoint,
      lag: this.lag,
      pending: this.#pending.toArray().map((p) => ({ position: p.message.position, dueAt: p.dueAt })),
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  importState(saved: ProjectionState, messageAt: (position: number) => Message): void {
    const revive = this.definition.reviveState;
    this.#state.reset(revive ? revive.call(this.definition, saved.state) : (saved.state as State));
    this.checkpoint = saved.checkpoint;
    this.lag = saved.lag;
    for (const p of saved.pending) this.#pending.push({ message: messageAt(p.position), dueAt: p.dueAt });
    this.failure = saved.failure ?? null;
    this.#failed = saved.failure ? messageAt(saved.failure.position) : null;
  }

  get pending(): number {
    return this.#pending.length;
  }
}

/**
 * A fresh fold of `messages`: what a caught-up read model must equal. `read` is how it reads each
 * message (e.g. `upcast` to the current schema); a message it cannot fold stops it there.
 */
export function foldProjection<State>(
  definition: ProjectionDefinition<State>,
  messages: Iterable<Message>,
  read?: MessageReader,
): State {
  const runtime = new ProjectionRuntime(definition, 0, read);
  for (const m of messages) runtime.apply(m);
  return runtime.state;
}

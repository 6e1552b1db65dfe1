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
}

/** A read model's plain state; pending messages are kept as log positions. */
export interface ProjectionState {
  readonly state: unknown;
  readonly checkpoint: number;
  readonly lag: number;
  readonly pending: readonly { readonly position: number; readonly dueAt: number }[];
}

export class ProjectionRuntime<State = unknown> {
  readonly definition: ProjectionDefinition<State>;
  readonly #state: OwnedState<State>;
  checkpoint = 0;
  lag: number;
  readonly #handles: ReadonlySet<string> | null;
  readonly #pending = new Queue<{ message: Message; dueAt: number }>();

  constructor(definition: ProjectionDefinition<State>, lag = 0) {
    this.definition = definition;
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
    const dueAt = now + this.lag;
    for (const message of messages) this.#pending.push({ message, dueAt });
    return messages.length > 0 ? dueAt : undefined;
  }

  /** Applies everything due by `now`; returns when the next pending message is due, if any. */
  catchUp(now: number): number | undefined {
    for (;;) {
      const next = this.#pending.peek();
      if (!next) return undefined;
      if (next.dueAt > now) return next.dueAt;
      this.#pending.shift();
      this.apply(next.message);
    }
  }

  /** Folds one message, in log order. */
  apply(message: Message): void {
    if (message.position <= this.checkpoint) return; // already folded (idempotent by position)
    // A service's local commit was never published: no read model can have heard of it.
    const heard = this.#handles === null ? !isLocalCommit(message) : this.#handles.has(message.type);
    if (heard) {
      this.#state.evolve(this.#evolve, message);
    }
    this.checkpoint = message.position;
  }

  readonly #evolve = (state: State, message: Message): State => this.definition.evolve(state, message);

  exportState(): ProjectionState {
    return {
      state: this.#state.share(),
      checkpoint: this.checkpoint,
      lag: this.lag,
      pending: this.#pending.toArray().map((p) => ({ position: p.message.position, dueAt: p.dueAt })),
    };
  }

  importState(saved: ProjectionState, messageAt: (position: number) => Message): void {
    this.#state.reset(saved.state as State);
    this.checkpoint = saved.checkpoint;
    this.lag = saved.lag;
    for (const p of saved.pending) this.#pending.push({ message: messageAt(p.position), dueAt: p.dueAt });
  }

  get pending(): number {
    return this.#pending.length;
  }
}

/** A fresh fold of `messages`: what a caught-up read model must equal. */
export function foldProjection<State>(
  definition: ProjectionDefinition<State>,
  messages: Iterable<Message>,
): State {
  const runtime = new ProjectionRuntime(definition);
  for (const m of messages) runtime.apply(m);
  return runtime.state;
}

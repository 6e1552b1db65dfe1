/**
 * A fold's state as its runtime holds it (issues 5 and 6). A definition that declares `copyState`
 * lets its `evolve` change the state in place, so folding one event costs O(1) however many orders
 * the state holds, instead of copying the whole table per event. The runtime owns that state and
 * hands it out only *shared*: an exported state (or a read model's snapshot) is never changed
 * afterwards, because the first change after sharing works on a `copyState` copy first
 * (copy-on-write: one copy per hand-out, not one per event). Without `copyState`, `evolve` must
 * return a new state and never change its input, and sharing costs nothing.
 */
export class OwnedState<State> {
  #state: State;
  #shared: boolean;
  readonly #copy: ((state: State) => State) | undefined;

  /** `state` is taken as shared: a saved state handed in is never changed by the run. */
  constructor(state: State, copy: ((state: State) => State) | undefined, shared = false) {
    this.#state = state;
    this.#copy = copy;
    this.#shared = shared;
  }

  /** The live state, for reading at once (deciding, summarising): it may change in place later. */
  get current(): State {
    return this.#state;
  }

  /** The state, promised never to change again: the next `evolve` works on a copy. */
  share(): State {
    this.#shared = true;
    return this.#state;
  }

  /** Replaces the state with `saved`, which stays the caller's (it is not changed in place). */
  reset(saved: State): void {
    this.#state = saved;
    this.#shared = true;
  }

  evolve<Event>(evolve: (state: State, event: Event) => State, event: Event): void {
    if (this.#shared && this.#copy) this.#state = this.#copy(this.#state);
    this.#shared = false;
    this.#state = evolve(this.#state, event);
  }
}

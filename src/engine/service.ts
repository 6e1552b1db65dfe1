import type { EffectGateway } from './effects';
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
  decide(state: State, message: Message, context: ServiceContext): readonly Outgoing[];
  evolve(state: State, event: Message): State;
  /** Consumer-group size (default 1). */
  readonly instances?: number;
  /** Virtual ms it spends on one message (default 0). */
  readonly processingTime?: number;
}

/** A service's state rebuilt from the log: the fold of the events it produced. */
export function foldService<State>(definition: ServiceDefinition<State>, messages: Iterable<Message>): State {
  let state = definition.initialState();
  for (const m of messages) {
    if (m.kind === 'event' && m.source === definition.name) state = definition.evolve(state, m);
  }
  return state;
}

import type { EffectGateway } from './effects';
import type { Message } from './message';
import type { Random } from './random';
import type { Outgoing, ServiceContext, ServiceDefinition } from './service';
import type { ServiceState } from './simulationTypes';

/** What a running service needs from the simulation around it. */
export interface ServiceHost {
  readonly now: () => number;
  readonly effects: EffectGateway;
  /** Envelopes, appends (atomically) and routes what a service decided; returns what was logged. */
  readonly publish: (
    outgoing: readonly Outgoing[],
    cause: Message,
    source: string,
  ) => Promise<readonly Message[]>;
}

/** One service at run time: its definition, its folded state and its idempotent-consumer inbox. */
export class ServiceRuntime {
  readonly definition: ServiceDefinition<unknown>;
  readonly random: Random;
  state: unknown;
  idempotent = true;
  handled = 0;
  duplicatesSuppressed = 0;
  readonly #processed = new Set<string>();

  constructor(definition: ServiceDefinition<unknown>, random: Random) {
    this.definition = definition;
    this.random = random;
    this.state = definition.initialState();
  }

  /**
   * One delivery: skip it if already processed (idempotent consumer), else decide, append all that
   * was decided in one atomic append (so a state change and its publish cannot part: the outbox),
   * then fold the service's own new events into its state. A throw leaves nothing behind.
   */
  async handle(message: Message, host: ServiceHost): Promise<void> {
    if (this.idempotent && this.#processed.has(message.id)) {
      this.duplicatesSuppressed++;
      return;
    }
    const context: ServiceContext = { now: host.now(), random: this.random, effects: host.effects };
    const outgoing = this.definition.decide(this.state, message, context);
    const stored = outgoing.length > 0 ? await host.publish(outgoing, message, this.definition.name) : [];
    let state = this.state;
    for (const m of stored) if (m.kind === 'event') state = this.definition.evolve(state, m);
    this.state = state;
    this.#processed.add(message.id);
    this.handled++;
  }

  /** Plain state; only ids whose delivery may still come again (`stillQueued`) need remembering. */
  exportState(stillQueued: ReadonlySet<string>): ServiceState {
    return {
      state: this.state,
      idempotent: this.idempotent,
      processed: [...this.#processed].filter((id) => stillQueued.has(id)),
      handled: this.handled,
      duplicatesSuppressed: this.duplicatesSuppressed,
    };
  }

  importState(saved: ServiceState): void {
    this.state = saved.state;
    this.idempotent = saved.idempotent;
    this.#processed.clear();
    for (const id of saved.processed) this.#processed.add(id);
    this.handled = saved.handled;
    this.duplicatesSuppressed = saved.duplicatesSuppressed;
  }
}

import { EffectGateway } from './effects';
import { canonicalJson } from './hash';
import type { Message } from './message';
import { Random } from './random';
import type { Outgoing, ServiceContext, ServiceDefinition } from './service';
import type { Dispatch, Simulation } from './simulation';

/** A logged message with test defaults; give only what the test is about. */
export function aMessage(fields: Partial<Message> & Pick<Message, 'type'>): Message {
  return {
    id: `${fields.type}-${fields.subject ?? 's-1'}-${fields.position ?? 1}`,
    kind: 'event',
    schemaVersion: 1,
    source: 'test',
    subject: 's-1',
    streamVersion: 1,
    position: 1,
    time: 0,
    correlationId: 'c-1',
    causationId: null,
    data: {},
    ...fields,
  };
}

type Expected = Pick<Outgoing, 'type'> & Partial<Outgoing>;

/**
 * Given/when/then for one service (Emmett's decider specification):
 * `given(service, pastEvents).when(message).thenSends([{ type, data }])`.
 */
export function given<State>(service: ServiceDefinition<State>, events: readonly Message[] = []) {
  const state = events.reduce((s, e) => service.evolve(s, e), service.initialState());
  return {
    state,
    when(message: Message, context: Partial<ServiceContext> = {}) {
      const ctx: ServiceContext = {
        now: 0,
        random: new Random('given'),
        effects: new EffectGateway(),
        ...context,
      };
      const run = () => service.decide(state, message, ctx);
      return {
        /** The decided messages match `expected` in order (only the fields given are compared). */
        thenSends(expected: readonly Expected[]): readonly Outgoing[] {
          const actual = run();
          const shown = actual.map((a, i) => pick(a, expected[i] ?? { type: a.type }));
          if (canonicalJson(shown) !== canonicalJson(expected)) {
            throw new Error(
              `${service.name} decided\n  ${canonicalJson(shown)}\nbut expected\n  ${canonicalJson(expected)}`,
            );
          }
          return actual;
        },
        /** `decide` refuses the message with an error whose message matches `pattern`. */
        thenThrows(pattern: RegExp): Error {
          try {
            const out = run();
            throw new Error(
              `${service.name} decided ${canonicalJson(out)} but was expected to throw ${pattern}`,
            );
          } catch (e) {
            if (e instanceof Error && pattern.test(e.message)) return e;
            throw e;
          }
        },
      };
    },
  };
}

function pick(actual: Outgoing, like: Expected): Partial<Outgoing> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(like)) out[key] = actual[key as keyof Outgoing];
  return out as Partial<Outgoing>;
}

/**
 * A fluent driver over a simulation (like tldraw's TestEditor). Steps queue up and run in order
 * when the chain is awaited: `await drive(sim).dispatch(a).advance(500).expectTypes([…])`.
 */
export class SimulationDriver implements PromiseLike<Simulation> {
  readonly sim: Simulation;
  #chain: Promise<void> = Promise.resolve();

  constructor(sim: Simulation) {
    this.sim = sim;
  }

  #step(step: () => void | Promise<void>): this {
    this.#chain = this.#chain.then(step);
    return this;
  }

  dispatch(action: Dispatch): this {
    return this.#step(async () => {
      await this.sim.dispatch(action);
    });
  }

  advance(ms: number): this {
    return this.#step(() => this.sim.advance(ms));
  }

  runUntilIdle(): this {
    return this.#step(async () => {
      await this.sim.runUntilIdle();
    });
  }

  kill(name: string): this {
    return this.#step(() => this.sim.kill(name));
  }

  revive(name: string): this {
    return this.#step(() => this.sim.revive(name));
  }

  /** The log's message types, in order, equal `types`. */
  expectTypes(types: readonly string[]): this {
    return this.#step(async () => {
      const actual = (await this.sim.log.read()).map((m) => m.type);
      if (canonicalJson(actual) !== canonicalJson(types)) {
        throw new Error(`The log holds\n  ${actual.join(', ')}\nbut expected\n  ${types.join(', ')}`);
      }
    });
  }

  /** Any other check, run in order with the steps. */
  check(assertion: (sim: Simulation) => void | Promise<void>): this {
    return this.#step(() => assertion(this.sim));
  }

  // biome-ignore lint/suspicious/noThenProperty: the driver is awaitable on purpose
  then<A = Simulation, B = never>(
    onFulfilled?: ((sim: Simulation) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return this.#chain.then(() => this.sim).then(onFulfilled, onRejected);
  }
}

export function drive(sim: Simulation): SimulationDriver {
  return new SimulationDriver(sim);
}

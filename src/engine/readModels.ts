import { ConfigurationError, UnknownNameError } from './errors';
import type { Message } from './message';
import { type ProjectionDefinition, ProjectionRuntime, type ProjectionState } from './projection';
import type { ProjectionView } from './simulationTypes';

/**
 * A simulation's read models: each folds the log `lag` virtual ms behind it. Keeps one pending
 * wake per read model (a later-scheduled wake that an earlier one superseded is ignored, since the
 * scheduler's heap has no delete).
 */
export class ReadModels {
  readonly #runtimes = new Map<string, ProjectionRuntime>();
  readonly #wakes = new Map<string, number>();
  readonly #schedule: (at: number, name: string) => void;

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: read models of many state types
    definitions: readonly ProjectionDefinition<any>[],
    lag: number,
    schedule: (at: number, name: string) => void,
  ) {
    this.#schedule = schedule;
    for (const definition of definitions) {
      if (this.#runtimes.has(definition.name)) {
        throw new ConfigurationError(`Two read models are named "${definition.name}".`);
      }
      this.#runtimes.set(definition.name, new ProjectionRuntime(definition, lag));
    }
  }

  /** Freshly logged messages: each read model takes them in after its lag. */
  feed(messages: readonly Message[], now: number): void {
    for (const p of this.#runtimes.values()) {
      const due = p.feed(messages, now);
      if (due !== undefined) this.#wake(p.definition.name, due);
    }
  }

  /** A scheduled catch-up of `name`, due at `at`. */
  run(name: string, at: number, now: number): void {
    if (this.#wakes.get(name) !== at) return; // superseded by an earlier wake
    this.#wakes.delete(name);
    const next = this.#get(name).catchUp(now);
    if (next !== undefined) this.#wake(name, next);
  }

  setLag(ms: number): void {
    for (const p of this.#runtimes.values()) p.lag = Math.max(0, ms);
  }

  /** The live state (it may change in place with the next message). */
  state(name: string): unknown {
    return this.#get(name).state;
  }

  views(head: number): ProjectionView[] {
    return [...this.#runtimes.values()].map((p) => ({
      name: p.definition.name,
      checkpoint: p.checkpoint,
      behind: head - p.checkpoint,
      lag: p.lag,
      state: p.shared(),
    }));
  }

  exportState(): { projections: Record<string, ProjectionState>; wakes: Record<string, number> } {
    const projections: Record<string, ProjectionState> = {};
    for (const [name, p] of this.#runtimes) projections[name] = p.exportState();
    return { projections, wakes: Object.fromEntries(this.#wakes) };
  }

  importState(
    projections: Readonly<Record<string, ProjectionState>>,
    wakes: Readonly<Record<string, number>>,
    messageAt: (position: number) => Message,
  ): void {
    for (const [name, p] of this.#runtimes) {
      const saved = projections[name];
      if (!saved) throw new ConfigurationError(`The saved run has no read model "${name}".`);
      p.importState(saved, messageAt);
    }
    this.#wakes.clear();
    for (const [name, at] of Object.entries(wakes)) this.#wakes.set(name, at);
  }

  #wake(name: string, at: number): void {
    const scheduled = this.#wakes.get(name);
    if (scheduled !== undefined && scheduled <= at) return;
    this.#wakes.set(name, at);
    this.#schedule(at, name);
  }

  #get(name: string): ProjectionRuntime {
    const p = this.#runtimes.get(name);
    if (!p) throw new UnknownNameError('read model', name, [...this.#runtimes.keys()]);
    return p;
  }
}

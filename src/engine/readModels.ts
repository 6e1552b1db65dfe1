import type { DeadLetter } from './brokerTypes';
import { ConfigurationError, UnknownNameError } from './errors';
import type { Message } from './message';
import {
  type MessageReader,
  type ProjectionDefinition,
  ProjectionRuntime,
  type ProjectionState,
} from './projection';
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
  /** Read models added from the beginning that are still reading the log's history. */
  readonly #replaying = new Set<string>();
  #lag: number;
  readonly #read: MessageReader | undefined;

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: read models of many state types
    definitions: readonly ProjectionDefinition<any>[],
    lag: number,
    schedule: (at: number, name: string) => void,
    /** How every read model reads a logged message (the simulation's upcasting). */
    read?: MessageReader,
  ) {
    this.#schedule = schedule;
    this.#read = read;
    this.#lag = lag;
    for (const definition of definitions) this.add(definition, 0);
  }

  /**
   * Adds a read model to a running simulation. From the head: its checkpoint starts at `head` and
   * it takes what is logged from now on. From the beginning (`head` = 0): it reads the log's
   * history first (`replay`), taking no live messages until it reaches the head.
   */
  // biome-ignore lint/suspicious/noExplicitAny: read models of many state types
  add(definition: ProjectionDefinition<any>, head: number, replay = false): void {
    if (this.#runtimes.has(definition.name)) {
      throw new ConfigurationError(`Two read models are named "${definition.name}".`);
    }
    const runtime = new ProjectionRuntime(definition, this.#lag, this.#read);
    runtime.checkpoint = replay ? 0 : head;
    this.#runtimes.set(definition.name, runtime);
    if (replay) this.#replaying.add(definition.name);
  }

  /** Removes a read model; its scheduled wakes are ignored when they come. */
  remove(name: string): void {
    this.#get(name);
    this.#runtimes.delete(name);
    this.#wakes.delete(name);
    this.#replaying.delete(name);
  }

  has(name: string): boolean {
    return this.#runtimes.has(name);
  }

  names(): string[] {
    return [...this.#runtimes.keys()];
  }

  /** Read models still reading history, by name (saved with the run). */
  get replaying(): readonly string[] {
    return [...this.#replaying];
  }

  set replaying(names: readonly string[]) {
    this.#replaying.clear();
    for (const n of names) this.#replaying.add(n);
  }

  /**
   * One batch of a read model's history: folds up to `batch` logged messages after its checkpoint.
   * Returns true while there is more to read (the caller schedules the next batch); false once it
   * has reached `head`, from which on it takes live messages like the others.
   */
  async replay(
    name: string,
    read: (from: number, limit: number) => Promise<readonly Message[]>,
    batch: number,
    head: number,
  ): Promise<boolean> {
    if (!this.#replaying.has(name)) return false; // removed, or done
    const p = this.#get(name);
    for (const m of await read(p.checkpoint + 1, batch)) if (!p.apply(m)) return false; // stopped: `resume`
    if (p.checkpoint < head) return true;
    this.#replaying.delete(name);
    return false;
  }

  /** Freshly logged messages: each read model takes them in after its lag. */
  feed(messages: readonly Message[], now: number): void {
    for (const p of this.#runtimes.values()) {
      if (this.#replaying.has(p.definition.name)) continue; // it will read them from the log
      const due = p.feed(messages, now);
      if (due !== undefined) this.#wake(p.definition.name, due);
    }
  }

  /** A scheduled catch-up of `name`, due at `at`. */
  run(name: string, at: number, now: number): void {
    if (this.#wakes.get(name) !== at) return; // superseded by an earlier wake, or removed
    this.#wakes.delete(name);
    const next = this.#get(name).catchUp(now);
    if (next !== undefined) this.#wake(name, next);
  }

  /**
   * Tries a stopped read model's message again (a dead letter's "Retry"). Returns null when it is
   * not stopped at `position`; else whether it is still reading history (the caller schedules the
   * next history batch then; a live one is woken here).
   */
  resume(name: string, position: number, now: number): { history: boolean } | null {
    const p = this.#get(name);
    if (p.failure?.position !== position || !p.resume(now)) return null;
    const history = this.#replaying.has(name);
    if (!history) this.#wake(name, now);
    return { history };
  }

  /** Gives up on the message a read model is stopped at ("Discard"): it goes on without it. */
  skip(name: string, position: number, now: number): { history: boolean } | null {
    const p = this.#get(name);
    if (p.failure?.position !== position || !p.skip()) return null;
    const history = this.#replaying.has(name);
    if (!history) this.#wake(name, now);
    return { history };
  }

  /** Each stopped read model's message, as a dead letter of that read model. */
  deadLetters(): DeadLetter[] {
    const letters: DeadLetter[] = [];
    for (const [name, p] of this.#runtimes) {
      const message = p.failedMessage;
      if (!p.failure || !message) continue;
      const { attempts, reason, errorCode, time } = p.failure;
      letters.push({ message, subscription: name, attempts, reason, errorCode, time, readModel: true });
    }
    return letters;
  }

  setLag(ms: number): void {
    this.#lag = Math.max(0, ms);
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
      ...(p.failure ? { failure: p.failure } : {}),
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
    const first = Object.values(projections)[0];
    if (first) this.#lag = first.lag; // `setLag` sets them all alike; a read model added later follows
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

import type { Dispatch, Simulation, SimulationSnapshot, SimulationState } from '../engine/simulation';
import { dispatchesOf, type SampleOptions } from '../scenarios/scenario';
import { actionProblems, applyToSimulation, type RecordedAction, type UserAction } from './actions';
import { nextDue, noTraffic, type Traffic } from './traffic';

/** Everything needed to carry a run on after a reload: the simulation's state and the driver's. */
export interface SavedRun {
  readonly sim: SimulationState;
  readonly actions: readonly RecordedAction[];
  readonly ordersStarted: number;
  readonly traffic: Traffic;
  /** The coordination style new transactions start in (if the scenario has styles). */
  readonly style: string | null;
  /**
   * Messages this run's history leaves out ("Replay without this event"): a re-run of it must
   * drop them again when they are produced (see SkippingLog). Absent when none.
   */
  readonly skipped?: readonly string[];
  /**
   * Set for a log imported rather than run here (issue 8): how many messages it held. Its state
   * was rebuilt from them by folding; it cannot be re-run, so it is shown, not continued.
   */
  readonly imported?: number;
}

/** Where a run is kept between page loads. The IndexedDB one lives in runPersistence.ts. */
export interface RunPersistence {
  /** Makes the log and this record durable together, atomically. */
  save(run: SavedRun): Promise<void>;
}

export type StorageStatus =
  | { readonly kind: 'memory' }
  /** Another tab writes this run; this one only shows it. */
  | { readonly kind: 'readOnly'; readonly message: string }
  | { readonly kind: 'saved'; readonly head: number }
  | { readonly kind: 'failed'; readonly message: string };

/** What the UI reads: the simulation's snapshot plus how the run is being driven and kept. */
export interface PlaygroundSnapshot {
  readonly sim: SimulationSnapshot;
  readonly playing: boolean;
  /** Virtual ms per real ms. */
  readonly speed: number;
  readonly actions: number;
  readonly ordersStarted: number;
  readonly traffic: Traffic;
  readonly style: string | null;
  readonly storage: StorageStatus;
}

export interface DriverOptions {
  readonly sim: Simulation;
  /** The scenario's sample transaction number `n` (1-based): one request, or several at one moment. */
  readonly makeOrder: (n: number, options: SampleOptions) => Dispatch | readonly Dispatch[];
  /** The style new transactions start in, for a fresh run. */
  readonly style?: string | null;
  readonly persistence?: RunPersistence;
  /** A run restored from storage: its actions, order count and traffic carry on. */
  readonly saved?: Omit<SavedRun, 'sim'>;
  readonly speed?: number;
  readonly playing?: boolean;
  /** Real ms between saves while nothing is logged (default 250). */
  readonly saveEveryMs?: number;
  /** Real time source, injectable for tests. */
  readonly realNow?: () => number;
  /** Set when another tab writes this run: nothing here may change it. */
  readonly readOnly?: string;
}

/** No frame may push virtual time further than this many real ms, e.g. after a hidden tab wakes. */
const MAX_FRAME_MS = 100;

/**
 * Drives a simulation in real time: the one narrow interface between the UI and a run (actions in,
 * snapshots out, `subscribe` / `getSnapshot`), so it could move into a Web Worker unchanged. All work
 * on the simulation is queued, so an action never lands in the middle of a frame's advance.
 */
/** A save may take at most 1 / this of the real time between saves (the interval stretches). */
const SAVE_COST_FACTOR = 5;

export class PlaygroundDriver {
  readonly sim: Simulation;
  readonly #makeOrder: DriverOptions['makeOrder'];
  readonly #persistence: RunPersistence | undefined;
  readonly #actions: RecordedAction[];
  readonly #listeners = new Set<() => void>();
  readonly #settledListeners = new Set<() => void>();
  readonly #saveEveryMs: number;
  readonly #realNow: () => number;
  #ordersStarted: number;
  #traffic: Traffic;
  #style: string | null;
  readonly #skipped: readonly string[];
  readonly #imported: number | undefined;
  #queue: Promise<void> = Promise.resolve();
  #playing: boolean;
  #speed: number;
  #storage: StorageStatus;
  #lastSave = Number.NEGATIVE_INFINITY;
  /** Real ms the last save took, start to durable (see `#maybeSave`). */
  #lastSaveMs = 0;
  /** Virtual time not yet spent: the clock moves in whole ms so logs read cleanly. */
  #carry = 0;
  #snapshot: PlaygroundSnapshot | null = null;

  constructor(options: DriverOptions) {
    this.sim = options.sim;
    this.#makeOrder = options.makeOrder;
    this.#persistence = options.persistence;
    this.#actions = [...(options.saved?.actions ?? [])];
    this.#ordersStarted = options.saved?.ordersStarted ?? 0;
    this.#traffic = options.saved?.traffic ?? noTraffic;
    this.#style = options.saved ? options.saved.style : (options.style ?? null);
    this.#skipped = options.saved?.skipped ?? [];
    this.#imported = options.saved?.imported;
    this.#speed = options.speed ?? 1;
    this.#playing = options.playing ?? true;
    this.#saveEveryMs = options.saveEveryMs ?? 250;
    this.#realNow = options.realNow ?? (() => performance.now());
    this.#storage = options.readOnly
      ? { kind: 'readOnly', message: options.readOnly }
      : options.persistence
        ? { kind: 'saved', head: this.sim.head }
        : { kind: 'memory' };
    if (options.readOnly) this.#playing = false;
    this.sim.subscribe(() => this.#changed());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): PlaygroundSnapshot => {
    this.#snapshot ??= {
      sim: this.sim.getSnapshot(),
      playing: this.#playing,
      speed: this.#speed,
      actions: this.#actions.length,
      ordersStarted: this.#ordersStarted,
      traffic: this.#traffic,
      style: this.#style,
      storage: this.#storage,
    };
    return this.#snapshot;
  };

  get actions(): readonly RecordedAction[] {
    return this.#actions;
  }

  /** How many messages were imported, for a log imported rather than run here (see `SavedRun.imported`). */
  get imported(): number | undefined {
    return this.#imported;
  }

  /** Messages this run's history leaves out (see `SavedRun.skipped`). */
  get skipped(): readonly string[] {
    return this.#skipped;
  }

  /**
   * Told after each piece of queued work (a frame, an action, a step, a replay) has finished: the
   * simulation and the driver are then at one consistent point, e.g. for a checkpoint.
   */
  onSettled(listener: () => void): () => void {
    this.#settledListeners.add(listener);
    return () => this.#settledListeners.delete(listener);
  }

  /** The run as it is now: the simulation's state and the driver's (consistent when settled). */
  exportRun(): SavedRun {
    return {
      sim: this.sim.exportState(),
      actions: this.#actions,
      ordersStarted: this.#ordersStarted,
      traffic: this.#traffic,
      style: this.#style,
      ...(this.#skipped.length > 0 ? { skipped: this.#skipped } : {}),
      ...(this.#imported === undefined ? {} : { imported: this.#imported }),
    };
  }

  /** Records and applies a person's action at the current virtual time. */
  act(action: UserAction): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#storage.kind === 'failed' || this.#storage.kind === 'readOnly') {
        throw new Error(this.#storage.message);
      }
      await this.#apply(action);
      await this.#maybeSave(true);
    });
  }

  /**
   * Re-runs recorded actions on this driver's fresh simulation, without real time: advance to each
   * action's time, apply it. Task order does not depend on how time was chunked, so this gives the
   * live run's log exactly. With `stopAt`, it stops right after the task that logged that position
   * (the time machine's "as of"), running tasks one at a time.
   */
  replay(
    actions: readonly RecordedAction[],
    until?: number,
    stopAt = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    return this.#enqueue(async () => {
      for (const { at, action, after } of actions) {
        if (await this.#advanceTo(at, stopAt, after)) return;
        await this.#apply(action);
      }
      if (until !== undefined) await this.#advanceTo(until, stopAt);
    });
  }

  /** One animation frame: `realMs` of real time become `realMs × speed` virtual ms. */
  frame(realMs: number): Promise<void> {
    if (!this.#playing) return this.#queue;
    return this.#enqueue(async () => {
      if (!this.#playing) return; // paused (or made read-only) while this frame waited
      const virtual = Math.min(Math.max(0, realMs), MAX_FRAME_MS) * this.#speed + this.#carry;
      const whole = Math.floor(virtual);
      this.#carry = virtual - whole;
      if (whole > 0) await this.#advanceTo(this.sim.now + whole);
      await this.#maybeSave(false);
    });
  }

  /** Runs exactly the next scheduled task (the "Step" button); pauses first. */
  step(): Promise<void> {
    if (this.#storage.kind === 'readOnly') return this.#queue;
    this.pause();
    return this.#enqueue(async () => {
      await this.sim.step();
      await this.#maybeSave(true);
    });
  }

  play(): void {
    if (this.#storage.kind === 'failed' || this.#storage.kind === 'readOnly') return;
    this.#playing = true;
    this.#changed();
  }

  pause(): void {
    this.#playing = false;
    this.#changed();
  }

  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new RangeError(`Speed must be a positive number, not ${speed}.`);
    }
    this.#speed = speed;
    this.#changed();
  }

  /** Stops this driver from changing the run at once (another tab took it over). */
  becomeReadOnly(message: string): void {
    this.#playing = false;
    this.#storage = { kind: 'readOnly', message };
    this.#changed();
  }

  /** Resolves once the work queued so far (a frame, an action) has finished. */
  whenIdle(): Promise<void> {
    return this.#queue;
  }

  /** Saves now whatever is not saved yet (page hidden, closing). */
  flush(): Promise<void> {
    return this.#enqueue(() => this.#maybeSave(true));
  }

  async #apply(action: UserAction): Promise<void> {
    // A refused action (a name taken, say) must not enter the history a replay re-runs.
    const problems = actionProblems(this.sim, action);
    if (problems.length > 0) throw new Error(problems.join(' '));
    // Ahead of tasks already due now: note where, so a re-run applies it at the same point.
    const due = this.sim.nextTaskAt;
    const ahead = due !== undefined && due <= this.sim.now ? { after: this.sim.head } : {};
    this.#actions.push({ at: this.sim.now, action, ...ahead });
    if (action.type === 'order.placed') await this.#startOrder(action.options ?? {});
    else if (action.type === 'style.changed') {
      this.#style = action.style;
      this.#changed();
    } else if (action.type === 'traffic.changed') {
      this.#traffic = { perSecond: Math.max(0, action.perSecond), since: this.sim.now, issued: 0 };
      this.#changed();
    } else await applyToSimulation(this.sim, action);
  }

  async #startOrder(options: SampleOptions): Promise<void> {
    this.#ordersStarted++;
    const style = this.#style === null ? {} : { style: this.#style };
    const sample = this.#makeOrder(this.#ordersStarted, { ...style, ...options });
    for (const dispatch of dispatchesOf(sample)) await this.sim.dispatch(dispatch);
  }

  /**
   * Advances to `target`, starting automatic transactions exactly when they fall due. Returns true
   * when it stopped early because the log reached `stopAt`.
   */
  async #advanceTo(target: number, stopAt = Number.POSITIVE_INFINITY, after?: number): Promise<boolean> {
    if (this.sim.head >= stopAt) return true;
    for (let due = nextDue(this.#traffic); due !== undefined && due <= target; due = nextDue(this.#traffic)) {
      if (await this.#runUntil(due, stopAt)) return true;
      this.#traffic = { ...this.#traffic, issued: this.#traffic.issued + 1 };
      await this.#startOrder({});
      if (this.sim.head >= stopAt) return true;
    }
    return after === undefined ? this.#runUntil(target, stopAt) : this.#runUpToHead(target, stopAt, after);
  }

  /**
   * For an action that went in ahead of tasks due at its time (see `RecordedAction.after`): runs
   * the tasks due by `time` only until the log reaches `after`, leaving the rest due.
   */
  async #runUpToHead(time: number, stopAt: number, after: number): Promise<boolean> {
    if (await this.sim.runToHead(time, Math.min(after, stopAt))) return this.sim.head >= stopAt;
    if (time > this.sim.now) await this.sim.advance(time - this.sim.now);
    return false;
  }

  /** Runs the tasks due by `time` and lets the clock reach it, unless the log reaches `stopAt` first. */
  async #runUntil(time: number, stopAt: number): Promise<boolean> {
    // One task at a time, the same tasks in the same order as `advance` runs them.
    if (stopAt !== Number.POSITIVE_INFINITY && (await this.sim.runToHead(time, stopAt))) return true;
    if (time > this.sim.now) await this.sim.advance(time - this.sim.now);
    return false;
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(async () => {
      await work();
      for (const listener of this.#settledListeners) listener();
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  async #maybeSave(force: boolean): Promise<void> {
    if (!this.#persistence || this.#storage.kind === 'failed' || this.#storage.kind === 'readOnly') return;
    const now = this.#realNow();
    // The store commits a frame's events only together with the state (commitOnFlushOnly), so it
    // is never ahead of it; between saves it holds an earlier, consistent point, and a reload
    // deterministically redoes the work since. Saving every frame would copy the whole state 60
    // times a second (measured in bench/ui: over a second of main thread per 10 s under load).
    // The interval stretches with what a save costs: a long run's state is megabytes, copied on
    // the main thread by IndexedDB, and saving it 4 times a second would cost most of the frames.
    const every = Math.max(this.#saveEveryMs, SAVE_COST_FACTOR * this.#lastSaveMs);
    if (!force && now - this.#lastSave < every) return;
    // Nothing logged since the last save: only the clock moved, which a reload redoes exactly.
    // (An idle long run would otherwise copy megabytes of unchanged state every second.)
    if (!force && this.#storage.kind === 'saved' && this.#storage.head === this.sim.head) return;
    this.#lastSave = now;
    const run = this.exportRun();
    try {
      await this.#persistence.save(run);
      this.#lastSaveMs = this.#realNow() - now;
      this.#storage = { kind: 'saved', head: run.sim.head };
    } catch (error) {
      // Nothing of the failed batch was written (the store is atomic); stop here and tell the person.
      this.#playing = false;
      this.#storage = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    this.#changed();
  }

  #changed(): void {
    this.#snapshot = null;
    for (const listener of this.#listeners) listener();
  }
}

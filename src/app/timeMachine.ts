import type { EventLog } from '../engine/eventLog';
import type { Message } from '../engine/message';
import { rebuildState } from '../engine/rebuild';
import { Simulation, type SimulationOptions, type SimulationState } from '../engine/simulation';
import { type DriverOptions, PlaygroundDriver, type SavedRun } from './driver';
import { type History, ReplayLog } from './replayLog';
import type { Traffic } from './traffic';
import { noTraffic } from './traffic';

/** A consistent point of the live run: the simulation's state and the driver's, and how many actions. */
export interface Checkpoint {
  readonly sim: SimulationState;
  /** Recorded actions applied before this point. */
  readonly actions: number;
  readonly ordersStarted: number;
  readonly traffic: Traffic;
  readonly style: string | null;
}

/** The whole system as it was right after the message at `position` was logged. */
export interface Moment {
  readonly position: number;
  /** A separate simulation standing at that moment; never the live one. */
  readonly sim: Simulation;
  /** Its log's head: above `position` when the same task logged several messages at once. */
  readonly head: number;
  /** The message at `position` (none for position 0, before anything happened). */
  readonly message: Message | null;
  /**
   * The run as of this moment, as a driver would save it (the state a branch forked here starts
   * from). Valid until the next seek: a later seek may carry this moment's re-run on.
   */
  readonly exportRun: () => SavedRun;
}

export interface TimeMachineOptions {
  /** The run's simulation options over another log (same seed, scenario and settings). */
  readonly simulationOptions: (log: EventLog) => SimulationOptions;
  /** The run's state before anything happened (head 0). */
  readonly initial: SimulationState;
  readonly initialStyle: string | null;
  readonly makeOrder: DriverOptions['makeOrder'];
  /** Take a checkpoint once this many messages were logged since the last (default 500). */
  readonly every?: number;
  /**
   * Most checkpoints kept besides the start (default 40). Past it, every other one is dropped and
   * the spacing doubles, so a long run keeps evenly spaced checkpoints in bounded memory.
   */
  readonly keep?: number;
  /** Told of each checkpoint dropped (by its head), e.g. to delete it from IndexedDB too. */
  readonly onDropped?: (head: number) => void;
  /** Checkpoints kept from an earlier session of this run (a cache: any subset will do). */
  readonly saved?: readonly Checkpoint[];
  /** Told of each new checkpoint, e.g. to keep it in IndexedDB for the next session. */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
}

/**
 * State as of any logged position. The simulation is deterministic, so "as of p" is: restore the
 * nearest checkpoint before p into a separate simulation over a read-only view of the live log,
 * re-apply the person's recorded actions at their virtual times, and run tasks one by one until the
 * log reaches p. Checkpoints are taken while the live run goes, so a seek re-runs at most `every`
 * messages. See src/app/CONTEXT.md.
 */
export class TimeMachine {
  readonly #options: TimeMachineOptions;
  #every: number;
  readonly #keep: number;
  #checkpoints: Checkpoint[];
  readonly #messages: Message[] = [];
  readonly #positions = new Map<string, number>();
  readonly #history: History = { messages: this.#messages, positions: this.#positions };
  /** The last moment rebuilt and the driver that re-ran it: a later seek may carry it on. */
  #last: { readonly moment: Moment; readonly driver: PlaygroundDriver } | null = null;

  constructor(options: TimeMachineOptions) {
    this.#options = options;
    this.#every = options.every ?? 500;
    this.#keep = Math.max(2, options.keep ?? 40);
    this.#checkpoints = [
      { sim: options.initial, actions: 0, ordersStarted: 0, traffic: noTraffic, style: options.initialStyle },
      ...[...(options.saved ?? [])].sort((a, b) => a.sim.head - b.sim.head).filter((c) => c.sim.head > 0),
    ];
    this.#thin();
  }

  /** Positions of the checkpoints held, oldest first (the first is the start of the run). */
  get checkpoints(): readonly number[] {
    return this.#checkpoints.map((c) => c.sim.head);
  }

  /** Takes checkpoints of `driver`'s run as it goes; returns a function that stops watching. */
  watch(driver: PlaygroundDriver): () => void {
    return driver.onSettled(() => this.offer(driver));
  }

  /** Keeps a checkpoint of `driver`'s run if enough was logged since the last. Call it when settled. */
  offer(driver: PlaygroundDriver): void {
    const last = this.#checkpoints.at(-1) as Checkpoint;
    if (driver.sim.head < last.sim.head + this.#every) return;
    const run = driver.exportRun();
    // Kept as exported, not copied: the engine never writes to a state it exported, nor does a run
    // restored from one (simulationState.test.ts freezes one to prove it), and traffic is replaced,
    // never changed. Copying an 8 MB state at 100,000 messages took ~230 ms, on the main thread.
    const checkpoint: Checkpoint = {
      sim: run.sim,
      actions: run.actions.length,
      ordersStarted: run.ordersStarted,
      traffic: run.traffic,
      style: run.style,
    };
    this.#checkpoints.push(checkpoint);
    this.#options.onCheckpoint?.(checkpoint);
    this.#thin();
  }

  /** Over the limit: drop every other checkpoint (never the start or the newest), double the spacing. */
  #thin(): void {
    while (this.#checkpoints.length - 1 > this.#keep) {
      const last = this.#checkpoints.length - 1;
      const kept = this.#checkpoints.filter((_, i) => i === 0 || i === last || i % 2 === 0);
      for (const [i, c] of this.#checkpoints.entries()) {
        if (i !== 0 && i !== last && i % 2 === 1) this.#options.onDropped?.(c.sim.head);
      }
      this.#checkpoints = kept;
      this.#every *= 2;
    }
  }

  /** The live run (`driver`, settled and paused) as it was right after position `position` was logged. */
  async seek(driver: PlaygroundDriver, position: number): Promise<Moment> {
    await this.#sync(driver.sim.log);
    const target = Math.max(0, Math.min(Math.floor(position), this.#messages.length));
    if (driver.imported !== undefined && target <= driver.imported) return this.#folded(target);
    const checkpoint = this.#nearestBefore(target);
    const last = this.#last;
    if (last && last.moment.head < target && checkpoint.sim.head <= last.moment.head) {
      // Forward from the last moment, with no checkpoint in between: carry that re-run on. (The
      // moment handed out before is spent: its simulation moves on.)
      return this.#runTo(last.driver, driver, target);
    }
    const log = new ReplayLog(this.#history, checkpoint.sim.head, driver.skipped);
    // Restored from the checkpoint itself: a restored run never writes to the state it came from.
    const sim = await Simulation.restore(this.#options.simulationOptions(log), checkpoint.sim);
    // Re-running history must not touch the outside world again: the gateway answers from what
    // the live run recorded (by reference) and notes each effect it suppressed.
    sim.effects.replayAgainst(driver.sim.effects);
    const past = new PlaygroundDriver({
      sim,
      makeOrder: this.#options.makeOrder,
      saved: {
        actions: driver.actions.slice(0, checkpoint.actions),
        ordersStarted: checkpoint.ordersStarted,
        traffic: checkpoint.traffic,
        style: checkpoint.style,
        // A branch forked from this moment leaves out what this run left out.
        ...(driver.skipped.length > 0 ? { skipped: driver.skipped } : {}),
      },
      playing: false,
    });
    return this.#runTo(past, driver, target);
  }

  /**
   * A moment of an imported log: nothing ran here to re-run, so the state is rebuilt from the
   * log's first `target` messages by folding (event sourcing's own time travel).
   */
  async #folded(target: number): Promise<Moment> {
    this.#last = null;
    const prefix = this.#messages.slice(0, target);
    const options = this.#options.simulationOptions(new ReplayLog(this.#history, target));
    const sim = await Simulation.restore(options, rebuildState(options, prefix));
    sim.effects.mode = 'replay';
    return {
      position: target,
      sim,
      head: target,
      message: this.#messages[target - 1] ?? null,
      exportRun: () => {
        throw new Error('A moment of an imported log cannot be branched: it was never run here.');
      },
    };
  }

  /** Re-applies the live run's actions that `past` has not applied yet, until its log reaches `target`. */
  async #runTo(past: PlaygroundDriver, live: PlaygroundDriver, target: number): Promise<Moment> {
    this.#last = null;
    await past.replay(live.actions.slice(past.actions.length), live.sim.now, target);
    const { sim } = past;
    if (sim.head < target) {
      throw new Error(`Re-running the run reached position ${sim.head}, not ${target}.`);
    }
    const moment = {
      position: target,
      sim,
      head: sim.head,
      message: this.#messages[target - 1] ?? null,
      exportRun: () => past.exportRun(),
    };
    this.#last = { moment, driver: past };
    return moment;
  }

  /** The checkpoint to start from: the last one strictly before `position` (or the start). */
  #nearestBefore(position: number): Checkpoint {
    // Strictly before: a checkpoint taken at a frame's end may hold later tasks that logged nothing,
    // so only a re-run stops exactly "right after the task that logged `position`".
    let low = 0;
    let high = this.#checkpoints.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if ((this.#checkpoints[mid] as Checkpoint).sim.head < position) low = mid;
      else high = mid - 1;
    }
    return this.#checkpoints[low] as Checkpoint;
  }

  /** Copies what the live log gained since the last seek (references, not clones). */
  async #sync(log: EventLog): Promise<void> {
    const fresh = await log.read({ from: this.#messages.length + 1 });
    for (const m of fresh) {
      this.#messages.push(m);
      this.#positions.set(m.id, m.position);
    }
  }
}

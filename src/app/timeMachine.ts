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
  /** Take a checkpoint once this many messages were logged since the last (default 200). */
  readonly every?: number;
  /**
   * Most checkpoints held in memory besides the start (default 800). Past it, every other one is
   * dropped and the spacing doubles, so a long run keeps evenly spaced checkpoints in bounded
   * memory. They are cheap: a checkpoint shares the run's tables (table.ts) and pins only what
   * changed since the one before.
   */
  readonly keep?: number;
  /**
   * Of those, one in this many messages (default 5,000) is also handed to `onCheckpoint` to be
   * kept for the next session (an exported state in IndexedDB pins everything, not what changed).
   */
  readonly keepEvery?: number;
  /** Most checkpoints kept for the next session (default 40); thinned like the ones in memory. */
  readonly keepMost?: number;
  /** Told of each kept checkpoint dropped (by its head), e.g. to delete it from IndexedDB too. */
  readonly onDropped?: (head: number) => void;
  /** Checkpoints kept from an earlier session of this run (a cache: any subset will do). */
  readonly saved?: readonly Checkpoint[];
  /** Told of each checkpoint to keep for the next session, e.g. to put it in IndexedDB. */
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
  /** Heads of the checkpoints kept for the next session (`onCheckpoint`), oldest first. */
  #kept: number[];
  #keepEvery: number;
  readonly #keepMost: number;
  /** A re-run filling gaps between checkpoints (`densify`), carried on from slice to slice. */
  #filler: PlaygroundDriver | null = null;
  readonly #messages: Message[] = [];
  readonly #positions = new Map<string, number>();
  readonly #history: History = { messages: this.#messages, positions: this.#positions };
  /** The last moment rebuilt and the driver that re-ran it: a later seek may carry it on. */
  #last: { readonly moment: Moment; readonly driver: PlaygroundDriver } | null = null;

  constructor(options: TimeMachineOptions) {
    this.#options = options;
    this.#every = options.every ?? 200;
    this.#keep = Math.max(2, options.keep ?? 800);
    this.#keepEvery = options.keepEvery ?? 5000;
    this.#keepMost = Math.max(2, options.keepMost ?? 40);
    const saved = [...(options.saved ?? [])]
      .sort((a, b) => a.sim.head - b.sim.head)
      .filter((c) => c.sim.head > 0);
    this.#checkpoints = [
      { sim: options.initial, actions: 0, ordersStarted: 0, traffic: noTraffic, style: options.initialStyle },
      ...saved,
    ];
    this.#kept = saved.map((c) => c.sim.head);
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
    const checkpoint = checkpointNow(driver);
    this.#checkpoints.push(checkpoint);
    if (checkpoint.sim.head >= (this.#kept.at(-1) ?? 0) + this.#keepEvery) {
      this.#kept.push(checkpoint.sim.head);
      this.#options.onCheckpoint?.(checkpoint);
      this.#thinKept();
    }
    this.#thin();
  }

  /** Over the limit: drop every other checkpoint (never the start or the newest), double the spacing. */
  #thin(): void {
    while (this.#checkpoints.length - 1 > this.#keep) {
      const last = this.#checkpoints.length - 1;
      this.#checkpoints = this.#checkpoints.filter((_, i) => i === 0 || i === last || i % 2 === 0);
      this.#every *= 2;
    }
  }

  /** The same for the checkpoints kept for the next session (each one dropped is told). */
  #thinKept(): void {
    while (this.#kept.length > this.#keepMost) {
      const last = this.#kept.length - 1;
      for (const [i, head] of this.#kept.entries())
        if (i !== last && i % 2 === 0) this.#options.onDropped?.(head);
      this.#kept = this.#kept.filter((_, i) => i === last || i % 2 === 1);
      this.#keepEvery *= 2;
    }
  }

  /**
   * Fills one gap between checkpoints by re-running history: a reopened run has only the few kept
   * in IndexedDB, so its first seeks would re-run thousands of messages. Each call re-runs at most
   * the spacing (a few ms) and takes a checkpoint there; call it while idle until it returns false.
   * Never changes the live run nor what a seek shows.
   */
  async densify(driver: PlaygroundDriver): Promise<boolean> {
    // The log first, a slice at a time too (copying 100,000 references at once is a long task).
    if (!(await this.#sync(driver.sim.log, SYNC_SLICE))) return true;
    const end = this.#messages.length;
    const gap = this.#checkpoints.findIndex((_, i) => this.#gapAfter(i, end) > 0);
    if (gap < 0 || driver.imported !== undefined) {
      this.#filler = null;
      return false;
    }
    const from = this.#checkpoints[gap] as Checkpoint;
    const filler = this.#filler?.sim.head === from.sim.head ? this.#filler : this.#pastDriver(driver, from);
    const past = await filler;
    await past.replay(driver.actions.slice(past.actions.length), driver.sim.now, from.sim.head + this.#every);
    this.#filler = past;
    this.#insert(checkpointNow(past));
    return true;
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
    const past = await this.#pastDriver(driver, checkpoint);
    const moment = await this.#runTo(past, driver, target);
    this.#keepInGap(past);
    return moment;
  }

  /**
   * A seek that re-ran across a gap (a reopened run still being prepared) leaves a checkpoint where
   * it stopped, so the next seek near there is quick too. Its re-run carries on from it later, and
   * any later change works on copies (as after any export).
   */
  #keepInGap(past: PlaygroundDriver): void {
    const at = past.sim.head;
    const before = this.#checkpoints.findLastIndex((c) => c.sim.head < at);
    const from = (this.#checkpoints[before] as Checkpoint).sim.head;
    const next = this.#checkpoints[before + 1]?.sim.head ?? this.#messages.length + 1;
    if (at - from < this.#every || next - at < this.#every) return;
    this.#insert(checkpointNow(past));
  }

  /** Puts a checkpoint taken between others in its place (none twice at one head), then thins. */
  #insert(checkpoint: Checkpoint): void {
    const at = checkpoint.sim.head;
    const after = this.#checkpoints.findLastIndex((c) => c.sim.head <= at);
    if ((this.#checkpoints[after] as Checkpoint).sim.head === at) return;
    this.#checkpoints.splice(after + 1, 0, checkpoint);
    this.#thin();
  }

  /** A driver over a separate simulation restored from `checkpoint`, paused there. */
  async #pastDriver(driver: PlaygroundDriver, checkpoint: Checkpoint): Promise<PlaygroundDriver> {
    const log = new ReplayLog(this.#history, checkpoint.sim.head, driver.skipped);
    // Restored from the checkpoint itself: a restored run never writes to the state it came from.
    const sim = await Simulation.restore(this.#options.simulationOptions(log), checkpoint.sim);
    // Re-running history must not touch the outside world again: the gateway answers from what
    // the live run recorded (by reference) and notes each effect it suppressed.
    sim.effects.replayAgainst(driver.sim.effects);
    return new PlaygroundDriver({
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

  /**
   * Messages `densify` still has to re-run before every seek starts within twice the spacing of
   * its position (as of the log's length `end`); 0 once the timeline is prepared.
   */
  unfilled(end: number): number {
    let total = 0;
    for (let i = 0; i < this.#checkpoints.length; i++) total += this.#gapAfter(i, end);
    return total;
  }

  /** Past the i-th checkpoint, how far the next one (or the log's end) is beyond twice the spacing. */
  #gapAfter(i: number, end: number): number {
    const next = this.#checkpoints[i + 1]?.sim.head ?? end + 1;
    const gap = next - (this.#checkpoints[i] as Checkpoint).sim.head;
    return gap > 2 * this.#every ? gap - this.#every : 0;
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

  /** Copies what the live log gained since the last seek (references, not clones), at most `limit`; true when all. */
  async #sync(log: EventLog, limit?: number): Promise<boolean> {
    const head = await log.head();
    if (head === this.#messages.length) return true;
    const fresh = await log.read({ from: this.#messages.length + 1, ...(limit ? { limit } : {}) });
    for (const m of fresh) {
      this.#messages.push(m);
      this.#positions.set(m.id, m.position);
    }
    return this.#messages.length >= head;
  }
}

/** Messages `densify` copies from the live log per call. */
const SYNC_SLICE = 10_000;

/**
 * A checkpoint of `driver`'s run as it stands. Kept as exported, not copied: the engine never writes
 * to a state it exported, nor does a run restored from one (simulationState.test.ts freezes one to
 * prove it), and traffic is replaced, never changed.
 */
function checkpointNow(driver: PlaygroundDriver): Checkpoint {
  const run = driver.exportRun();
  return {
    sim: run.sim,
    actions: run.actions.length,
    ordersStarted: run.ordersStarted,
    traffic: run.traffic,
    style: run.style,
  };
}

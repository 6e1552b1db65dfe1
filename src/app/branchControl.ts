import type { Scenario } from '../scenarios/scenario';
import { forkBranch, loadBranches, readBranchLog, resolveSegments } from '../storage/branches';
import type { BranchRecord, EventscapeDb } from '../storage/schema';
import type { UserAction } from './actions';
import { type BranchDiff, diffBranches } from './branchDiff';
import { checkpointOf, describeBranch, forkedRun, nextBranchId, sharedUpTo } from './branching';
import type { PlaygroundDriver, SavedRun } from './driver';
import { momentBefore, type Replayer, rerun } from './replayWithout';
import { reversalOf } from './reversal';
import type { TimeTravel } from './timeTravel';

/** Where the run goes next: open `branch` live, apply `action` there, and tell the person `status`. */
export interface BranchSwitch {
  readonly branch: string;
  readonly action?: UserAction;
  readonly status: string;
  /** Show the diff against this branch once the new one is open. */
  readonly compareWith?: string;
}

/** One entry of the branch switcher. */
export interface BranchEntry {
  readonly id: string;
  readonly name: string;
  readonly parent: string | null;
  readonly forkPosition: number;
  /** "branch-2 · from main at #123". */
  readonly label: string;
}

export interface BranchesView {
  readonly current: string;
  readonly branches: readonly BranchEntry[];
  /** A fork, switch or comparison under way. */
  readonly busy: boolean;
  /** A short line for the person: what the last fork did, or why it could not. */
  readonly status: string | null;
  readonly diff: BranchDiff | null;
}

export interface BranchControlOptions {
  readonly db: EventscapeDb;
  readonly current: string;
  readonly driver: PlaygroundDriver;
  readonly timeTravel: TimeTravel;
  readonly scenario: Pick<Scenario, 'projections' | 'insight' | 'catalog' | 'reverse'>;
  /** Only the writer tab may fork: a follower's run belongs to another tab. */
  readonly canWrite: () => boolean;
  /** Told to re-open the run on another branch (the app closes this one and opens that). */
  readonly onSwitch: (to: BranchSwitch) => void;
  /** The status line to start with (what the fork that opened this branch did). */
  readonly status?: string | null;
  /** For "Replay without this event": the run's time machine and how to build its simulation. */
  readonly replay?: Replayer;
}

/**
 * Branches of a run, like git's (issue 6): fork at the moment shown on the timeline, switch, and
 * compare two. A fork stores the moment's state as the new branch's runtime (in one transaction
 * with the branch record) and asks the app to open the run there; the parent's log and state are
 * left exactly as they were, so its future is kept.
 */
export class BranchControl {
  readonly #options: BranchControlOptions;
  readonly #listeners = new Set<() => void>();
  #all = new Map<string, BranchRecord>();
  #busy = false;
  #status: string | null;
  #diff: BranchDiff | null = null;
  #view: BranchesView | null = null;

  private constructor(options: BranchControlOptions) {
    this.#options = options;
    this.#status = options.status ?? null;
  }

  static async open(options: BranchControlOptions): Promise<BranchControl> {
    const control = new BranchControl(options);
    await control.refresh();
    return control;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getView = (): BranchesView => {
    this.#view ??= {
      current: this.#options.current,
      branches: [...this.#all.values()]
        .sort((a, b) =>
          a.parent === null ? -1 : b.parent === null ? 1 : a.id.localeCompare(b.id, 'en', { numeric: true }),
        )
        .map((b) => ({
          id: b.id,
          name: b.name,
          parent: b.parent,
          forkPosition: b.forkPosition,
          label: describeBranch(b, this.#all),
        })),
      busy: this.#busy,
      status: this.#status,
      diff: this.#diff,
    };
    return this.#view;
  };

  get current(): BranchRecord | undefined {
    return this.#all.get(this.#options.current);
  }

  /** Re-reads the list of branches (another tab may have forked). */
  async refresh(): Promise<void> {
    this.#all = await loadBranches(this.#options.db);
    this.#changed();
  }

  /** Why a fork is not possible now, or null if it is. */
  whyNotFork(): string | null {
    if (!this.#options.canWrite()) return 'Only the tab running this run can branch it.';
    const view = this.#options.timeTravel.getView();
    if (view.mode !== 'scrubbing') return 'Drag the timeline to a moment in the past to branch from it.';
    if (!view.moment || view.moment.position !== view.position || view.seeking)
      return 'Wait until the moment is rebuilt.';
    if (this.#busy) return 'A branch is being made.';
    return null;
  }

  /**
   * `branch.forked`: forks the current branch at the moment on screen and opens the new branch live.
   * With `action`, the person acted in the past: the action is applied on the new branch.
   */
  async fork(action?: UserAction): Promise<string> {
    const why = this.whyNotFork();
    if (why) throw new Error(why);
    const moment = this.#options.timeTravel.getView().moment;
    if (!moment) throw new Error('Wait until the moment is rebuilt.');
    // Copy the moment's state now, before anything can seek on.
    const run = forkedRun(moment);
    this.#busy = true;
    this.#changed();
    try {
      // The parent's events up to the moment must be stored before a branch can read them.
      const { driver } = this.#options;
      await driver.flush();
      const storage = driver.getSnapshot().storage;
      if (storage.kind !== 'saved') {
        throw new Error(storage.kind === 'memory' ? 'This run is not stored.' : storage.message);
      }
      const all = await loadBranches(this.#options.db);
      const id = nextBranchId(all.values());
      const parent = this.#options.current;
      await forkBranch(
        this.#options.db,
        { id, name: id, parent, forkPosition: moment.head, createdAtPosition: driver.sim.head },
        { savedAt: run.sim.scheduler.now, state: run },
        [{ name: CHECKPOINTS, position: moment.head, state: checkpointOf(run) }],
      );
      const parentName = all.get(parent)?.name ?? parent;
      const what = action ? `${describeAction(action)} there` : 'carrying on from that moment';
      const status =
        `Branched "${id}" from ${parentName} at #${moment.head}, ${what}; ` +
        `${parentName} keeps its own future (switch back in the Branch menu).`;
      this.#options.onSwitch({ branch: id, status, ...(action ? { action } : {}) });
      return id;
    } catch (error) {
      this.#status = `Could not branch: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  /** `branch.switched`: opens another branch's live run where it was. */
  switchTo(id: string): void {
    if (id === this.#options.current || this.#busy) return;
    const target = this.#all.get(id);
    if (!target) throw new Error(`There is no branch "${id}".`);
    this.#busy = true;
    this.#changed();
    this.#options.onSwitch({ branch: id, status: `Switched to ${describeBranch(target, this.#all)}.` });
  }

  /** `branch.compared`: the difference between the current branch and `other`. */
  async compare(other: string): Promise<BranchDiff> {
    const { db, driver, scenario } = this.#options;
    const left = this.#all.get(this.#options.current);
    const right = this.#all.get(other);
    if (!left || !right) throw new Error(`There is no branch "${left ? other : this.#options.current}".`);
    this.#busy = true;
    this.#changed();
    try {
      await driver.whenIdle();
      // The open branch's log has staged events the database does not have yet: read it live.
      const [leftLog, rightLog] = await Promise.all([driver.sim.log.read(), readBranchLog(db, other)]);
      await nextTask(); // let the page paint "Comparing…" before the folds
      const fork = sharedUpTo(resolveSegments(this.#all, left.id), resolveSegments(this.#all, right.id));
      this.#diff = diffBranches(
        scenario,
        { id: left.id, name: left.name, log: leftLog },
        { id: right.id, name: right.name, log: rightLog },
        fork,
      );
      return this.#diff;
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  /**
   * `message.skipped` — "Replay without this event": a new branch whose history leaves the message
   * out. It forks right before the task that logged it, re-runs that task with the message
   * dropped (its producer never published it: nobody hears it, nothing it caused happens), then
   * re-applies every action the person took afterwards at its virtual time, up to now. What did
   * not depend on the message comes back; what did does not. The outside world is not contacted
   * again for what the original run already did (the gateway answers from its records). Opens the
   * branch with the diff against this one.
   */
  async replayWithout(messageId: string): Promise<string> {
    const { db, driver, replay } = this.#options;
    if (!replay) throw new Error('This run cannot replay.');
    if (!this.#options.canWrite()) throw new Error('Only the tab running this run can branch it.');
    if (this.#busy) throw new Error('A branch is being made.');
    this.#busy = true;
    this.#changed();
    try {
      driver.pause();
      await driver.whenIdle();
      const message = (await driver.sim.log.read()).find((m) => m.id === messageId);
      if (!message) throw new Error('That message is not in this branch’s log.');
      const moment = await momentBefore(replay.machine, driver, message.position);
      const start = structuredClone(moment.exportRun());
      const run: SavedRun = { ...start, skipped: [...(start.skipped ?? []), message.id] };
      await driver.flush();
      const all = await loadBranches(db);
      const id = nextBranchId(all.values());
      const parent = this.#options.current;
      await forkBranch(
        db,
        { id, name: `${id} without #${message.position}`, parent, forkPosition: moment.head },
        { savedAt: run.sim.scheduler.now, state: run },
        [{ name: CHECKPOINTS, position: moment.head, state: checkpointOf(run) }],
      );
      await rerun(replay, id, run, driver.actions.slice(run.actions.length), driver.sim.now);
      const parentName = all.get(parent)?.name ?? parent;
      this.#options.onSwitch({
        branch: id,
        compareWith: parent,
        status:
          `Replayed ${parentName} without #${message.position} ${message.type} on "${id}": forked at ` +
          `#${moment.head}, then re-ran every later action; ${parentName} is unchanged.`,
      });
      return id;
    } catch (error) {
      this.#status = `Could not replay without it: ${error instanceof Error ? error.message : String(error)}`;
      throw error;
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  /**
   * `message.reversed` — "Reverse this event": the command that compensates it goes to the
   * event's own stream on this branch (live), and the service that owns it logs the compensating
   * event. Once the run has settled, the diff shows this branch before and after.
   */
  async reverse(messageId: string, settle: () => Promise<void> = () => wait(1500)): Promise<BranchDiff> {
    const { driver, scenario } = this.#options;
    const log = await driver.sim.log.read();
    const message = log.find((m) => m.id === messageId);
    const dispatch = message ? reversalOf(scenario, message) : null;
    if (!message || !dispatch)
      throw new Error(`${message?.type ?? 'This message'} has no compensation to send.`);
    await driver.act({ type: 'message.dispatched', dispatch });
    const before = log.length;
    this.#status = `Sent ${dispatch.type} to reverse #${message.position} ${message.type}; the diff shows the branch before and after.`;
    this.#busy = true;
    this.#changed();
    try {
      await settle();
      await driver.whenIdle();
      const name = this.current?.name ?? this.#options.current;
      const after = await driver.sim.log.read();
      this.#diff = diffBranches(
        scenario,
        { id: this.#options.current, name: `${name} now`, log: after },
        { id: this.#options.current, name: `before #${before + 1}`, log: after.slice(0, before) },
        before,
      );
      return this.#diff;
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  /** Hides the comparison. */
  closeDiff(): void {
    this.#diff = null;
    this.#changed();
  }

  #changed(): void {
    this.#view = null;
    for (const listener of this.#listeners) listener();
  }
}

/** Snapshot name under which whole-run checkpoints are kept (a cache for time travel). */
export const CHECKPOINTS = '$run';

function describeAction(action: UserAction): string {
  switch (action.type) {
    case 'order.placed':
      return 'placing the order';
    case 'service.killed':
      return `killing ${action.name}`;
    case 'service.revived':
      return `reviving ${action.name}`;
    default:
      return `applying ${action.type}`;
  }
}

function nextTask(): Promise<void> {
  return wait(0);
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

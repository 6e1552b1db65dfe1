import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { loadBranches, resolveSegments } from '../storage/branches';
import { UnknownBranchError } from '../storage/errors';
import type { IdbEventLog } from '../storage/idbEventLog';
import { deleteSnapshot, loadSnapshots, saveSnapshot } from '../storage/records';
import { MAIN_BRANCH } from '../storage/schema';
import { TabLock } from '../storage/tabLock';
import type { UserAction } from './actions';
import { BranchControl, type BranchSwitch, CHECKPOINTS } from './branchControl';
import { inheritedCheckpoints } from './branching';
import type { PlaygroundDriver, PlaygroundSnapshot } from './driver';
import { createInsightSource, type InsightSource } from './insightSource';
import { importDatabase, importedRunUrl } from './interop/importedRun';
import type { RunFile } from './interop/runFile';
import { databaseFor, type OpenedRun, openStoredRun, sharedDatabase } from './runPersistence';
import { scenarioFor, simulationOptions, startInMemory, timeMachineFor } from './startPlayground';
import type { SnapshotSource } from './throttledSource';
import { type Preparation, timelinePreparation } from './timelinePreparation';
import type { Checkpoint, TimeMachine, TimeMachineOptions } from './timeMachine';
import { TimeTravel } from './timeTravel';
import { type Topology, topologyOf } from './topology';
import { createUiStore, type UiStore } from './uiStore';
import { parseRunUrl, type RunSettings } from './urlState';

/** Everything a component may reach: the run's driver, its scenario and the UI store. */
export interface Playground {
  readonly driver: PlaygroundDriver;
  readonly scenario: Scenario;
  readonly settings: RunSettings;
  readonly topology: Topology;
  readonly ui: UiStore;
  /** The run as shown (live, or as of the position scrubbed to), throttled for panels. */
  readonly panels: SnapshotSource<PlaygroundSnapshot>;
  /** Whole-log figures (invariants, sagas, metrics) for the shown moment, computed in a worker. */
  readonly insight: InsightSource;
  /** The timeline: scrubbing through the run's past while the live run waits. */
  readonly timeTravel: TimeTravel;
  /** Preparing the timeline after opening a long stored run (null when ready): see timelinePreparation.ts. */
  readonly preparation: SnapshotSource<Preparation>;
  /** Things the person should know: bad URL settings, a resumed run, storage trouble. */
  readonly notices: readonly string[];
  /** `writer` runs and saves; a `follower` shows a run another tab writes. */
  readonly role: 'writer' | 'follower' | 'memory';
  /** Makes this tab the writer (the other tab becomes a follower); resolves once it is. */
  readonly takeOver: () => Promise<void>;
  /** Told when the role changes (another tab took over), or when the writer saved (to follow it). */
  readonly onRunChange: (listener: (why: RunChange) => void) => () => void;
  /** Told when the person forks or switches branch: the app re-opens the run on that branch. */
  readonly onBranchSwitch: (listener: (to: BranchSwitch) => void) => () => void;
  /** Releases what the run holds (storage connection, tab lock). */
  readonly close: () => void;
  /** The run's branches (fork, switch, compare); null when the run is not stored (memory only). */
  readonly branches: BranchControl | null;
  /**
   * For a branch switch: saves, closes the storage connection and hands back the tab lock without
   * releasing it, so the next branch opens as the writer again (a released lock could go to
   * another tab in between). `close` does nothing afterwards.
   */
  readonly detach: () => Promise<TabLock | null>;
}

/** What a branch switch carries into the next opening of the run. */
export interface OpenCarry {
  /** The tab lock this tab already holds for the run's database. */
  readonly lock?: TabLock;
  /** An action the person took in the past: apply it on the newly opened branch. */
  readonly action?: UserAction;
  /** The branch control's status line to start with. */
  readonly status?: string;
  /** Open the diff against this branch at once. */
  readonly compareWith?: string;
  /** A shared run (a link's `#run=…`): open it, reproducing it the first time. */
  readonly shared?: RunFile;
  /** An imported log (`#import=<hash>`), stored by the import in a database of its own. */
  readonly imported?: string;
}

/** Panels re-render at most this often; the moving dots are drawn every frame regardless. */
const PANEL_REFRESH_MS = 100;

/** Why a playground must be re-opened: the writer saved (follow it), this tab lost or gained the lock. */
export type RunChange = 'saved' | 'lost' | 'gained';

type Extras = Pick<Playground, 'role' | 'takeOver' | 'onRunChange' | 'onBranchSwitch' | 'close' | 'detach'>;

const inMemory: Extras = {
  role: 'memory',
  takeOver: async () => {},
  onRunChange: () => () => {},
  onBranchSwitch: () => () => {},
  close: () => {},
  detach: async () => null,
};

async function assemble(
  driver: PlaygroundDriver,
  scenario: Scenario,
  settings: RunSettings,
  notices: string[],
  extras: Extras,
  kept: Pick<TimeMachineOptions, 'saved' | 'onCheckpoint' | 'onDropped'> = {},
  branching?: (
    driver: PlaygroundDriver,
    timeTravel: TimeTravel,
    machine: TimeMachine,
  ) => Promise<BranchControl>,
): Promise<Playground> {
  const machine = timeMachineFor(scenario, settings, undefined, kept);
  machine.watch(driver);
  const timeTravel = new TimeTravel(driver, machine);
  const preparation = timelinePreparation(machine, driver);
  const branches = branching ? await branching(driver, timeTravel, machine) : null;
  const insight = createInsightSource(scenario.name, settings.decline);
  return {
    driver,
    scenario,
    settings,
    topology: topologyOf(scenario),
    ui: createUiStore(scenario.name),
    panels: timeTravel.panelSource(PANEL_REFRESH_MS),
    insight,
    timeTravel,
    preparation: preparation.source,
    notices,
    ...extras,
    branches,
    close: () => {
      preparation.stop();
      insight.close();
      extras.close();
    },
    detach: async () => {
      preparation.stop();
      insight.close();
      return extras.detach();
    },
  };
}

/**
 * The playground a URL asks for, kept in IndexedDB: the same URL resumes the stored run. If the
 * browser has no usable IndexedDB, the run goes on in memory and the person is told.
 */
export async function openPlayground(search: string, carry: OpenCarry = {}): Promise<Playground> {
  const { shared } = carry;
  const importedUrl = carry.imported ? await importedRunUrl(carry.imported) : null;
  const parsed = parseRunUrl(importedUrl ?? (shared ? shared.run : search), Object.keys(scenarios));
  const { problems } = parsed;
  // A shared run is what its file says; only the branch on show comes from this page's URL.
  let settings = shared
    ? { ...parsed.settings, branch: parseRunUrl(search, Object.keys(scenarios)).settings.branch }
    : parsed.settings;
  const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
  const notices = [...problems];
  if (typeof indexedDB === 'undefined') {
    notices.push(
      'This browser offers no IndexedDB: the run is kept in memory only and a reload starts over.',
    );
    return assemble(startInMemory(scenario, settings), scenario, settings, notices, inMemory);
  }
  void navigator.storage?.persist?.().catch(() => false); // ask the browser not to evict the run
  const name = carry.imported
    ? importDatabase(carry.imported)
    : shared
      ? sharedDatabase(settings, shared)
      : databaseFor(settings);
  const lock = carry.lock ?? (await TabLock.claim(name));
  const channel = new BroadcastChannel(name);
  const follower = lock.role === 'follower';
  const where = shared ? { dbName: name, reproduce: shared } : carry.imported ? { dbName: name } : {};
  const openOn = (s: RunSettings) =>
    openStoredRun(scenario, s, follower ? { ...where, readOnly: FOLLOWING } : where);
  let opened: OpenedRun;
  try {
    opened = await openOn(settings);
  } catch (error) {
    // A link to a branch this browser does not have (deleted, or another browser's): show main.
    if (!(error instanceof UnknownBranchError) || settings.branch === MAIN_BRANCH) throw error;
    notices.push(`This run has no branch "${settings.branch}" here; showing main.`);
    settings = { ...settings, branch: MAIN_BRANCH };
    opened = await openOn(settings);
  }
  const listeners = new Set<(why: RunChange) => void>();
  const switchListeners = new Set<(to: BranchSwitch) => void>();
  // When the writing tab goes away, the first follower in line becomes the writer.
  if (follower) {
    lock.waitForLock(() => {
      for (const l of listeners) l('gained');
    });
  }
  let lastAnnounced = -1;
  if (!follower) {
    // Tell following tabs each time the run is saved, so they can show the latest.
    opened.driver.subscribe(() => {
      const storage = opened.driver.getSnapshot().storage;
      if (storage.kind === 'saved' && storage.head !== lastAnnounced) {
        lastAnnounced = storage.head;
        channel.postMessage({ saved: storage.head });
      }
    });
  }
  channel.onmessage = () => {
    if (lock.role === 'follower') for (const l of listeners) l('saved');
  };
  const unlistenLock = lock.onChange((role) => {
    if (role !== 'follower') return;
    // Another tab took over: stop writing at once, then show its run.
    opened.driver.becomeReadOnly(FOLLOWING);
    for (const l of listeners) l('lost');
  });
  let detached = false;
  const playground = await assemble(
    opened.driver,
    scenario,
    settings,
    notices,
    {
      role: lock.role,
      takeOver: () => lock.takeOver(),
      onRunChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onBranchSwitch: (listener) => {
        switchListeners.add(listener);
        return () => switchListeners.delete(listener);
      },
      close: () => {
        if (detached) return;
        unlistenLock();
        channel.close();
        void opened.log.close().finally(() => lock.release());
      },
      detach: async () => {
        detached = true;
        unlistenLock();
        channel.close();
        await opened.driver.flush().catch(() => {});
        await opened.log.close();
        // A follower holds no lock (only a place in line): it claims afresh, as any re-open does.
        if (lock.role !== 'writer') {
          lock.release();
          return null;
        }
        return lock;
      },
    },
    await keptCheckpoints(opened.log, !follower),
    (driver, timeTravel, machine) =>
      BranchControl.open({
        replay: {
          machine,
          simulationOptions: (log) => simulationOptions(scenario, settings, log),
          makeOrder: (n, o) => scenario.sampleAction(n, o),
          dbName: name,
        },
        db: opened.log.db,
        current: opened.log.branch,
        driver,
        timeTravel,
        scenario,
        canWrite: () => lock.role === 'writer' && driver.getSnapshot().storage.kind === 'saved',
        onSwitch: (to) => {
          for (const l of switchListeners) l(to);
        },
        ...(carry.status ? { status: carry.status } : {}),
      }),
  );
  // The person acted in the past: the fork that opened this branch carries the action out here.
  if (carry.action && !follower) await playground.driver.act(carry.action);
  // A link shared while looking at the past opens at that moment.
  if (shared?.cursor !== undefined) playground.timeTravel.seek(shared.cursor);
  // "Replay without this event" opens its branch with the difference it made on show.
  if (carry.compareWith) void playground.branches?.compare(carry.compareWith).catch(() => {});
  return playground;
}

const FOLLOWING =
  'This run is open in another tab, which is the one running it; this tab follows it read-only. ' +
  'Use "Take over" to run it here instead.';

/**
 * The run's time-travel checkpoints from earlier sessions, and (for the writer) a way to keep new
 * ones, so a reloaded run can seek without re-running from the start. A cache: a failed write only
 * costs a slower seek later, so it is reported on the console and not to the person.
 */
async function keptCheckpoints(
  log: IdbEventLog,
  writer: boolean,
): Promise<Pick<TimeMachineOptions, 'saved' | 'onCheckpoint' | 'onDropped'>> {
  // A branch starts seeks from its ancestors' checkpoints before its fork, and its own after.
  const segments = resolveSegments(await loadBranches(log.db), log.branch);
  const held = new Map<string, Checkpoint[]>();
  for (const { branch } of segments) {
    const records = await loadSnapshots(log.db, branch, CHECKPOINTS);
    held.set(
      branch,
      records.map((r) => r.state as Checkpoint),
    );
  }
  const saved = inheritedCheckpoints(segments, (branch) => held.get(branch) ?? []);
  if (!writer) return { saved };
  return {
    saved,
    onCheckpoint: (checkpoint) => {
      saveSnapshot(log.db, {
        branch: log.branch,
        name: CHECKPOINTS,
        position: checkpoint.sim.head,
        state: checkpoint,
      }).catch((error: unknown) => console.warn('Could not keep a time-travel checkpoint', error));
    },
    // Thinned as the run grows (an ancestor's checkpoints are not under this branch: a no-op).
    onDropped: (head) => {
      deleteSnapshot(log.db, log.branch, CHECKPOINTS, head).catch((error: unknown) =>
        console.warn('Could not forget a time-travel checkpoint', error),
      );
    },
  };
}

import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import type { IdbEventLog } from '../storage/idbEventLog';
import { loadSnapshots, saveSnapshot } from '../storage/records';
import { TabLock } from '../storage/tabLock';
import type { PlaygroundDriver, PlaygroundSnapshot } from './driver';
import { createInsightSource, type InsightSource } from './insightSource';
import { databaseFor, openStoredRun } from './runPersistence';
import { scenarioFor, startInMemory, timeMachineFor } from './startPlayground';
import { type SnapshotSource, throttle } from './throttledSource';
import type { Checkpoint, TimeMachineOptions } from './timeMachine';
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
  /** Things the person should know: bad URL settings, a resumed run, storage trouble. */
  readonly notices: readonly string[];
  /** `writer` runs and saves; a `follower` shows a run another tab writes. */
  readonly role: 'writer' | 'follower' | 'memory';
  /** Makes this tab the writer (the other tab becomes a follower); resolves once it is. */
  readonly takeOver: () => Promise<void>;
  /** Told when the role changes (another tab took over), or when the writer saved (to follow it). */
  readonly onRunChange: (listener: (why: RunChange) => void) => () => void;
  /** Releases what the run holds (storage connection, tab lock). */
  readonly close: () => void;
}

/** Panels re-render at most this often; the moving dots are drawn every frame regardless. */
const PANEL_REFRESH_MS = 100;

/** Why a playground must be re-opened: the writer saved (follow it), this tab lost or gained the lock. */
export type RunChange = 'saved' | 'lost' | 'gained';

type Extras = Pick<Playground, 'role' | 'takeOver' | 'onRunChange' | 'close'>;

const inMemory: Extras = {
  role: 'memory',
  takeOver: async () => {},
  onRunChange: () => () => {},
  close: () => {},
};

function assemble(
  driver: PlaygroundDriver,
  scenario: Scenario,
  settings: RunSettings,
  notices: string[],
  extras: Extras,
  kept: Pick<TimeMachineOptions, 'saved' | 'onCheckpoint'> = {},
): Playground {
  const machine = timeMachineFor(scenario, settings, undefined, kept);
  machine.watch(driver);
  const timeTravel = new TimeTravel(driver, machine);
  const insight = createInsightSource(scenario.name, settings.decline);
  return {
    driver,
    scenario,
    settings,
    topology: topologyOf(scenario),
    ui: createUiStore(scenario.name),
    panels: throttle(timeTravel.shown, PANEL_REFRESH_MS),
    insight,
    timeTravel,
    notices,
    ...extras,
    close: () => {
      insight.close();
      extras.close();
    },
  };
}

/**
 * The playground a URL asks for, kept in IndexedDB: the same URL resumes the stored run. If the
 * browser has no usable IndexedDB, the run goes on in memory and the person is told.
 */
export async function openPlayground(search: string): Promise<Playground> {
  const { settings, problems } = parseRunUrl(search, Object.keys(scenarios));
  const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
  const notices = [...problems];
  if (typeof indexedDB === 'undefined') {
    notices.push(
      'This browser offers no IndexedDB: the run is kept in memory only and a reload starts over.',
    );
    return assemble(startInMemory(scenario, settings), scenario, settings, notices, inMemory);
  }
  void navigator.storage?.persist?.().catch(() => false); // ask the browser not to evict the run
  const name = databaseFor(settings);
  const lock = await TabLock.claim(name);
  const channel = new BroadcastChannel(name);
  const follower = lock.role === 'follower';
  const opened = await openStoredRun(scenario, settings, follower ? { readOnly: FOLLOWING } : {});
  const listeners = new Set<(why: RunChange) => void>();
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
  lock.onChange((role) => {
    if (role !== 'follower') return;
    // Another tab took over: stop writing at once, then show its run.
    opened.driver.becomeReadOnly(FOLLOWING);
    for (const l of listeners) l('lost');
  });
  return assemble(
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
      close: () => {
        channel.close();
        void opened.log.close().finally(() => lock.release());
      },
    },
    await keptCheckpoints(opened.log, !follower),
  );
}

const FOLLOWING =
  'This run is open in another tab, which is the one running it; this tab follows it read-only. ' +
  'Use "Take over" to run it here instead.';

/** Snapshot name under which whole-run checkpoints are kept (a cache for time travel). */
const CHECKPOINTS = '$run';

/**
 * The run's time-travel checkpoints from earlier sessions, and (for the writer) a way to keep new
 * ones, so a reloaded run can seek without re-running from the start. A cache: a failed write only
 * costs a slower seek later, so it is reported on the console and not to the person.
 */
async function keptCheckpoints(
  log: IdbEventLog,
  writer: boolean,
): Promise<Pick<TimeMachineOptions, 'saved' | 'onCheckpoint'>> {
  const saved = (await loadSnapshots(log.db, log.branch, CHECKPOINTS)).map((r) => r.state as Checkpoint);
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
  };
}

import { Simulation } from '../engine/simulation';
import type { Scenario } from '../scenarios/scenario';
import { IdbEventLog } from '../storage/idbEventLog';
import { loadRuntime, saveRun } from '../storage/records';
import { MAIN_BRANCH } from '../storage/schema';
import { PlaygroundDriver, type RunPersistence, type SavedRun } from './driver';
import type { RunFile } from './interop/runFile';
import { applyVersionCheck, simulationOptions } from './startPlayground';
import { type RunSettings, runUrl } from './urlState';

/** Saves a run into the IndexedDB log: the state rides in the same transaction as the frame's events. */
export class IdbRunPersistence implements RunPersistence {
  readonly #log: IdbEventLog;

  constructor(log: IdbEventLog) {
    this.#log = log;
  }

  async save(run: SavedRun): Promise<void> {
    this.#log.stageRuntime({ savedAt: run.sim.scheduler.now, state: run });
    await this.#log.flush();
  }
}

/**
 * One database per run the URL describes: the same link resumes it, another link starts its own.
 * Every branch of the run lives in that one database, so the branch is not part of its name.
 */
export function databaseFor(settings: RunSettings): string {
  return `eventscape${runUrl({ ...settings, speed: 1, branch: MAIN_BRANCH })}`;
}

export interface OpenedRun {
  readonly driver: PlaygroundDriver;
  readonly log: IdbEventLog;
  /** True when an earlier session's run was resumed. */
  readonly resumed: boolean;
}

/**
 * Opens the run a URL describes: resumes it exactly where it was if it is stored, else starts it
 * fresh and stores it. A stored run that cannot be resumed is an error for the person to decide on,
 * never a silent restart.
 */
export async function openStoredRun(
  scenario: Scenario,
  settings: RunSettings,
  options: {
    readonly onWriteFailure?: (message: string) => void;
    /** Open it only to show it: another tab writes this run. */
    readonly readOnly?: string;
    /** Keep it in this database instead of the URL's own (a shared run, see `sharedDatabase`). */
    readonly dbName?: string;
    /** A run file or link to reproduce when the database is new: its actions are replayed. */
    readonly reproduce?: RunFile;
  } = {},
): Promise<OpenedRun> {
  const log = await IdbEventLog.open({
    dbName: options.dbName ?? databaseFor(settings),
    branch: settings.branch,
    // Events wait for the state that goes with them: both commit together when the driver saves.
    commitOnFlushOnly: true,
    onWriteFailure: (error) => options.onWriteFailure?.(error.message),
  });
  const persistence = new IdbRunPersistence(log);
  const runtime = await loadRuntime(log.db, log.branch);
  const simOptions = simulationOptions(scenario, settings, log);
  const readOnly = options.readOnly === undefined ? {} : { readOnly: options.readOnly };
  if (runtime) {
    const saved = runtime.state as SavedRun;
    const sim = await Simulation.restore(simOptions, saved.sim);
    const driver = new PlaygroundDriver({
      sim,
      makeOrder: (n, options) => scenario.sampleAction(n, options),
      persistence,
      saved,
      speed: settings.speed,
      ...readOnly,
      // An imported log is a recording: its moments can be shown (folds), not re-run or continued.
      ...(saved.imported === undefined ? {} : { readOnly: IMPORTED, playing: false }),
    });
    return { driver, log, resumed: true };
  }
  if (options.readOnly !== undefined) {
    // The writing tab has not saved anything yet: show the run's starting point.
    const sim = new Simulation(simulationOptions(scenario, settings));
    const driver = new PlaygroundDriver({
      sim,
      makeOrder: (n, o) => scenario.sampleAction(n, o),
      ...readOnly,
    });
    return { driver, log, resumed: false };
  }
  if (log.branch !== MAIN_BRANCH) {
    // A fork stores its starting state with the branch (forkBranch), so this cannot happen.
    throw new Error(`Branch "${log.branch}" has no saved state to resume from.`);
  }
  if ((await log.head()) > 0) {
    throw new Error(
      'This run has stored events but no saved state to resume from, so it cannot carry on. ' +
        'Start it over to begin again from the same seed.',
    );
  }
  await saveRun(log.db, {
    id: 'current',
    scenario: scenario.name,
    seed: settings.seed,
    settings: { ...settings },
    actions: [],
    createdAt: new Date().toISOString(),
  });
  const sim = new Simulation(simOptions);
  if (!settings.idempotency) for (const s of scenario.services) sim.setIdempotent(s.name, false);
  if (!settings.outbox) for (const s of scenario.services) sim.setOutbox(s.name, false);
  applyVersionCheck(sim, scenario, settings);
  const driver = new PlaygroundDriver({
    sim,
    makeOrder: (n, options) => scenario.sampleAction(n, options),
    style: scenario.styles ? settings.mode : null,
    speed: settings.speed,
    // A shared run is replayed before anything is saved: if it fails or comes out different,
    // nothing of it is kept (its staged events are abandoned with the log).
    ...(options.reproduce ? {} : { persistence }),
  });
  if (!options.reproduce) {
    await driver.flush();
    return { driver, log, resumed: false };
  }
  // Seed + actions regenerate the log; the hash says whether it came out the same.
  try {
    await driver.replay(options.reproduce.actions, options.reproduce.until);
  } catch (error) {
    log.abandon();
    throw new Error(
      `This shared run cannot be replayed here: ${error instanceof Error ? error.message : error}`,
    );
  }
  if (driver.sim.logHash !== options.reproduce.logHash) {
    log.abandon();
    throw new Error(
      `This shared run did not come out the same here (log hash ${driver.sim.logHash}, expected ` +
        `${options.reproduce.logHash}): it was probably made by another version of Eventscape.`,
    );
  }
  // Came out the same: from here on it is a stored run like any other.
  const kept = new PlaygroundDriver({
    sim,
    makeOrder: (n, o) => scenario.sampleAction(n, o),
    persistence,
    saved: driver.exportRun(),
    speed: settings.speed,
  });
  await kept.flush();
  return { driver: kept, log, resumed: false };
}

const IMPORTED =
  'An imported log: every state shown is rebuilt from its events. It is a recording to study, ' +
  'not a run to continue: scrub the timeline, export it, or open your own run to experiment.';

/** Where a shared run is kept: apart from the person's own run of the same URL, one per run. */
export function sharedDatabase(settings: RunSettings, file: RunFile): string {
  return `${databaseFor(settings)}#shared-${file.logHash}`;
}

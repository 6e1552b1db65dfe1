import type { StagingEventLog } from '../engine/eventLog';
import { Simulation, type SimulationOptions } from '../engine/simulation';
import { IdbEventLog } from '../storage/idbEventLog';
import type { RecordedAction } from './actions';
import { type DriverOptions, PlaygroundDriver, type SavedRun } from './driver';
import { IdbRunPersistence } from './runPersistence';
import { SkippingLog } from './skippingLog';
import type { TimeMachine } from './timeMachine';

/** What "Replay without this event" needs besides the branch store: the run's time machine and simulation. */
export interface Replayer {
  readonly machine: TimeMachine;
  readonly simulationOptions: (log: StagingEventLog) => SimulationOptions;
  readonly makeOrder: DriverOptions['makeOrder'];
  readonly dbName: string;
}

/**
 * The moment right before the task that logged `position`: after the task that logged the message
 * before it — or earlier still, when that same task logged both (there is no moment between).
 */
export async function momentBefore(machine: TimeMachine, driver: PlaygroundDriver, position: number) {
  for (let p = position - 1; p >= 0; p--) {
    const moment = await machine.seek(driver, p);
    if (moment.head < position) return moment;
  }
  throw new Error(`No moment before #${position}.`);
}

/**
 * Re-runs a "replay without" branch from its fork: its own log (commits with the state, as the
 * live run's do), minus the skipped messages, the later actions at their virtual times, up to `until`.
 */
export async function rerun(
  replay: Replayer,
  branch: string,
  run: SavedRun,
  later: readonly RecordedAction[],
  until: number,
): Promise<void> {
  const log = await IdbEventLog.open({ dbName: replay.dbName, branch, commitOnFlushOnly: true });
  try {
    const sim = await Simulation.restore(
      replay.simulationOptions(new SkippingLog(log, run.skipped ?? [])),
      structuredClone(run.sim),
    );
    const driver = new PlaygroundDriver({
      sim,
      makeOrder: replay.makeOrder,
      persistence: new IdbRunPersistence(log),
      saved: run,
      playing: false,
    });
    await driver.replay(later, until);
    await driver.flush();
    const storage = driver.getSnapshot().storage;
    if (storage.kind === 'failed') throw new Error(storage.message);
  } finally {
    await log.close();
  }
}

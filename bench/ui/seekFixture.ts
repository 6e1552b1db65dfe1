import type { SavedRun } from '../../src/app/driver';
import { scenarioFor, startInMemory, timeMachineFor } from '../../src/app/startPlayground';
import type { Checkpoint } from '../../src/app/timeMachine';
import { parseRunUrl } from '../../src/app/urlState';
import type { Message } from '../../src/engine/message';
import { scenarios } from '../../src/scenarios';
import type { Scenario } from '../../src/scenarios/scenario';

/** A stored run as the playground itself would have written it, ready to load into IndexedDB. */
export interface SeekFixture {
  readonly query: string;
  readonly messages: readonly Message[];
  readonly saved: SavedRun;
  readonly checkpoints: readonly Checkpoint[];
  readonly buildMs: number;
}

/**
 * Runs the order saga headless with traffic until the log holds `messages` messages, through the
 * same driver and time machine the page uses (so the checkpoints are the ones the page would have
 * kept), then pauses it. Same query, same seed: the page resumes exactly this run.
 */
export async function buildSeekFixture(
  messages: number,
  query: string,
  perSecond = 100,
): Promise<SeekFixture> {
  const started = performance.now();
  const { settings } = parseRunUrl(query, Object.keys(scenarios));
  const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
  // What the page keeps in IndexedDB: each checkpoint as taken, minus those thinned out later.
  const kept = new Map<number, Checkpoint>();
  const machine = timeMachineFor(scenario, settings, undefined, {
    saved: [],
    onCheckpoint: (checkpoint) => kept.set(checkpoint.sim.head, checkpoint),
    onDropped: (head) => kept.delete(head),
  });
  const driver = startInMemory(scenario, settings);
  machine.watch(driver);
  await driver.act({ type: 'traffic.changed', perSecond });
  while (driver.sim.head < messages) await driver.frame(100);
  await driver.act({ type: 'traffic.changed', perSecond: 0 });
  driver.pause();
  await driver.whenIdle();
  return {
    query,
    messages: await driver.sim.log.read(),
    saved: driver.exportRun(),
    checkpoints: [...kept.values()],
    buildMs: performance.now() - started,
  };
}

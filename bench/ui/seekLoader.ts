import type { SavedRun } from '../../src/app/driver';
import { databaseFor } from '../../src/app/runPersistence';
import type { Checkpoint } from '../../src/app/timeMachine';
import { parseRunUrl } from '../../src/app/urlState';
import type { Message } from '../../src/engine/message';
import { scenarios } from '../../src/scenarios';
import { IdbEventLog } from '../../src/storage/idbEventLog';
import { saveRun, saveSnapshot } from '../../src/storage/records';

/** What the Node side serves under `base` (see runSeekBench.ts). */
interface Meta {
  readonly query: string;
  readonly saved: SavedRun;
  readonly checkpoints: number;
}

declare global {
  interface Window {
    eventscapeSeekLoader: { load(base: string): Promise<{ messages: number; ms: number }> };
  }
}

const CHUNK = 5000;

/**
 * Writes a run built in Node into this origin's IndexedDB exactly where the playground keeps it
 * (the run's database, `main` branch): the log, the saved state committed with it, the run record
 * and the time-travel checkpoints. Opening the run's URL afterwards resumes it.
 */
async function load(base: string): Promise<{ messages: number; ms: number }> {
  const started = performance.now();
  const get = async <T>(name: string): Promise<T> => (await fetch(`${base}/${name}`)).json() as Promise<T>;
  const meta = await get<Meta>('meta.json');
  const messages = await get<Message[]>('messages.json');
  const { settings } = parseRunUrl(meta.query, Object.keys(scenarios));
  const log = await IdbEventLog.open({ dbName: databaseFor(settings), commitOnFlushOnly: true });
  for (let i = 0; i < messages.length; i += CHUNK) {
    log.appendNow(messages.slice(i, i + CHUNK));
    await log.flush();
  }
  log.stageRuntime({ savedAt: meta.saved.sim.scheduler.now, state: meta.saved });
  await log.flush();
  await saveRun(log.db, {
    id: 'current',
    scenario: settings.scenario,
    seed: settings.seed,
    settings: { ...settings },
    actions: [],
    createdAt: new Date().toISOString(),
  });
  for (let i = 0; i < meta.checkpoints; i++) {
    const checkpoint = await get<Checkpoint>(`checkpoint-${i}.json`);
    await saveSnapshot(log.db, {
      branch: log.branch,
      name: '$run',
      position: checkpoint.sim.head,
      state: checkpoint,
    });
  }
  await log.close();
  return { messages: messages.length, ms: performance.now() - started };
}

window.eventscapeSeekLoader = { load };

import type { SavedRun } from '../../src/app/driver';
import { databaseFor } from '../../src/app/runPersistence';
import { scenarioFor } from '../../src/app/startPlayground';
import type { Checkpoint } from '../../src/app/timeMachine';
import { parseRunUrl } from '../../src/app/urlState';
import type { Message } from '../../src/engine/message';
import type { SimulationState } from '../../src/engine/simulation';
import { Table } from '../../src/engine/table';
import { scenarios } from '../../src/scenarios';
import type { Scenario } from '../../src/scenarios/scenario';
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
  const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
  const log = await IdbEventLog.open({ dbName: databaseFor(settings), commitOnFlushOnly: true });
  for (let i = 0; i < messages.length; i += CHUNK) {
    log.appendNow(messages.slice(i, i + CHUNK));
    await log.flush();
  }
  const saved = { ...meta.saved, sim: withTables(meta.saved.sim, scenario) };
  log.stageRuntime({ savedAt: saved.sim.scheduler.now, state: saved });
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
      state: { ...checkpoint, sim: withTables(checkpoint.sim, scenario) },
    });
  }
  await log.close();
  return { messages: messages.length, ms: performance.now() - started };
}

/**
 * A state that came through JSON (tables became plain records) with its tables back, as the page
 * itself stores them: IndexedDB keeps a table's structure, so the page revives it in O(1).
 */
function withTables(sim: SimulationState, scenario: Scenario): SimulationState {
  const revive = <S extends { readonly state: unknown }>(
    states: Readonly<Record<string, S>>,
    definitions: readonly { readonly name: string; reviveState?(saved: unknown): unknown }[],
  ): Record<string, S> =>
    Object.fromEntries(
      Object.entries(states).map(([name, s]) => {
        const definition = definitions.find((d) => d.name === name);
        return [name, { ...s, state: definition?.reviveState ? definition.reviveState(s.state) : s.state }];
      }),
    );
  return {
    ...sim,
    services: revive(sim.services, scenario.services),
    projections: revive(sim.projections, scenario.projections),
    effects: { ...sim.effects, records: Table.revive(sim.effects.records) },
  };
}

window.eventscapeSeekLoader = { load };

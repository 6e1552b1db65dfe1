import { hashMessages } from '../../engine/hash';
import type { Message } from '../../engine/message';
import { rebuildState } from '../../engine/rebuild';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { IdbEventLog } from '../../storage/idbEventLog';
import { saveRun } from '../../storage/records';
import type { SavedRun } from '../driver';
import { simulationOptions } from '../startPlayground';
import { defaultSettings, type RunSettings, runUrl } from '../urlState';
import { importDatabase } from './importedRun';
import { ImportError, readCloudEventsBatch } from './readBatch';

export type ImportProgress =
  | { readonly stage: 'reading' }
  | { readonly stage: 'checking'; readonly events: number }
  | { readonly stage: 'writing'; readonly events: number };

export interface Imported {
  readonly digest: string;
  readonly events: number;
  /** False when this very log was imported before: nothing was written. */
  readonly added: boolean;
  readonly scenario: string;
}

/** The scenario whose catalog knows every type in the log (the preferred one first). */
export function scenarioKnowing(messages: readonly Message[], preferred: string): Scenario {
  const types = new Set(messages.map((m) => m.type));
  const names = [preferred, ...Object.keys(scenarios).filter((n) => n !== preferred)];
  for (const name of names) {
    const scenario = scenarios[name];
    if (scenario && [...types].every((t) => Object.hasOwn(scenario.catalog, t))) return scenario;
  }
  const known = new Set(names.flatMap((n) => Object.keys(scenarios[n]?.catalog ?? {})));
  const unknown = [...types].filter((t) => !known.has(t)).slice(0, 5);
  throw new ImportError(
    'INCONSISTENT',
    unknown.length > 0
      ? `No scenario here knows the message type${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}.`
      : 'No single scenario here knows every message type in this log.',
  );
}

/**
 * Imports a CloudEvents batch as a log of its own: checked whole first (an invalid file writes
 * nothing), then written in ONE transaction together with the state rebuilt from it (every service
 * and read model a fold of the log), so it is all there or none of it is. The same file again adds
 * nothing. Runs in a Worker (importWorker.ts) so a large file never holds up the page.
 */
export async function importLog(
  text: string,
  preferredScenario: string,
  progress: (p: ImportProgress) => void = () => {},
): Promise<Imported> {
  progress({ stage: 'reading' });
  const messages = readCloudEventsBatch(text);
  if (messages.length === 0) throw new ImportError('NOT_A_BATCH', 'The file holds no events.');
  progress({ stage: 'checking', events: messages.length });
  const scenario = scenarioKnowing(messages, preferredScenario);
  const digest = hashMessages(messages);
  // New ids after the import come from a seed of the log's own, so they never repeat its ids.
  const settings: RunSettings = {
    ...defaultSettings,
    scenario: scenario.name,
    seed: `import-${digest.slice(0, 12)}`,
  };
  // Folded before anything is opened or written: events that do not fit the scenario's folds
  // (a payload of another shape) are refused here, and the browser keeps nothing of them.
  let saved: SavedRun;
  try {
    saved = {
      sim: rebuildState(simulationOptions(scenario, settings), messages),
      actions: [],
      ordersStarted: messages.filter((m) => m.source === 'user').length,
      traffic: { perSecond: 0, since: 0, issued: 0 },
      style: scenario.styles ? settings.mode : null,
      imported: messages.length,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportError(
      'INVALID_EVENT',
      `These events do not fit the "${scenario.title}" scenario: rebuilding its state from them failed (${why}).`,
    );
  }
  const log = await IdbEventLog.open({ dbName: importDatabase(digest), commitOnFlushOnly: true });
  try {
    const head = await log.head();
    if (head > 0) {
      if (head !== messages.length)
        throw new ImportError('INCONSISTENT', 'A different log is stored under this name.');
      return { digest, events: messages.length, added: false, scenario: scenario.name };
    }
    progress({ stage: 'writing', events: messages.length });
    // The run record first: without the log and its state it names nothing (importedRunUrl checks).
    await saveRun(log.db, {
      id: 'current',
      scenario: scenario.name,
      seed: settings.seed,
      settings: { ...settings, url: runUrl(settings) },
      actions: [],
      createdAt: new Date().toISOString(),
    });
    // Then the whole log and the state rebuilt from it: ONE transaction, all of it or nothing.
    log.appendNow(messages);
    log.stageRuntime({ savedAt: saved.sim.scheduler.now, state: saved });
    await log.flush();
    return { digest, events: messages.length, added: true, scenario: scenario.name };
  } finally {
    await log.close();
  }
}

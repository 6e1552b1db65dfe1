import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import type { PlaygroundDriver, PlaygroundSnapshot } from './driver';
import { openStoredRun } from './runPersistence';
import { scenarioFor, startInMemory } from './startPlayground';
import { type SnapshotSource, throttle } from './throttledSource';
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
  /** The driver's snapshots, throttled for panels. */
  readonly panels: SnapshotSource<PlaygroundSnapshot>;
  /** Things the person should know: bad URL settings, a resumed run, storage trouble. */
  readonly notices: readonly string[];
  /** Releases what the run holds (storage connection). */
  readonly close: () => void;
}

/** Panels re-render at most this often; the moving dots are drawn every frame regardless. */
const PANEL_REFRESH_MS = 100;

function assemble(
  driver: PlaygroundDriver,
  scenario: Scenario,
  settings: RunSettings,
  notices: string[],
  close: () => void,
): Playground {
  return {
    driver,
    scenario,
    settings,
    topology: topologyOf(scenario),
    ui: createUiStore(scenario.name),
    panels: throttle(driver, PANEL_REFRESH_MS),
    notices,
    close,
  };
}

/** The playground a URL asks for, in memory only (nothing survives a reload). */
export function createPlayground(search: string): Playground {
  const { settings, problems } = parseRunUrl(search, Object.keys(scenarios));
  const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
  return assemble(startInMemory(scenario, settings), scenario, settings, problems, () => {});
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
    return assemble(startInMemory(scenario, settings), scenario, settings, notices, () => {});
  }
  void navigator.storage?.persist?.().catch(() => false); // ask the browser not to evict the run
  const opened = await openStoredRun(scenario, settings);
  return assemble(opened.driver, scenario, settings, notices, () => void opened.log.close());
}

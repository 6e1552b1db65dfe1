import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import type { PlaygroundDriver, PlaygroundSnapshot } from './driver';
import { startInMemory } from './startPlayground';
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
  /** Problems with the URL, shown to the person. */
  readonly problems: readonly string[];
}

/** Panels re-render at most this often; the moving dots are drawn every frame regardless. */
const PANEL_REFRESH_MS = 100;

/** The playground a URL asks for, running in memory. */
export function createPlayground(search: string): Playground {
  const { settings, problems } = parseRunUrl(search, Object.keys(scenarios));
  const scenario = scenarios[settings.scenario] as Scenario;
  const driver = startInMemory(scenario, settings);
  return {
    driver,
    scenario,
    settings,
    topology: topologyOf(scenario),
    ui: createUiStore(scenario.name),
    panels: throttle(driver, PANEL_REFRESH_MS),
    problems,
  };
}

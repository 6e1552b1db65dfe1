import type { EventLog } from '../engine/eventLog';
import { Simulation, type SimulationOptions } from '../engine/simulation';
import type { Scenario } from '../scenarios/scenario';
import { PlaygroundDriver, type RunPersistence } from './driver';
import { TimeMachine, type TimeMachineOptions } from './timeMachine';
import type { RunSettings } from './urlState';

/** The scenario with the run's business knobs applied. */
export function scenarioFor(base: Scenario, settings: RunSettings): Scenario {
  const knobs = {
    ...(settings.decline === null ? {} : { decline: settings.decline }),
    ...(settings.schema === 'v2' ? {} : { schema: settings.schema }),
  };
  return Object.keys(knobs).length > 0 && base.configure ? base.configure(knobs) : base;
}

/** The simulation options a scenario runs with under these settings. */
export function simulationOptions(
  scenario: Scenario,
  settings: RunSettings,
  log?: EventLog,
): SimulationOptions {
  return {
    seed: settings.seed,
    catalog: scenario.catalog,
    services: scenario.services,
    projections: scenario.projections,
    projectionLag: settings.lag,
    // Latencies long enough to watch a message travel at speed 1.
    broker: {
      latency: { base: 600, jitter: 300 },
      duplicateRate: settings.dup,
      // Only when not the default, so a log run's saved settings stay as they were.
      ...(settings.broker === 'log' ? {} : { flavour: settings.broker }),
    },
    ...(log ? { log } : {}),
  };
}

/** The run's simulation before anything happened, with the URL's switches applied. */
export function freshSimulation(scenario: Scenario, settings: RunSettings, log?: EventLog): Simulation {
  const sim = new Simulation(simulationOptions(scenario, settings, log));
  if (!settings.idempotency) for (const s of scenario.services) sim.setIdempotent(s.name, false);
  if (!settings.outbox) for (const s of scenario.services) sim.setOutbox(s.name, false);
  applyVersionCheck(sim, scenario, settings);
  return sim;
}

/** `versioncheck=off`: every service with optimistic concurrency writes without its check. */
export function applyVersionCheck(sim: Simulation, scenario: Scenario, settings: RunSettings): void {
  if (settings.versionCheck) return;
  for (const s of scenario.services) if (s.concurrency === 'optimistic') sim.setVersionCheck(s.name, false);
}

/** The time machine for a run of this scenario under these settings (see timeMachine.ts). */
export function timeMachineFor(
  scenario: Scenario,
  settings: RunSettings,
  every?: number,
  kept: Pick<
    TimeMachineOptions,
    'saved' | 'onCheckpoint' | 'onDropped' | 'keep' | 'keepEvery' | 'keepMost'
  > = {},
): TimeMachine {
  return new TimeMachine({
    ...kept,
    simulationOptions: (log) => simulationOptions(scenario, settings, log),
    initial: freshSimulation(scenario, settings).exportState(),
    initialStyle: scenario.styles ? settings.mode : null,
    makeOrder: (n, options) => scenario.sampleAction(n, options),
    ...(every === undefined ? {} : { every }),
  });
}

/** A fresh in-memory run (tests, and the fallback when storage is unavailable). */
export function startInMemory(scenario: Scenario, settings: RunSettings, persistence?: RunPersistence) {
  const sim = freshSimulation(scenario, settings);
  return new PlaygroundDriver({
    sim,
    makeOrder: (n, options) => scenario.sampleAction(n, options),
    style: scenario.styles ? settings.mode : null,
    speed: settings.speed,
    ...(persistence ? { persistence } : {}),
  });
}

/** Calls `driver.frame` once per animation frame with the real time elapsed; returns a stop function. */
export function startFrameLoop(driver: PlaygroundDriver): () => void {
  let last = performance.now();
  let handle = 0;
  let running = true;
  const loop = (time: number) => {
    if (!running) return;
    const elapsed = time - last;
    last = time;
    // Wait for the frame's work before asking for the next, so frames never pile up.
    void driver.frame(elapsed).finally(() => {
      if (running) handle = requestAnimationFrame(loop);
    });
  };
  handle = requestAnimationFrame(loop);
  return () => {
    running = false;
    cancelAnimationFrame(handle);
  };
}

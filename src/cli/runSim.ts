import { Simulation } from '../engine/simulation';
import { scenarios } from '../scenarios';
import type { SimOptions } from './args';

export interface SimResult {
  readonly scenario: string;
  readonly seed: string;
  readonly orders: number;
  readonly messages: number;
  readonly deadLetters: number;
  readonly virtualMs: number;
  readonly logHash: string;
}

/** Runs a scenario headless: start `orders` transactions, then run until nothing is left to do. */
export async function runSim(options: SimOptions): Promise<SimResult> {
  const scenario = scenarios[options.scenario];
  if (!scenario) throw new Error(`Unknown scenario "${options.scenario}".`);
  const sim = new Simulation({
    seed: options.seed,
    catalog: scenario.catalog,
    services: scenario.services,
    projections: scenario.projections,
  });
  for (let n = 1; n <= options.orders; n++) {
    await sim.dispatch(scenario.sampleAction(n));
    await sim.advance(10);
  }
  await sim.runUntilIdle();
  const snapshot = sim.getSnapshot();
  return {
    scenario: scenario.name,
    seed: options.seed,
    orders: options.orders,
    messages: snapshot.head,
    deadLetters: snapshot.deadLetters.length,
    virtualMs: snapshot.now,
    logHash: sim.logHash,
  };
}

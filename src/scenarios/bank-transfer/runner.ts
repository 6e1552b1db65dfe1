import type { BrokerSettings } from '../../engine/brokerTypes';
import type { EventLog } from '../../engine/eventLog';
import { type Dispatch, Simulation } from '../../engine/simulation';
import { createBankTransfer } from './index';
import { checkInvariants, type InvariantReport, isAtRest } from './invariants';
import { ACCOUNTS, type BankSettings, defaultSettings, SERVICE_NAMES } from './settings';

/** One step of a schedule: a request at a virtual time, or a fault. Plain data, so a failure prints. */
export type BankStep =
  | { readonly at: number; readonly request: Dispatch }
  | { readonly at: number; readonly kill: string }
  | { readonly at: number; readonly revive: string };

export interface BankRunOptions {
  readonly seed: string;
  /** Accounts' optimistic-concurrency check (default on). */
  readonly versionCheck?: boolean;
  readonly settings?: BankSettings;
  readonly log?: EventLog;
  readonly broker?: Partial<BrokerSettings>;
  readonly projectionLag?: number;
  /** Called after every step, e.g. to check the always-invariants. */
  readonly afterStep?: (sim: Simulation) => void | Promise<void>;
}

/** The bank, wired for a run. */
export function bankSimulation(options: BankRunOptions): Simulation {
  const sim = new Simulation({
    seed: options.seed,
    ...createBankTransfer(options.settings ?? defaultSettings),
    ...(options.log ? { log: options.log } : {}),
    ...(options.broker ? { broker: options.broker } : {}),
    projectionLag: options.projectionLag ?? 0,
  });
  sim.setVersionCheck(ACCOUNTS, options.versionCheck ?? true);
  return sim;
}

/** Plays `steps` (in time order) on `sim`. */
export async function play(
  sim: Simulation,
  steps: readonly BankStep[],
  afterStep?: BankRunOptions['afterStep'],
) {
  for (const step of steps) {
    if (step.at > sim.now) await sim.advance(step.at - sim.now);
    if ('request' in step) await sim.dispatch(step.request);
    else if ('kill' in step) sim.kill(step.kill);
    else sim.revive(step.revive);
    await afterStep?.(sim);
  }
}

export interface BankRunReport extends InvariantReport {
  readonly sim: Simulation;
  readonly atRest: boolean;
  readonly logHash: string;
}

/** Runs a schedule headless, revives every service, runs to rest and checks every invariant. */
export async function runBank(steps: readonly BankStep[], options: BankRunOptions): Promise<BankRunReport> {
  const settings = options.settings ?? defaultSettings;
  const sim = bankSimulation(options);
  await play(sim, steps, options.afterStep);
  for (const name of SERVICE_NAMES) sim.revive(name);
  await sim.runUntilIdle();
  const snapshot = sim.getSnapshot();
  const atRest = isAtRest(snapshot);
  const report = checkInvariants({ log: await sim.log.read(), settings, atRest });
  return { ...report, sim, atRest, logHash: sim.logHash };
}

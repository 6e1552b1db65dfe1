import type { EventLog } from '../../engine/eventLog';
import type { BrokerFlavour } from '../../engine/flavours';
import { isLocalCommit } from '../../engine/localCommit';
import type { Message } from '../../engine/message';
import { Simulation } from '../../engine/simulation';
import { brokerSetup, inTimeOrder } from './chaos';
import { FaultApplier, type ScheduleAction } from './faults';
import { createOrderSaga } from './index';
import { checkInvariants, type InvariantReport } from './invariants';
import { STYLES } from './messages';
import { type StyleMetrics, styleMetrics } from './metrics';
import { defaultSettings, type OrderSagaSettings, SERVICE_NAMES } from './settings';

export interface RunOptions {
  readonly seed: string;
  /** Idempotent consumers on every service (default on). */
  readonly idempotency?: boolean;
  /** The outbox on every service (default on). */
  readonly outbox?: boolean;
  readonly settings?: OrderSagaSettings;
  /** Read-model lag, virtual ms. */
  readonly projectionLag?: number;
  readonly log?: EventLog;
  /** The broker's flavour (default `log`), set up as `brokerSetup` says. */
  readonly broker?: BrokerFlavour;
  /** Called after every schedule step, e.g. to check invariants continuously or flush a store. */
  readonly afterStep?: (sim: Simulation, step: ScheduleAction) => void | Promise<void>;
}

export interface RunReport extends InvariantReport {
  readonly orders: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly unfinished: number;
  /** Published messages (events and commands) in the log. */
  readonly messages: number;
  /** Local commits logged by services with their outbox off. */
  readonly localCommits: number;
  readonly deadLetters: number;
  readonly virtualMs: number;
  readonly logHash: string;
  readonly metrics: Partial<Record<(typeof STYLES)[number], StyleMetrics>>;
}

/** The order saga, wired for a run: its retry policy gives a failing delivery ten tries. */
export function orderSagaSimulation(options: RunOptions): Simulation {
  const settings = options.settings ?? defaultSettings;
  const flavour = brokerSetup(options.broker ?? 'log');
  const sim = new Simulation({
    seed: options.seed,
    ...createOrderSaga(settings),
    ...(options.log ? { log: options.log } : {}),
    projectionLag: options.projectionLag ?? 0,
    broker: { retry: { maxAttempts: 10, baseBackoff: 10, maxBackoff: 1_000 }, ...flavour.broker },
  });
  for (const [name, instances] of Object.entries(flavour.instances)) sim.scale(name, instances);
  for (const name of SERVICE_NAMES) {
    sim.setIdempotent(name, options.idempotency ?? true);
    sim.setOutbox(name, options.outbox ?? true);
  }
  return sim;
}

/**
 * Runs a schedule headless: each step at its virtual time, then the faults end (every service
 * revived, none failing) and the system drains. Returns what the CLI prints.
 */
export async function runSchedule(
  schedule: readonly ScheduleAction[],
  options: RunOptions,
): Promise<RunReport> {
  const settings = options.settings ?? defaultSettings;
  const sim = orderSagaSimulation(options);
  const faults = new FaultApplier(sim, settings);
  for (const step of inTimeOrder(schedule)) {
    await sim.advance(step.at - sim.now);
    await faults.apply(step);
    await options.afterStep?.(sim, step);
  }
  faults.recover();
  await sim.runUntilIdle();
  return report(sim, await sim.log.read(), settings, faults);
}

function report(
  sim: Simulation,
  log: readonly Message[],
  settings: OrderSagaSettings,
  faults: FaultApplier,
): RunReport {
  const snapshot = sim.getSnapshot();
  const readModels = createOrderSaga(settings).projections.map((definition) => ({
    definition,
    state: sim.projectionState(definition.name),
    behind: snapshot.projections.find((p) => p.name === definition.name)?.behind ?? 0,
  }));
  const checked = checkInvariants({ log, settings, atRest: true, readModels });
  const perStyle = styleMetrics(log, faults.downtime);
  const metrics: Partial<Record<(typeof STYLES)[number], StyleMetrics>> = {};
  for (const style of STYLES) if (perStyle[style].orders > 0) metrics[style] = perStyle[style];
  const all = Object.values(perStyle);
  const sum = (key: 'orders' | 'confirmed' | 'cancelled' | 'unfinished') =>
    all.reduce((n, m) => n + m[key], 0);
  const localCommits = log.filter(isLocalCommit).length;
  return {
    orders: sum('orders'),
    confirmed: sum('confirmed'),
    cancelled: sum('cancelled'),
    unfinished: sum('unfinished'),
    messages: log.length - localCommits,
    localCommits,
    deadLetters: snapshot.deadLetters.length,
    virtualMs: snapshot.now,
    logHash: sim.logHash,
    metrics,
    ...checked,
  };
}

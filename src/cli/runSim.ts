import { type EventLog, isStaging } from '../engine/eventLog';
import { Simulation } from '../engine/simulation';
import { scenarios } from '../scenarios';
import { chaosSchedule, ORDER_GAP, orderSchedule } from '../scenarios/order-saga/chaos';
import { type RunReport, runSchedule } from '../scenarios/order-saga/runner';
import { dispatchesOf } from '../scenarios/scenario';
import type { SimOptions } from './args';
import { openStore } from './store';

export interface SimResult {
  readonly scenario: string;
  readonly seed: string;
  readonly store: string;
  readonly orders: number;
  /** The broker's flavour (log, queue or sqs). */
  readonly broker: string;
  readonly messages: number;
  readonly deadLetters: number;
  readonly virtualMs: number;
  readonly logHash: string;
  /** With `--store idb`: the hash of the log read back from IndexedDB (equals `logHash`). */
  readonly storedLogHash?: string;
}

export type OrderSagaResult = SimResult &
  RunReport & {
    readonly mode: string;
    readonly faults: string;
    readonly idempotency: boolean;
    readonly outbox: boolean;
    /** `--broker sqs`: messages that outlasted their visibility timeout and were received again. */
    readonly visibilityTimeouts?: number;
  };

/** Runs a scenario headless: start `orders` transactions, then run until nothing is left to do. */
export async function runSim(options: SimOptions): Promise<SimResult | OrderSagaResult> {
  const store = await openStore(options.store, `${options.scenario}-${options.seed}`);
  const result =
    options.scenario === 'order-saga'
      ? await runOrderSaga(options, store.log)
      : await runAny(options, store.log);
  const stored = await store.finish();
  return stored === null ? result : { ...result, storedLogHash: stored };
}

async function runOrderSaga(options: SimOptions, log: EventLog): Promise<OrderSagaResult> {
  const orders = orderSchedule(options.seed, options.orders, options.mode);
  // Chaos covers the ordering period and two seconds after it; then everything recovers and drains.
  const chaos =
    options.faults === 'chaos' ? chaosSchedule(options.seed, options.orders * ORDER_GAP + 2_000) : [];
  let sim: Simulation | null = null;
  const report = await runSchedule([...orders, ...chaos], {
    seed: options.seed,
    log,
    idempotency: options.idempotency,
    outbox: options.outbox,
    broker: options.broker,
    afterStep: (running) => {
      sim = running; // the run's simulation, to read its broker's figures once it has drained
      return isStaging(log) ? log.flush() : undefined;
    },
  });
  const ran = sim as Simulation | null;
  const timeouts = ran ? ran.getSnapshot().services.reduce((n, s) => n + (s.visibilityTimeouts ?? 0), 0) : 0;
  return {
    scenario: 'order-saga',
    mode: options.mode,
    seed: options.seed,
    faults: options.faults,
    idempotency: options.idempotency,
    outbox: options.outbox,
    store: options.store,
    broker: options.broker,
    ...report,
    ...(options.broker === 'sqs' ? { visibilityTimeouts: timeouts } : {}),
  };
}

async function runAny(options: SimOptions, log: EventLog): Promise<SimResult> {
  const scenario = scenarios[options.scenario];
  if (!scenario) throw new Error(`Unknown scenario "${options.scenario}".`);
  const sim = new Simulation({
    seed: options.seed,
    catalog: scenario.catalog,
    services: scenario.services,
    projections: scenario.projections,
    log,
    ...(options.broker === 'log' ? {} : { broker: { flavour: options.broker } }),
  });
  for (const s of scenario.services) {
    sim.setIdempotent(s.name, options.idempotency);
    sim.setOutbox(s.name, options.outbox);
  }
  for (let n = 1; n <= options.orders; n++) {
    for (const dispatch of dispatchesOf(scenario.sampleAction(n))) await sim.dispatch(dispatch);
    await sim.advance(10);
    if (isStaging(log)) await log.flush();
  }
  await sim.runUntilIdle();
  const snapshot = sim.getSnapshot();
  return {
    scenario: scenario.name,
    seed: options.seed,
    store: options.store,
    broker: options.broker,
    orders: options.orders,
    messages: snapshot.head,
    deadLetters: snapshot.deadLetters.length,
    virtualMs: snapshot.now,
    logHash: sim.logHash,
  };
}

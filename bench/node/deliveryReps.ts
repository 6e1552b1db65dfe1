import type { Catalog } from '../../src/engine/catalog';
import type { ServiceDefinition } from '../../src/engine/service';
import { Simulation } from '../../src/engine/simulation';
import { type Repetition, secondsSince } from './measure';
import { expectCount } from './storeReps';
import { eventType, type Workload } from './workload';

/** One event type, nothing else. */
const catalog = { [eventType]: { kind: 'event' } } as const satisfies Catalog;

/** Subscribers that decide nothing: the figure is the broker's and the runtime's cost alone. */
export const subscriberCount = 2;

function noopSubscriber(name: string, processingTime: number): ServiceDefinition<null> {
  return {
    name,
    handles: [eventType],
    initialState: () => null,
    decide: () => [],
    evolve: (state) => state,
    processingTime,
  };
}

export interface DeliveryShape {
  /** Broker latency base and jitter, virtual ms. */
  readonly latency: number;
  readonly jitter: number;
  /** Virtual ms each subscriber spends per message. */
  readonly processingTime: number;
  /** Metric names for the dispatch phase (optional) and the delivery phase. */
  readonly dispatchMetric?: string;
  readonly deliveredMetric: string;
}

/**
 * Dispatches every workload action (timed: the dispatch rate), then runs the simulation until idle
 * (timed: the delivery rate). Fails loudly unless every subscriber got every message exactly once.
 */
export const simulationDelivery =
  (w: Workload, shape: DeliveryShape): Repetition =>
  async () => {
    const sim = new Simulation({
      seed: 'bench',
      catalog,
      services: Array.from({ length: subscriberCount }, (_, i) =>
        noopSubscriber(`Subscriber${i + 1}`, shape.processingTime),
      ),
      broker: { latency: { base: shape.latency, jitter: shape.jitter } },
    });
    const dispatchStart = performance.now();
    for (const action of w.dispatches) await sim.dispatch(action);
    const dispatchSeconds = secondsSince(dispatchStart);
    const runStart = performance.now();
    await sim.runUntilIdle();
    const runSeconds = secondsSince(runStart);

    const expected = w.dispatches.length * subscriberCount;
    const { stats } = sim.broker;
    expectCount(`${shape.deliveredMetric}: messages logged`, sim.head, w.dispatches.length);
    expectCount(`${shape.deliveredMetric}: broker.stats.delivered`, stats.delivered, expected);
    expectCount(`${shape.deliveredMetric}: failed attempts`, stats.failedAttempts, 0);
    expectCount(`${shape.deliveredMetric}: dead letters`, stats.deadLettered, 0);
    return {
      ...(shape.dispatchMetric ? { [shape.dispatchMetric]: w.dispatches.length / dispatchSeconds } : {}),
      [shape.deliveredMetric]: stats.delivered / runSeconds,
    };
  };

import fc from 'fast-check';
import type { ScheduleAction } from './faults';
import type { Style } from './messages';
import { SERVICE_NAMES } from './settings';

/** fast-check arbitraries for a run's schedule: orders in both styles, interleaved with faults. */
const skus = ['SKU-RED', 'SKU-GREEN', 'SKU-BLUE'];
const service = fc.constantFrom(...SERVICE_NAMES);

function order(style: Style): fc.Arbitrary<Omit<Extract<ScheduleAction, { kind: 'place' }>, 'n'>> {
  return fc.record({
    at: fc.integer({ min: 0, max: 1_500 }),
    kind: fc.constant('place' as const),
    style: fc.constant(style),
    sku: fc.constantFrom(...skus),
    quantity: fc.integer({ min: 1, max: 3 }),
    forceDecline: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  });
}

/** Kills weigh most: a dead service (the orchestrator too) is the fault sagas exist for. */
const fault: fc.Arbitrary<ScheduleAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      at: fc.integer({ min: 0, max: 2_500 }),
      kind: fc.constantFrom('kill' as const, 'revive' as const),
      service,
    }),
  },
  fc.record({
    at: fc.integer({ min: 0, max: 2_500 }),
    kind: fc.constant('tune' as const),
    service,
    failureRate: fc.integer({ min: 0, max: 15 }).map((n) => n / 100),
    processingTime: fc.integer({ min: 0, max: 20 }),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 2_500 }),
    kind: fc.constant('duplicates' as const),
    rate: fc.integer({ min: 0, max: 50 }).map((n) => n / 100),
  }),
  fc.record({
    at: fc.integer({ min: 0, max: 2_500 }),
    kind: fc.constant('latency' as const),
    edge: fc.option(
      fc.tuple(service, service).map(([a, b]) => `${a}->${b}`),
      { nil: null },
    ),
    base: fc.integer({ min: 0, max: 200 }),
    jitter: fc.integer({ min: 0, max: 100 }),
  }),
);

/** At least one order in each style, up to seven in all, and up to twelve faults. */
export const chaosRun = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }).map(String),
  schedule: fc
    .tuple(
      order('choreography'),
      order('orchestration'),
      fc.array(fc.oneof(order('choreography'), order('orchestration')), { maxLength: 5 }),
      fc.array(fault, { maxLength: 12 }),
    )
    .map(([a, b, more, faults]): ScheduleAction[] => [
      ...[a, b, ...more].map((o, i) => ({ ...o, n: i + 1 })),
      ...faults,
    ]),
});

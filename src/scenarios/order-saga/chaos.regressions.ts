import type { ScheduleAction } from './faults';

const order = (n: number, style: 'choreography' | 'orchestration', at = 0): ScheduleAction => ({
  at,
  kind: 'place',
  n,
  style,
  sku: 'SKU-RED',
  quantity: 2,
  forceDecline: false,
});

/**
 * Schedules the chaos property must keep passing. A failing run prints the entry to add here (seed
 * and schedule as JSON), so every schedule that ever broke an invariant stays fixed (tldraw's fuzzing
 * practice). No generated schedule has failed since the design settled; the entries below are
 * hand-built sentinels for the hardest situations known.
 */
export const regressions: readonly { why: string; seed: string; schedule: readonly ScheduleAction[] }[] = [
  {
    why: 'sentinel: Inventory dead past the saga’s patience; the compensated reserve happens later',
    seed: 'sentinel-1',
    schedule: [
      { at: 0, kind: 'kill', service: 'Inventory' },
      order(1, 'orchestration', 5),
      order(2, 'choreography', 5),
      { at: 14_000, kind: 'revive', service: 'Inventory' },
    ],
  },
  {
    why: 'sentinel: Orchestrator dead across its own timeouts, with duplicates and a slow Payment',
    seed: 'sentinel-2',
    schedule: [
      { at: 0, kind: 'duplicates', rate: 0.5 },
      { at: 0, kind: 'tune', service: 'Payment', failureRate: 0.15, processingTime: 40 },
      order(1, 'orchestration'),
      order(2, 'orchestration', 30),
      { at: 60, kind: 'kill', service: 'Orchestrator' },
      order(3, 'choreography', 100),
      { at: 9_000, kind: 'revive', service: 'Orchestrator' },
    ],
  },
];

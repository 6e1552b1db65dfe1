import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrokerFlavour } from '../../engine/flavours';
import { chaosRun } from './chaos.arbitraries';
import { regressions } from './chaos.regressions';
import type { ScheduleAction } from './faults';
import { checkInvariants } from './invariants';
import { runSchedule } from './runner';
import { defaultSettings, type OrderSagaSettings, SERVICE_NAMES } from './settings';

/** Little stock, so some orders run out and compensate; the rest as in the default world. */
const settings: OrderSagaSettings = {
  ...defaultSettings,
  initialStock: { 'SKU-RED': 6, 'SKU-GREEN': 6, 'SKU-BLUE': 6 },
};

/**
 * Runs one schedule on a broker flavour; checks the always-invariants after every step and all of
 * them at rest. `redelivered`: visibility-timeout redeliveries seen by the last step (`sqs`).
 */
async function violationsOf(
  seed: string,
  schedule: readonly ScheduleAction[],
  broker: BrokerFlavour = 'log',
) {
  const during: string[] = [];
  let redelivered = 0;
  const report = await runSchedule(schedule, {
    seed,
    settings,
    projectionLag: 40,
    broker,
    afterStep: async (sim) => {
      const now = checkInvariants({ log: await sim.log.read(), settings, atRest: false });
      during.push(...now.violations.map((v) => `at ${sim.now} ms: ${v.message}`));
      redelivered = SERVICE_NAMES.reduce((n, s) => n + (sim.broker.describe(s).visibilityTimeouts ?? 0), 0);
    },
  });
  return { report, redelivered, problems: [...during, ...report.violations.map((v) => v.message)] };
}

function explain(
  seed: string,
  schedule: readonly ScheduleAction[],
  problems: readonly string[],
  broker: BrokerFlavour = 'log',
): string {
  return (
    `Invariants broken for seed "${seed}" on the ${broker} broker:\n  ${problems.join('\n  ')}\n` +
    `Pin it in chaos.regressions.ts as:\n${JSON.stringify({ seed, schedule })}`
  );
}

/**
 * The other flavours get fewer schedules than the default's 1,000 (the unit suite must stay a few
 * minutes on two cores); each runs its own fast-check seed, so they explore different schedules.
 */
const OTHER_FLAVOURS = [
  ['queue', 400, 20_260_102],
  ['sqs', 400, 20_260_103],
] as const;

describe('Order saga under chaos', () => {
  it('keeps every invariant over 1,000 seeded fault schedules, both styles in each run', async () => {
    await fc.assert(
      fc.asyncProperty(chaosRun, async ({ seed, schedule }) => {
        const { report, problems } = await violationsOf(seed, schedule);
        if (problems.length > 0 || report.unfinished > 0) throw new Error(explain(seed, schedule, problems));
      }),
      { numRuns: 1_000, seed: 20_260_101 },
    );
  }, 120_000);

  it.each(OTHER_FLAVOURS)(
    'keeps every invariant on the %s broker too (%i schedules)',
    async (broker, numRuns, seed) => {
      let redelivered = 0;
      await fc.assert(
        fc.asyncProperty(chaosRun, async ({ seed, schedule }) => {
          const run = await violationsOf(seed, schedule, broker);
          redelivered += run.redelivered;
          if (run.problems.length > 0 || run.report.unfinished > 0) {
            throw new Error(explain(seed, schedule, run.problems, broker));
          }
        }),
        { numRuns, seed },
      );
      // On SQS the chaos really makes slowed consumers outlast the visibility timeout (and the
      // idempotent consumers keep those redeliveries from charging twice: the invariants above).
      if (broker === 'sqs') expect(redelivered).toBeGreaterThan(0);
    },
    120_000,
  );

  it.each(regressions.flatMap((r) => (['log', 'queue', 'sqs'] as const).map((b) => [r.why, b, r] as const)))(
    'stays fixed: %s (%s broker)',
    async (_why, broker, { seed, schedule }) => {
      const { report, problems } = await violationsOf(seed, schedule, broker);
      expect(problems).toEqual([]);
      expect(report.unfinished).toBe(0);
    },
  );
});

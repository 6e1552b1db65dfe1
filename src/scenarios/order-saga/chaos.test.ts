import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chaosRun } from './chaos.arbitraries';
import { regressions } from './chaos.regressions';
import type { ScheduleAction } from './faults';
import { checkInvariants } from './invariants';
import { runSchedule } from './runner';
import { defaultSettings, type OrderSagaSettings } from './settings';

/** Little stock, so some orders run out and compensate; the rest as in the default world. */
const settings: OrderSagaSettings = {
  ...defaultSettings,
  initialStock: { 'SKU-RED': 6, 'SKU-GREEN': 6, 'SKU-BLUE': 6 },
};

/** Runs one schedule; checks the always-invariants after every step and all of them at rest. */
async function violationsOf(seed: string, schedule: readonly ScheduleAction[]) {
  const during: string[] = [];
  const report = await runSchedule(schedule, {
    seed,
    settings,
    projectionLag: 40,
    afterStep: async (sim) => {
      const now = checkInvariants({ log: await sim.log.read(), settings, atRest: false });
      during.push(...now.violations.map((v) => `at ${sim.now} ms: ${v.message}`));
    },
  });
  return { report, problems: [...during, ...report.violations.map((v) => v.message)] };
}

function explain(seed: string, schedule: readonly ScheduleAction[], problems: readonly string[]): string {
  return (
    `Invariants broken for seed "${seed}":\n  ${problems.join('\n  ')}\n` +
    `Pin it in chaos.regressions.ts as:\n${JSON.stringify({ seed, schedule })}`
  );
}

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

  it.each(regressions.map((r) => [r.why, r] as const))(
    'stays fixed: %s',
    async (_why, { seed, schedule }) => {
      const { report, problems } = await violationsOf(seed, schedule);
      expect(problems).toEqual([]);
      expect(report.unfinished).toBe(0);
    },
  );
});

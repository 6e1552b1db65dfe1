import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../engine/memoryLog';
import { Simulation, type SimulationState } from '../../engine/simulation';
import { inTimeOrder } from './chaos';
import { chaosRun } from './chaos.arbitraries';
import { FaultApplier, type ScheduleAction } from './faults';
import { createOrderSaga } from './index';
import { orderSagaSimulation, type RunOptions } from './runner';
import { defaultSettings } from './settings';

/** Runs `steps` onto `sim`; with `recover`, then ends the faults and drains. */
async function play(sim: Simulation, steps: readonly ScheduleAction[], recover: boolean): Promise<void> {
  const faults = new FaultApplier(sim, defaultSettings);
  for (const step of steps) {
    await sim.advance(step.at - sim.now);
    await faults.apply(step);
  }
  if (!recover) return;
  faults.recover();
  await sim.runUntilIdle();
}

describe('A saved order-saga run', () => {
  it('resumes exactly: sagas, timers, inboxes and local commits included', async () => {
    await fc.assert(
      fc.asyncProperty(chaosRun, fc.nat(20), fc.boolean(), async ({ seed, schedule }, cut, outbox) => {
        const options = (log: MemoryEventLog): RunOptions => ({ seed, log, outbox, projectionLag: 40 });
        const steps = inTimeOrder(schedule);
        const split = Math.min(cut, steps.length);
        // Phase one plays some steps and stops mid-flight, timers and deliveries pending; phase two
        // plays the rest, ends the faults and drains. One run saves and restores in between.
        const one = (sim: Simulation) =>
          play(sim, steps.slice(0, split), false).then(() => sim.advance(cut * 37));
        const two = (sim: Simulation) =>
          play(
            sim,
            steps.slice(split).filter((s) => s.at >= sim.now),
            true,
          );

        const straight = orderSagaSimulation(options(new MemoryEventLog()));
        await one(straight);
        await two(straight);

        const log = new MemoryEventLog();
        const first = orderSagaSimulation(options(log));
        await one(first);
        const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
        const restored = { seed, ...createOrderSaga(defaultSettings), log, projectionLag: 40 };
        const resumed = await Simulation.restore(restored, saved);
        expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
        await two(resumed);

        expect(resumed.logHash).toBe(straight.logHash);
        expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
      }),
      { numRuns: 60, seed: 99 },
    );
  });
});

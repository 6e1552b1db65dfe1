import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimulationState } from '../engine/simulation';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import type { PlaygroundDriver } from './driver';
import { scenarioFor, startInMemory, timeMachineFor } from './startPlayground';
import type { Checkpoint, Moment, TimeMachine } from './timeMachine';
import { parseRunUrl } from './urlState';

const { settings } = parseRunUrl('?scenario=order-saga&seed=11&decline=0.3&dup=0.1&speed=10', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);

/** A live run with traffic, a kill and a revive, checkpointed by `machine` as it goes. */
async function liveRun(machine: TimeMachine, messages: number): Promise<PlaygroundDriver> {
  const driver = startInMemory(scenario, settings);
  machine.watch(driver);
  await driver.act({ type: 'order.placed' });
  await driver.act({ type: 'traffic.changed', perSecond: 20 });
  for (let frame = 0; driver.sim.head < messages; frame++) {
    if (frame === 7) await driver.act({ type: 'service.killed', name: 'Payment' });
    if (frame === 12) await driver.act({ type: 'service.revived', name: 'Payment' });
    if (frame === 15) await driver.act({ type: 'order.placed', options: { fail: 'outOfStock' } });
    await driver.frame(100);
  }
  driver.pause();
  return driver;
}

/**
 * A saved state with the scheduler's sequence numbers replaced by the tasks' order. A run resumed
 * from a checkpoint can number its tasks differently from one run straight through (superseded
 * wakes are counted differently), but it runs the same tasks in the same order.
 */
function comparable(state: SimulationState) {
  const { seq: _seq, tasks, ...scheduler } = state.scheduler;
  // A rebuilt moment's gateway records what it was answered (in replay mode nothing is performed,
  // so its counter stays where its starting point left it): compare the records as a set.
  const records = [...state.effects.records.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    ...state,
    scheduler: { ...scheduler, tasks: tasks.map(({ at, task }) => ({ at, task })) },
    effects: { records },
  };
}

async function expectSame(moment: Moment, reference: Moment, driver: PlaygroundDriver): Promise<void> {
  expect(moment.head).toBe(reference.head);
  expect(moment.sim.getSnapshot()).toEqual(reference.sim.getSnapshot());
  expect(comparable(moment.sim.exportState())).toEqual(comparable(reference.sim.exportState()));
  expect(await moment.sim.log.read()).toEqual(await driver.sim.log.read({ to: moment.head }));
}

describe('TimeMachine', () => {
  it('state as of p from a checkpoint + tail equals a straight re-run stopped at p', async () => {
    const machine = timeMachineFor(scenario, settings, 150);
    const driver = await liveRun(machine, 1_500);
    expect(machine.checkpoints.length).toBeGreaterThan(5);
    // A straight re-run: a fresh machine that never checkpoints, so it starts from the beginning.
    const straight = (p: number) =>
      timeMachineFor(scenario, settings, Number.POSITIVE_INFINITY).seek(driver, p);
    const head = driver.sim.head;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: head }), async (p) => {
        const moment = await machine.seek(driver, p);
        expect(moment.position).toBe(p);
        expect(moment.head).toBeGreaterThanOrEqual(p);
        await expectSame(moment, await straight(p), driver);
      }),
      { numRuns: 15, seed: 6 },
    );
    // The checkpoints' own positions, and either side of them, are the likeliest off-by-ones.
    for (const c of machine.checkpoints.slice(1, 4)) {
      for (const p of [c - 1, c, c + 1]) {
        await expectSame(await machine.seek(driver, p), await straight(p), driver);
      }
    }
    // Stepping forward carries the last re-run on instead of starting from a checkpoint.
    for (let p = 700; p < 712; p++)
      await expectSame(await machine.seek(driver, p), await straight(p), driver);
  }, 60_000);

  it('seeking never changes the live run, and as of the head the log is the live one', async () => {
    const machine = timeMachineFor(scenario, settings, 300);
    const driver = await liveRun(machine, 1_200);
    const before = driver.sim.exportState();
    await machine.seek(driver, 17);
    await machine.seek(driver, 900);
    const latest = await machine.seek(driver, driver.sim.head);
    expect(driver.sim.exportState()).toEqual(before);
    expect(latest.sim.logHash).toBe(driver.sim.logHash);
    expect(latest.sim.getSnapshot().deadLetters).toEqual(driver.sim.getSnapshot().deadLetters);
  }, 60_000);

  it('keeps a bounded number of evenly spaced checkpoints as the run grows, and seeks stay exact', async () => {
    const kept = new Set<number>();
    const dropped: number[] = [];
    const machine = timeMachineFor(scenario, settings, 50, {
      keep: 4,
      keepEvery: 50,
      keepMost: 4,
      onCheckpoint: (c) => kept.add(c.sim.head),
      onDropped: (h) => {
        dropped.push(h);
        kept.delete(h);
      },
    });
    const driver = await liveRun(machine, 1_500);
    const held = machine.checkpoints;
    expect(held.length).toBeLessThanOrEqual(5); // the start, and at most 4 more
    expect(held[0]).toBe(0);
    expect(kept.size).toBeLessThanOrEqual(4); // and as many for the next session, thinned the same way
    expect(dropped.length).toBeGreaterThan(5);
    for (const heads of [held, [0, ...kept]]) {
      const gaps = heads.slice(1).map((h, i) => h - (heads[i] as number));
      expect(Math.max(...gaps)).toBeLessThan(4 * Math.min(...gaps) + 200); // evenly spread, not bunched
    }
    const straight = (p: number) =>
      timeMachineFor(scenario, settings, Number.POSITIVE_INFINITY).seek(driver, p);
    for (const p of [1, 333, 777, driver.sim.head - 1])
      await expectSame(await machine.seek(driver, p), await straight(p), driver);
  }, 60_000);

  // A measurement, not a check (performance lives in `npm run bench`): SEEK_TIMING=1 to run it.
  it.skipIf(!process.env.SEEK_TIMING)(
    'times seeks on a 10,000-message run',
    async () => {
      const machine = timeMachineFor(scenario, settings);
      const started = performance.now();
      const driver = await liveRun(machine, 10_000);
      const runMs = performance.now() - started;
      const head = driver.sim.head;
      await machine.seek(driver, head); // first seek copies the log's references
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const p = Math.floor((((i * 7919) % 1000) / 1000) * head);
        const t = performance.now();
        await machine.seek(driver, p);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => (times[Math.floor(q * (times.length - 1))] as number).toFixed(1);
      console.info(
        `seek on ${head} messages, ${machine.checkpoints.length} checkpoints (live run ${runMs.toFixed(0)} ms): ` +
          `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
      );
      const from = Math.floor(head * 0.9);
      await machine.seek(driver, from);
      const t = performance.now();
      for (let p = from + 1; p <= from + 20; p++) await machine.seek(driver, p);
      console.info(`one message forward (→): ${((performance.now() - t) / 20).toFixed(2)} ms on average`);
      expect(times.length).toBe(40);
    },
    60_000,
  );
});

describe('TimeMachine and the outside world', () => {
  it('never performs an effect again when it rebuilds the past: it answers from the record', async () => {
    const machine = timeMachineFor(scenario, settings, 200);
    const driver = await liveRun(machine, 800);
    const performedLive = driver.sim.effects.performed;
    expect(performedLive).toBeGreaterThan(0);
    const moment = await machine.seek(driver, driver.sim.head - 1);
    const checkpointed = machine.checkpoints.filter((c) => c < driver.sim.head - 1).at(-1) ?? 0;
    expect(checkpointed).toBeGreaterThan(0);
    // Everything after the checkpoint that reached the outside world was suppressed, not redone.
    expect(moment.sim.effects.suppressed.length).toBeGreaterThan(0);
    expect(moment.sim.effects.performed).toBeLessThanOrEqual(performedLive);
    expect(driver.sim.effects.performed).toBe(performedLive);
  });
});

describe('TimeMachine checkpoints kept across sessions', () => {
  it('seeks from checkpoints handed over by an earlier session exactly as from its own', async () => {
    const kept: Checkpoint[] = [];
    const first = timeMachineFor(scenario, settings, 150, {
      keepEvery: 150,
      onCheckpoint: (c) => kept.push(c),
    });
    const driver = await liveRun(first, 900);
    expect(kept.length).toBeGreaterThan(3);
    const next = timeMachineFor(scenario, settings, Number.POSITIVE_INFINITY, {
      saved: structuredClone(kept).reverse(),
    });
    expect(next.checkpoints).toEqual(first.checkpoints);
    for (const p of [1, 151, 449, 700, driver.sim.head]) {
      await expectSame(await next.seek(driver, p), await first.seek(driver, p), driver);
    }
  });
});

describe('TimeMachine filling gaps (densify)', () => {
  it('a reopened run with a few kept checkpoints re-runs the gaps while idle; seeks stay exact', async () => {
    const kept: Checkpoint[] = [];
    const first = timeMachineFor(scenario, settings, 100, {
      keepEvery: 500,
      onCheckpoint: (c) => kept.push(c),
    });
    const driver = await liveRun(first, 1_600);
    const head = driver.sim.head;
    const hash = driver.sim.logHash;
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(first.checkpoints.length);

    const next = timeMachineFor(scenario, settings, 100, { saved: structuredClone(kept) });
    // A seek into a gap leaves a checkpoint where it stopped.
    const gapped = next.checkpoints.length;
    const inGap = await next.seek(driver, (kept[0]?.sim.head ?? 0) + 300);
    expect(next.checkpoints).toContain(inGap.head);
    expect(next.checkpoints.length).toBe(gapped + 1);
    const before = next.checkpoints.length;
    let slices = 0;
    while (await next.densify(driver)) slices++;
    expect(slices).toBeGreaterThan(5);
    const held = next.checkpoints;
    expect(held.length).toBeGreaterThan(before + 5);
    const gaps = held.slice(1).map((h, i) => h - (held[i] as number));
    expect(Math.max(...gaps, head + 1 - (held.at(-1) as number))).toBeLessThanOrEqual(200 + 20);
    // The live run was never touched, and moments from the filled-in checkpoints are exact.
    expect(driver.sim.head).toBe(head);
    expect(driver.sim.logHash).toBe(hash);
    for (const p of [1, 250, 777, 1_234, head - 1]) {
      await expectSame(await next.seek(driver, p), await first.seek(driver, p), driver);
    }
  }, 60_000);
});

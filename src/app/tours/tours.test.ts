import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { BranchControl, type BranchSwitch } from '../branchControl';
import type { BranchDiff } from '../branchDiff';
import type { PlaygroundDriver } from '../driver';
import { databaseFor, openStoredRun } from '../runPersistence';
import { scenarioFor, simulationOptions, startInMemory, timeMachineFor } from '../startPlayground';
import { TimeTravel } from '../timeTravel';
import { parseRunUrl } from '../urlState';
import { tourById, tours } from '.';
import { nextProgress, presetSettings, startUrl, withProgress } from './tourProgress';
import { actionsFor, type Tour, type TourView } from './types';

/** A tour's run in Node, as the page would drive it: a driver, its timeline, and (stored) its branches. */
interface Harness {
  driver: PlaygroundDriver;
  timeTravel: TimeTravel;
  control?: BranchControl;
  diff?: BranchDiff | null;
}

function scenarioOf(tour: Tour, start: number) {
  const settings = presetSettings(tour, start);
  return { settings, scenario: scenarioFor(scenarios[settings.scenario] as Scenario, settings) };
}

function inMemory(tour: Tour, start = 1): Harness {
  const { settings, scenario } = scenarioOf(tour, start);
  const driver = startInMemory(scenario, settings);
  const machine = timeMachineFor(scenario, settings, 100);
  machine.watch(driver);
  return { driver, timeTravel: new TimeTravel(driver, machine) };
}

/** The run as the tour panel sees it. */
async function viewOf(h: Harness): Promise<TourView> {
  await h.driver.whenIdle();
  const snapshot = h.timeTravel.shown.getSnapshot();
  return {
    snapshot,
    log: await h.driver.sim.log.read({ to: snapshot.sim.head }),
    liveHead: h.driver.sim.head,
    mode: h.timeTravel.mode,
    branch: {
      current: h.control?.getView().current ?? 'main',
      skipped: h.driver.skipped,
      diff: h.diff ?? null,
    },
  };
}

/** Runs real frames (100 ms each, at the preset's speed) until `done` or `seconds` of real time. */
async function playUntil(h: Harness, done: () => Promise<boolean>, seconds = 60): Promise<boolean> {
  for (let frame = 0; frame < seconds * 10; frame++) {
    if (await done()) return true;
    await h.driver.frame(100);
  }
  return done();
}

const passes = async (h: Harness, tour: Tour, step: number) =>
  tour.steps[step]?.check(await viewOf(h)).happened ?? false;

/** Walks a tour: per step, its check fails first, then "Do it" (or `byHand`) makes it pass. */
async function walk(
  tour: Tour,
  h: Harness,
  byHand: Record<number, (h: Harness) => Promise<void>> = {},
  passAtStart: readonly number[] = [],
): Promise<void> {
  const fresh = await viewOf(h);
  for (const [i, step] of tour.steps.entries()) {
    if (!passAtStart.includes(i))
      expect(step.check(fresh).happened, `${tour.id} step ${i + 1} on a fresh run`).toBe(false);
  }
  for (const [i, step] of tour.steps.entries()) {
    const view = await viewOf(h);
    const hand = byHand[i];
    if (step.doIt || hand) {
      expect(step.check(view).happened, `${tour.id} step ${i + 1} before it is done`).toBe(false);
    }
    for (const action of actionsFor(step, view)) await h.driver.act(action);
    await hand?.(h);
    const ok = await playUntil(h, () => passes(h, tour, i));
    const result = step.check(await viewOf(h));
    expect(ok, `${tour.id} step ${i + 1}: ${JSON.stringify(result.measures)}`).toBe(true);
    expect(result.measures.length).toBeGreaterThan(0);
  }
}

/** Scrubs to `position` and waits until that moment is on show. */
async function scrubTo(timeTravel: TimeTravel, position: number): Promise<void> {
  timeTravel.seek(position);
  for (let i = 0; i < 1000; i++) {
    const view = timeTravel.getView();
    if (view.error) throw new Error(view.error);
    if (view.moment?.position === position && !view.seeking) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`The moment at #${position} never arrived.`);
}

const byId = (id: string): Tour => {
  const tour = tourById(id);
  if (!tour) throw new Error(`No tour ${id}`);
  return tour;
};

const liveOnly = [
  'events-vs-commands',
  'fan-out',
  'choreography-vs-orchestration',
  'compensation',
  'kill-and-recover',
  'eventual-consistency',
  'idempotency',
  'dead-letters',
  'outbox',
  'upcasting',
  'optimistic-concurrency',
  'catching-up',
  'read-model-stores',
  'stream-windows',
  'schemas-at-the-producer',
  'log-vs-queue',
  'sqs-visibility-timeout',
  'change-data-capture',
];

describe('guided tours', () => {
  it('have unique ids, valid presets and steps', () => {
    expect(new Set(tours.map((t) => t.id)).size).toBe(tours.length);
    for (const tour of tours) {
      const { settings, problems } = parseRunUrl(startUrl(tour), Object.keys(scenarios));
      expect(problems, tour.id).toEqual([]);
      expect(settings).toEqual(presetSettings(tour));
      expect(tour.steps.length).toBeGreaterThan(1);
    }
    expect([...liveOnly, 'time-travel', 'skip-and-replay'].sort()).toEqual(tours.map((t) => t.id).sort());
  });

  it('start a fresh run each time, and keep their progress in the URL', () => {
    const tour = byId('fan-out');
    expect(presetSettings(tour, 1).seed).toBe('tour-fan-out');
    expect(presetSettings(tour, 3).seed).toBe('tour-fan-out-3');
    expect(withProgress('?seed=1&branch=branch-2', { tour: 'fan-out', step: 2 })).toBe(
      '?seed=1&branch=branch-2&tour=fan-out&step=2',
    );
    expect(withProgress('?seed=1&tour=fan-out&step=2', null)).toBe('?seed=1');
    const at = { tour: 'fan-out', step: 1 };
    expect(nextProgress(at, 2, { type: 'tour.stepBack' })).toEqual(at);
    expect(nextProgress(at, 2, { type: 'tour.stepForward' })).toEqual({ tour: 'fan-out', step: 2 });
    expect(nextProgress({ tour: 'fan-out', step: 2 }, 2, { type: 'tour.stepForward' })?.step).toBe(2);
    expect(nextProgress(at, 2, { type: 'tour.ended' })).toBeNull();
  });

  for (const id of liveOnly) {
    for (const start of [1, 2]) {
      it(`${id} (start ${start}): each check fails until its step happened, then passes`, async () => {
        const tour = byId(id);
        await walk(tour, inMemory(tour, start));
      });
    }
  }

  it('time-travel: going back shows the past, going live comes back', async () => {
    const tour = byId('time-travel');
    const h = inMemory(tour);
    await walk(
      tour,
      h,
      {
        1: async (run) => {
          const log = await run.driver.sim.log.read();
          const confirmed = log.find((m) => m.type === 'OrderConfirmed');
          if (!confirmed) throw new Error('not confirmed');
          run.driver.pause();
          await scrubTo(run.timeTravel, confirmed.position - 1);
          // Still in the past, "Back to now" has not happened yet.
          expect(await passes(run, tour, 2)).toBe(false);
        },
        2: async (run) => {
          run.timeTravel.goLive();
        },
      },
      [2], // a fresh run is live: "back to now" is only false while in the past (checked above)
    );
  });

  it('skip-and-replay: a branch without PaymentCompleted, and the diff', async () => {
    const tour = byId('skip-and-replay');
    const { settings, scenario } = scenarioOf(tour, 1);
    const switches: BranchSwitch[] = [];
    const open = async (branch: string) => {
      const opened = await openStoredRun(scenario, { ...settings, branch });
      const machine = timeMachineFor(scenario, settings, 100);
      machine.watch(opened.driver);
      const timeTravel = new TimeTravel(opened.driver, machine);
      const control = await BranchControl.open({
        replay: {
          machine,
          simulationOptions: (l) => simulationOptions(scenario, settings, l),
          makeOrder: (n, o) => scenario.sampleAction(n, o),
          dbName: databaseFor(settings),
        },
        db: opened.log.db,
        current: branch,
        driver: opened.driver,
        timeTravel,
        scenario,
        canWrite: () => true,
        onSwitch: (to) => switches.push(to),
      });
      return { h: { driver: opened.driver, timeTravel, control } as Harness, log: opened.log };
    };
    let run = await open('main');
    const h: Harness = run.h;
    await walk(tour, h, {
      1: async () => {
        const paid = (await h.driver.sim.log.read()).find((m) => m.type === 'PaymentCompleted');
        if (!paid || !h.control) throw new Error('no payment');
        await h.control.replayWithout(paid.id);
        await run.log.close();
        // The page re-opens the run on the new branch (App.tsx), compared with its parent.
        const to = switches.at(-1);
        if (!to?.compareWith) throw new Error('no switch');
        run = await open(to.branch);
        Object.assign(h, run.h, { diff: null });
        expect(await passes(h, tour, 2)).toBe(false); // no diff on show yet
      },
      2: async () => {
        const to = switches.at(-1);
        if (!h.control || !to?.compareWith) throw new Error('no compare');
        h.diff = await h.control.compare(to.compareWith);
      },
    });
    expect(h.control?.getView().current).toBe('branch-1');
    await run.log.close();
  });
});

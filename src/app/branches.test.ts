import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../engine/message';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { loadBranches, readBranchLog, resolveSegments } from '../storage/branches';
import { loadSnapshots } from '../storage/records';
import type { UserAction } from './actions';
import { BranchControl, type BranchSwitch, CHECKPOINTS } from './branchControl';
import { diffBranches, firstDifference } from './branchDiff';
import { inheritedCheckpoints, nextBranchId, sharedUpTo } from './branching';
import type { PlaygroundDriver } from './driver';
import { databaseFor, openStoredRun } from './runPersistence';
import { scenarioFor, simulationOptions, timeMachineFor } from './startPlayground';
import type { Checkpoint } from './timeMachine';
import { TimeTravel } from './timeTravel';
import { topologyOf } from './topology';
import { parseRunUrl, type RunSettings } from './urlState';

let runs = 0;

/** Settings of a run of its own (its own database): the seed names the test run. */
function freshSettings(): { settings: RunSettings; scenario: Scenario } {
  runs++;
  const { settings } = parseRunUrl(`?scenario=order-saga&seed=branches-${runs}&decline=0.3&speed=10`, [
    'order-saga',
  ]);
  return { settings, scenario: scenarioFor(scenarios['order-saga'] as Scenario, settings) };
}

/** A branch of the stored run, opened the way the page opens it, with its timeline and branch control. */
async function openBranch(scenario: Scenario, settings: RunSettings, branch = 'main') {
  const opened = await openStoredRun(scenario, { ...settings, branch });
  const { driver, log } = opened;
  const kept = await loadCheckpoints(log.db, branch);
  const machine = timeMachineFor(scenario, settings, 100, { saved: kept });
  machine.watch(driver);
  const timeTravel = new TimeTravel(driver, machine);
  const switches: BranchSwitch[] = [];
  const control = await BranchControl.open({
    replay: {
      machine,
      simulationOptions: (l) => simulationOptions(scenario, settings, l),
      makeOrder: (n, o) => scenario.sampleAction(n, o),
      dbName: databaseFor(settings),
    },
    db: log.db,
    current: branch,
    driver,
    timeTravel,
    scenario,
    canWrite: () => true,
    onSwitch: (to) => switches.push(to),
  });
  return { driver, log, machine, timeTravel, control, switches };
}

async function loadCheckpoints(db: Parameters<typeof loadBranches>[0], branch: string) {
  const segments = resolveSegments(await loadBranches(db), branch);
  const held = new Map<string, Checkpoint[]>();
  for (const s of segments)
    held.set(
      s.branch,
      (await loadSnapshots(db, s.branch, CHECKPOINTS)).map((r) => r.state as Checkpoint),
    );
  return inheritedCheckpoints(segments, (b) => held.get(b) ?? []);
}

/** Plays `driver` with traffic and a kill until its log holds `messages`, then pauses it. */
async function play(driver: PlaygroundDriver, messages: number): Promise<void> {
  driver.play();
  for (let frame = 0; driver.sim.head < messages; frame++) {
    if (frame === 3) await driver.act({ type: 'traffic.changed', perSecond: 5 });
    await driver.frame(50);
  }
  await driver.act({ type: 'traffic.changed', perSecond: 0 });
  for (let frame = 0; frame < 100; frame++) await driver.frame(100); // let the sagas finish
  driver.pause();
  await driver.flush();
}

/** Scrubs to `position` and waits until that moment is on screen. */
async function scrubTo(timeTravel: TimeTravel, position: number) {
  timeTravel.seek(position);
  for (let i = 0; i < 1000; i++) {
    const view = timeTravel.getView();
    if (view.error) throw new Error(view.error);
    if (view.moment?.position === position && !view.seeking) return view.moment;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error(`The moment at #${position} never arrived.`);
}

const order: UserAction = { type: 'order.placed', options: { fail: 'decline' } };

describe('branches of a stored run', () => {
  it('forks at the moment shown, carries on from exactly its state, and leaves main its future', async () => {
    const { settings, scenario } = freshSettings();
    const main = await openBranch(scenario, settings);
    await main.driver.act({ type: 'order.placed' });
    await play(main.driver, 300);
    const mainLog = await main.driver.sim.log.read();
    const mainState = main.driver.sim.exportState();

    const moment = await scrubTo(main.timeTravel, 120);
    const momentState = structuredClone(moment.sim.exportState());
    const id = await main.control.fork(order);
    expect(id).toBe('branch-1');
    expect(main.switches).toEqual([
      {
        branch: 'branch-1',
        action: order,
        status: expect.stringMatching(/Branched "branch-1" from main at #\d+, placing the order there/),
      },
    ]);
    await main.log.close();

    // The branch opens at the moment: its log is main's up to the moment's head, its state the moment's.
    const branch = await openBranch(scenario, settings, 'branch-1');
    expect(branch.driver.sim.head).toBe(moment.head);
    expect(await branch.driver.sim.log.read()).toEqual(mainLog.slice(0, moment.head));
    const { effects: _a, ...restored } = branch.driver.sim.exportState();
    const { effects: _b, ...expected } = momentState;
    expect(restored).toEqual(expected);
    expect(branch.control.getView().branches.map((b) => b.label)).toEqual([
      'main',
      `branch-1 · from main at #${moment.head}`,
    ]);

    // Acting there: the order goes in on the branch and the run carries on.
    const ordersAtFork = branch.driver.getSnapshot().ordersStarted;
    await branch.driver.act(order);
    expect(branch.driver.getSnapshot().ordersStarted).toBe(ordersAtFork + 1);
    await play(branch.driver, moment.head + 40);
    const branchLog = await branch.driver.sim.log.read();
    expect(branchLog.length).toBeGreaterThan(moment.head + 10);
    await branch.log.close();

    // Main kept its future, byte for byte, and resumes exactly where it was.
    const again = await openBranch(scenario, settings, 'main');
    expect(await again.driver.sim.log.read()).toEqual(mainLog);
    expect(again.driver.sim.exportState()).toEqual(mainState);
    expect(await readBranchLog(again.log.db, 'branch-1')).toEqual(branchLog);
    await again.log.close();
  }, 60_000);

  it('re-runs a branch across its fork exactly: seeking on a branch never diverges', async () => {
    const { settings, scenario } = freshSettings();
    const main = await openBranch(scenario, settings);
    // No latency and no processing time: a message's handlers run the instant it is logged, so a
    // moment "right after message p" has tasks still due at that instant that log messages too.
    // Applying an action there before them is what `RecordedAction.after` is for: without it a
    // re-run diverges (the "Replay diverged" error).
    const edges = topologyOf(scenario).edges.map((e) => e.id);
    await main.driver.act({ type: 'latency.changed', edges, base: 0, jitter: 0 });
    for (const service of scenario.services)
      await main.driver.act({ type: 'service.tuned', name: service.name, processingTime: 0 });
    await main.driver.act({ type: 'order.placed' });
    await play(main.driver, 260);
    // Fork at several moments, act at once (ahead of tasks still due at that instant), play on.
    let ahead = 0;
    for (const position of [37, 90, 151, 200]) {
      await scrubTo(main.timeTravel, position);
      const id = await main.control.fork(order);
      const branch = await openBranch(scenario, settings, id);
      await branch.driver.act(order);
      await branch.driver.act({ type: 'service.killed', name: 'Payment' });
      if (branch.driver.actions.some((a) => a.after !== undefined)) ahead++;
      await play(branch.driver, branch.driver.sim.head + 80);
      const log = await branch.driver.sim.log.read();
      // From the fork's checkpoint, and from the very start (no checkpoints at all).
      const straight = timeMachineFor(scenario, settings, Number.POSITIVE_INFINITY);
      for (const p of [position, branch.driver.sim.head - 30, branch.driver.sim.head]) {
        const fromFork = await branch.machine.seek(branch.driver, p);
        expect(await fromFork.sim.log.read()).toEqual(log.slice(0, fromFork.head));
        const fromStart = await straight.seek(branch.driver, p);
        expect(fromStart.head).toBe(fromFork.head);
      }
      const last = await straight.seek(branch.driver, branch.driver.sim.head);
      expect(last.sim.logHash).toBe(branch.driver.sim.logHash);
      await branch.log.close();
    }
    // At least one fork landed between two tasks of the same instant (the case `after` is for).
    expect(ahead).toBeGreaterThan(0);
    await main.log.close();
  }, 120_000);

  it('compares two branches: where the logs part, each order, each read model', async () => {
    const { settings, scenario } = freshSettings();
    const main = await openBranch(scenario, settings);
    for (let i = 0; i < 3; i++) await main.driver.act({ type: 'order.placed' });
    await play(main.driver, 150);
    await scrubTo(main.timeTravel, 6);
    const moment = main.timeTravel.getView().moment;
    await main.control.fork({ type: 'order.placed', options: { fail: 'outOfStock' } });
    await main.log.close();
    const branch = await openBranch(scenario, settings, 'branch-1');
    await branch.driver.act({ type: 'order.placed', options: { fail: 'outOfStock' } });
    await play(branch.driver, 60);

    const diff = await branch.control.compare('main');
    expect(diff.left.name).toBe('branch-1');
    expect(diff.right.name).toBe('main');
    expect(diff.forkPosition).toBe(moment?.head);
    expect(diff.partsAt).toBe((moment?.head ?? 0) + 1);
    expect(diff.parting?.left).toMatch(/^PlaceOrder /);
    // On the branch, order 4 is the one placed in the past (out of stock: cancelled); on main it
    // came later, from traffic, and was confirmed.
    expect(diff.orders).toContainEqual({ id: 'order-4', left: 'Cancelled', right: 'Confirmed' });
    expect(diff.orders.length + diff.sameOrders).toBeGreaterThan(4);
    expect(diff.readModels.map((m) => m.name)).toContain('orders');
    expect(branch.control.getView().diff).toBe(diff);
    await branch.log.close();
  }, 60_000);
});

describe('skip and reverse', () => {
  it('replays without an event: a branch where it and what it caused never happened', async () => {
    const { settings, scenario } = freshSettings();
    const main = await openBranch(scenario, settings);
    for (let i = 0; i < 3; i++) await main.driver.act({ type: 'order.placed' });
    await play(main.driver, 200);
    const mainLog = await main.driver.sim.log.read();
    const skipped = mainLog.find(
      (m) => m.type === 'InventoryReserved' && m.correlationId.includes('order-2'),
    );
    const reserved = skipped ?? mainLog.find((m) => m.type === 'InventoryReserved');
    if (!reserved) throw new Error('No reservation in the run.');
    const orderId = (reserved.data as { order: { orderId: string } }).order.orderId;

    const id = await main.control.replayWithout(reserved.id);
    expect(main.switches.at(-1)).toMatchObject({ branch: id, compareWith: 'main' });
    expect(main.switches.at(-1)?.status).toMatch(
      new RegExp(`without #${reserved.position} InventoryReserved`),
    );
    expect(await main.driver.sim.log.read()).toEqual(mainLog); // main untouched
    await main.log.close();

    const branch = await openBranch(scenario, settings, id);
    const log = await branch.driver.sim.log.read();
    expect(log.some((m) => m.id === reserved.id)).toBe(false);
    expect(log.slice(0, reserved.position - 1)).toEqual(mainLog.slice(0, reserved.position - 1));
    // Every later action was re-applied: as many orders were started as on main.
    expect(branch.driver.getSnapshot().ordersStarted).toBe(main.driver.getSnapshot().ordersStarted);
    expect(branch.driver.sim.now).toBe(main.driver.sim.now);
    // Nobody heard of the reservation: the order's saga never got to a payment.
    const charged = (l: readonly Message[]) =>
      l.some(
        (m) =>
          m.type === 'PaymentCompleted' &&
          (m.data as { order: { orderId: string } }).order.orderId === orderId,
      );
    expect(charged(mainLog)).toBe(true);
    expect(charged(log)).toBe(false);
    const diff = await branch.control.compare('main');
    expect(diff.partsAt).toBe(reserved.position);
    expect(diff.orders.map((o) => o.id)).toContain(orderId);
    // Seeking on the branch re-runs its history, leaving the message out again.
    const straight = timeMachineFor(scenario, settings, Number.POSITIVE_INFINITY);
    const last = await straight.seek(branch.driver, branch.driver.sim.head);
    expect(last.sim.logHash).toBe(branch.driver.sim.logHash);
    await branch.log.close();
  }, 60_000);

  it('reverses a payment: the refund is logged by Payment on this branch, and the diff shows it', async () => {
    const { settings, scenario } = freshSettings();
    const main = await openBranch(scenario, settings);
    await main.driver.act({ type: 'order.placed' });
    await play(main.driver, 40);
    const log = await main.driver.sim.log.read();
    const payment = log.find((m) => m.type === 'PaymentCompleted');
    if (!payment) throw new Error('No payment in the run.');
    const diff = await main.control.reverse(payment.id, async () => {
      main.driver.play();
      for (let i = 0; i < 60; i++) await main.driver.frame(100);
    });
    const after = (await main.driver.sim.log.read()).slice(log.length);
    expect(after.map((m) => `${m.type} ${m.source}`)).toEqual(
      expect.arrayContaining(['RefundPayment user', 'PaymentRefunded Payment']),
    );
    expect(diff.partsAt).toBe(log.length + 1);
    expect(diff.readModels.map((m) => m.name)).toContain('revenue');
    await expect(main.control.reverse(log[0]?.id ?? '')).rejects.toThrow(/has no compensation to send/);
    await main.log.close();
  }, 60_000);
});

describe('branch helpers', () => {
  const m = (position: number, id: string, data: unknown = {}): Message => ({
    id,
    kind: 'event',
    type: 'X',
    schemaVersion: 1,
    source: 's',
    subject: 'a',
    streamVersion: position,
    position,
    time: position,
    correlationId: 'c',
    causationId: null,
    data,
  });

  it('finds where two logs part, by content: branches can reuse the same ids', () => {
    const a = [m(1, 'a'), m(2, 'b'), m(3, 'c', { n: 1 })];
    expect(firstDifference(a, [m(1, 'a'), m(2, 'b'), m(3, 'c', { n: 2 })])).toBe(3);
    expect(firstDifference(a, a.slice(0, 2))).toBe(3);
    expect(firstDifference(a, [...a])).toBeNull();
  });

  it('diffs read models field by field, folded fresh from each log', () => {
    const count = {
      name: 'count',
      initialState: () => ({ total: 0, last: '' }),
      evolve: (s: { total: number; last: string }, msg: Message) => ({ total: s.total + 1, last: msg.id }),
    };
    const diff = diffBranches(
      { projections: [count], catalog: {} },
      { id: 'x', name: 'x', log: [m(1, 'a'), m(2, 'b')] },
      { id: 'main', name: 'main', log: [m(1, 'a'), m(2, 'c'), m(3, 'd')] },
      1,
    );
    expect(diff.partsAt).toBe(2);
    expect(diff.readModels).toEqual([
      {
        name: 'count',
        fields: [
          { key: 'total', left: '2', right: '3' },
          { key: 'last', left: '"b"', right: '"d"' },
        ],
      },
    ]);
  });

  it('names branches branch-N and finds the history two branches share', () => {
    expect(nextBranchId([{ id: 'main' }])).toBe('branch-1');
    expect(nextBranchId([{ id: 'main' }, { id: 'branch-2' }, { id: 'what-if' }])).toBe('branch-3');
    const inf = Number.POSITIVE_INFINITY;
    const main = [{ branch: 'main', from: 1, to: inf }];
    const b1 = [
      { branch: 'main', from: 1, to: 100 },
      { branch: 'b1', from: 101, to: inf },
    ];
    const b2 = [
      { branch: 'main', from: 1, to: 50 },
      { branch: 'b2', from: 51, to: inf },
    ];
    const b3 = [
      { branch: 'main', from: 1, to: 100 },
      { branch: 'b1', from: 101, to: 120 },
      { branch: 'b3', from: 121, to: inf },
    ];
    expect(sharedUpTo(main, b1)).toBe(100);
    expect(sharedUpTo(b1, b2)).toBe(50);
    expect(sharedUpTo(b3, b1)).toBe(120);
    expect(sharedUpTo(b3, main)).toBe(100);
  });

  it('starts seeks on a branch from its ancestors’ checkpoints before the fork, never at it', () => {
    const at = (head: number) => ({ sim: { head } }) as unknown as Checkpoint;
    const segments = [
      { branch: 'main', from: 1, to: 100 },
      { branch: 'b1', from: 101, to: Number.POSITIVE_INFINITY },
    ];
    const held: Record<string, Checkpoint[]> = {
      main: [at(50), at(99), at(100), at(150)],
      b1: [at(100), at(300)],
    };
    const heads = inheritedCheckpoints(segments, (b) => held[b] ?? []).map((c) => c.sim.head);
    expect(heads).toEqual([50, 99, 100, 300]);
  });
});

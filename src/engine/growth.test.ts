import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailer, orders, ordersByStatus, payments, shopCatalog } from '../scenarios/shop/shop';
import { ConfigurationError } from './errors';
import { type ProjectionSpec, type SubscriberSpec, type SubscriberState, subscriberProblems } from './growth';
import { MemoryEventLog } from './memoryLog';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

function options(log = new MemoryEventLog()): SimulationOptions {
  return {
    seed: 'grow',
    catalog: shopCatalog,
    services: [orders, payments, mailer],
    projections: [ordersByStatus],
    log,
    broker: { latency: { base: 5, jitter: 5 } },
  };
}

async function place(sim: Simulation, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await sim.dispatch({ type: 'PlaceOrder', subject: `order-${sim.head}-${i}`, data: { amount: 10 + i } });
  }
}

const counter = (name: string, startFrom: 'now' | 'beginning'): SubscriberSpec => ({
  name,
  types: ['OrderPlaced', 'PaymentCompleted'],
  behaviour: { kind: 'count' },
  startFrom,
});

function behind(sim: Simulation, name: string): number {
  return sim.getSnapshot().subscribers.find((s) => s.spec.name === name)?.behind ?? Number.NaN;
}

describe('Growing a running simulation: subscribers', () => {
  it('from the beginning: catches up on the whole history, its lag falling to 0', async () => {
    const sim = new Simulation(options());
    await place(sim, 8);
    await sim.runUntilIdle();
    const logHashBefore = sim.logHash;
    sim.addSubscriber({ ...counter('Audit', 'beginning'), processingTime: 5 });
    const lags = [behind(sim, 'Audit')];
    expect(lags[0]).toBe(sim.head);
    while (await sim.step()) lags.push(behind(sim, 'Audit'));
    expect(lags.at(-1)).toBe(0);
    expect(Math.max(...lags.slice(1))).toBeLessThanOrEqual(sim.head);
    // It heard every OrderPlaced and PaymentCompleted ever logged, and logged nothing itself.
    const state = sim.serviceState<SubscriberState>('Audit');
    expect(state.byType).toEqual({ OrderPlaced: 8, PaymentCompleted: 8 });
    expect(sim.logHash).toBe(logHashBefore);
  });

  it('from now: hears only what is published after it was added', async () => {
    const sim = new Simulation(options());
    await place(sim, 5);
    await sim.runUntilIdle();
    sim.addSubscriber(counter('Late', 'now'));
    await place(sim, 2);
    await sim.runUntilIdle();
    expect(sim.serviceState<SubscriberState>('Late').byType).toEqual({ OrderPlaced: 2, PaymentCompleted: 2 });
    expect(behind(sim, 'Late')).toBe(0);
  });

  it('never changes a producer: the log is the same with or without a counting subscriber', async () => {
    const plain = new Simulation(options());
    const grown = new Simulation(options());
    grown.addSubscriber(counter('Quiet', 'now'));
    for (const sim of [plain, grown]) {
      await place(sim, 6);
      await sim.runUntilIdle();
    }
    expect(grown.logHash).toBe(plain.logHash);
  });

  it('reacts by publishing a catalogued event after a delay; removed, it publishes nothing more', async () => {
    const sim = new Simulation(options());
    sim.addSubscriber({
      name: 'Auditor',
      types: ['PaymentCompleted'],
      behaviour: { kind: 'react', publish: 'Audited', delay: 100 },
      startFrom: 'now',
    });
    await place(sim, 1);
    await sim.advance(60);
    const audited = async () => (await sim.log.read()).filter((m) => m.type === 'Audited');
    expect(await audited()).toEqual([]);
    await sim.runUntilIdle();
    const [one] = await audited();
    expect(one).toMatchObject({ source: 'Auditor', kind: 'event', data: { by: 'Auditor' } });
    await place(sim, 1);
    await sim.advance(40); // heard PaymentCompleted, its reaction waits in the scheduler
    sim.removeSubscriber('Auditor');
    await sim.runUntilIdle();
    expect(await audited()).toHaveLength(1);
    expect(sim.getSnapshot().services.map((s) => s.name)).not.toContain('Auditor');
  });

  it('sends a failing reaction through the broker: retries with backoff, then dead letters', async () => {
    const sim = new Simulation({
      ...options(),
      broker: { retry: { maxAttempts: 3, baseBackoff: 10, maxBackoff: 50 } },
    });
    sim.addSubscriber({
      name: 'Flaky',
      types: ['OrderPlaced'],
      behaviour: { kind: 'react', publish: 'Audited', delay: 0 },
      startFrom: 'now',
      failureRate: 1,
    });
    await place(sim, 2);
    await sim.runUntilIdle();
    const letters = sim.getSnapshot().deadLetters.filter((d) => d.subscription === 'Flaky');
    expect(letters).toHaveLength(2);
    expect(letters[0]?.attempts).toBe(3);
  });

  it('notifies through the effect gateway, once per message', async () => {
    const sim = new Simulation({ ...options(), broker: { duplicateRate: 1 } });
    sim.addSubscriber({
      name: 'Pager',
      types: ['OrderPlaced'],
      behaviour: { kind: 'notify' },
      startFrom: 'now',
    });
    await place(sim, 3);
    await sim.runUntilIdle();
    expect(sim.effects.records().filter((r) => r.kind === 'notify')).toHaveLength(3);
    expect(sim.getSnapshot().services.find((s) => s.name === 'Pager')?.duplicatesSuppressed).toBe(3);
  });

  it('refuses a bad spec in words, and never reuses a removed name', () => {
    const sim = new Simulation(options());
    const problems = subscriberProblems(
      {
        name: '',
        types: ['PlaceOrder'],
        behaviour: { kind: 'react', publish: 'OrderPlaced', delay: -1 },
        startFrom: 'now',
      },
      shopCatalog,
      { taken: [], retired: [] },
    );
    expect(problems.join(' ')).toMatch(/name must start with a letter/);
    expect(problems.join(' ')).toMatch(/"PlaceOrder" is a command/);
    expect(problems.join(' ')).toMatch(/delay must be/);
    expect(() => sim.addSubscriber(counter('Payments', 'now'))).toThrow(/already taken/);
    expect(() =>
      sim.addSubscriber({
        ...counter('Loop', 'now'),
        behaviour: { kind: 'react', publish: 'OrderPlaced', delay: 0 },
      }),
    ).toThrow(/react forever/);
    sim.addSubscriber(counter('Gone', 'now'));
    sim.removeSubscriber('Gone');
    expect(() => sim.addSubscriber(counter('Gone', 'now'))).toThrow(ConfigurationError);
    expect(() => sim.removeSubscriber('Payments')).toThrow(/added subscriber/);
  });
});

describe('Growing a running simulation: read models', () => {
  it('from the beginning: folds the history, then follows live; equals a fresh fold', async () => {
    const sim = new Simulation(options());
    await place(sim, 30);
    await sim.runUntilIdle();
    sim.addProjection({
      name: 'Takings',
      types: ['OrderPlaced'],
      fold: { kind: 'sumField', field: 'amount' },
      startFrom: 'beginning',
    });
    const view = () => sim.getSnapshot().projections.find((p) => p.name === 'Takings');
    expect(view()?.behind).toBe(sim.head);
    await sim.step();
    expect(view()?.behind).toBeGreaterThan(0);
    expect(view()?.behind).toBeLessThan(sim.head);
    await sim.runUntilIdle();
    expect(view()?.behind).toBe(0);
    expect(sim.getSnapshot().grownProjections[0]?.replaying).toBe(false);
    await place(sim, 1);
    await sim.runUntilIdle();
    const total = (await sim.log.read())
      .filter((m) => m.type === 'OrderPlaced')
      .reduce((sum, m) => sum + (m.data as { amount: number }).amount, 0);
    expect(view()?.state).toEqual({ total, count: 31 });
  });

  it('from now: starts at the head; counts by type and keeps the latest per key', async () => {
    const sim = new Simulation(options());
    await place(sim, 3);
    await sim.runUntilIdle();
    sim.addProjection({
      name: 'ByType',
      types: ['OrderPlaced', 'ReceiptSent'],
      fold: { kind: 'countByType' },
      startFrom: 'now',
    });
    sim.addProjection({
      name: 'Latest',
      types: ['OrderPlaced', 'PaymentCompleted'],
      fold: { kind: 'latestPerKey' },
      startFrom: 'now',
    });
    expect(sim.getSnapshot().projections.find((p) => p.name === 'ByType')?.behind).toBe(0);
    await sim.dispatch({ type: 'PlaceOrder', subject: 'order-x', data: {} });
    await sim.runUntilIdle();
    const shown = (name: string) => sim.getSnapshot().projections.find((p) => p.name === name)?.state;
    expect(shown('ByType')).toEqual({ OrderPlaced: 1, ReceiptSent: 1 });
    expect(shown('Latest')).toEqual({
      'order-x': { type: 'PaymentCompleted', position: expect.any(Number) },
    });
    sim.removeProjection('Latest');
    expect(sim.getSnapshot().projections.map((p) => p.name)).toEqual(['orders', 'ByType']);
  });

  it('resumes a run saved mid catch-up (through JSON) exactly', async () => {
    const straight = new Simulation(options());
    const log = new MemoryEventLog();
    const first = new Simulation(options(log));
    const grow = (sim: Simulation) => {
      sim.addSubscriber({ ...counter('Audit', 'beginning'), processingTime: 3 });
      sim.addProjection({
        name: 'ByType',
        types: ['OrderPlaced'],
        fold: { kind: 'countByType' },
        startFrom: 'beginning',
      });
    };
    for (const sim of [straight, first]) {
      await place(sim, 40);
      await sim.advance(30);
      grow(sim);
      await sim.advance(12);
    }
    const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
    expect(saved.grown?.replaying).toEqual(['ByType']);
    const resumed = await Simulation.restore(options(log), saved);
    expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
    for (const sim of [straight, resumed]) {
      await place(sim, 3);
      await sim.runUntilIdle();
    }
    expect(resumed.logHash).toBe(straight.logHash);
    expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
  });
});

type GrowAction =
  | { kind: 'place'; n: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'addSubscriber'; n: number; from: 'now' | 'beginning'; behaviour: 0 | 1 | 2 }
  | { kind: 'removeSubscriber'; n: number }
  | { kind: 'addProjection'; n: number; from: 'now' | 'beginning'; fold: 0 | 1 | 2 }
  | { kind: 'removeProjection'; n: number }
  | { kind: 'kill' | 'revive'; service: 'Payments' | 'Mailer' };

const growAction: fc.Arbitrary<GrowAction> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), n: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120 }) }),
  fc.record({
    kind: fc.constant('addSubscriber' as const),
    n: fc.nat(2),
    from: fc.constantFrom('now' as const, 'beginning' as const),
    behaviour: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({ kind: fc.constant('removeSubscriber' as const), n: fc.nat(2) }),
  fc.record({
    kind: fc.constant('addProjection' as const),
    n: fc.nat(2),
    from: fc.constantFrom('now' as const, 'beginning' as const),
    fold: fc.constantFrom(0 as const, 1 as const, 2 as const),
  }),
  fc.record({ kind: fc.constant('removeProjection' as const), n: fc.nat(2) }),
  fc.record({
    kind: fc.constantFrom('kill' as const, 'revive' as const),
    service: fc.constantFrom('Payments' as const, 'Mailer' as const),
  }),
);

function growOptions(log: MemoryEventLog): SimulationOptions {
  return {
    ...options(log),
    services: [orders, { ...payments, processingTime: 15 }, mailer],
    projectionLag: 30,
    broker: {
      duplicateRate: 0.2,
      latency: { base: 5, jitter: 25 },
      retry: { maxAttempts: 3, baseBackoff: 10, maxBackoff: 80 },
    },
  };
}

const behaviours: SubscriberSpec['behaviour'][] = [
  { kind: 'count' },
  { kind: 'notify' },
  { kind: 'react', publish: 'Audited', delay: 35 },
];
const folds: ProjectionSpec['fold'][] = [
  { kind: 'countByType' },
  { kind: 'sumField', field: 'amount' },
  { kind: 'latestPerKey' },
];

/** Applies one action; an action that makes no sense now (a name in use or gone) is skipped. */
async function grow(sim: Simulation, a: GrowAction, added: Set<string>): Promise<void> {
  const snapshot = sim.getSnapshot();
  const subscribers = snapshot.subscribers.map((s) => s.spec.name);
  const projections = snapshot.grownProjections.map((p) => p.spec.name);
  switch (a.kind) {
    case 'place':
      await sim.dispatch({ type: 'PlaceOrder', subject: `order-${a.n}`, data: { amount: a.n } });
      return;
    case 'advance':
      await sim.advance(a.ms);
      return;
    case 'addSubscriber': {
      const name = `Sub${a.n}-${added.size}`;
      added.add(name);
      sim.addSubscriber({
        name,
        types: ['OrderPlaced', 'PaymentCompleted'],
        behaviour: behaviours[a.behaviour] as SubscriberSpec['behaviour'],
        startFrom: a.from,
        failureRate: 0.2,
        processingTime: 4,
      });
      return;
    }
    case 'removeSubscriber': {
      const name = subscribers[a.n % Math.max(1, subscribers.length)];
      if (name) sim.removeSubscriber(name);
      return;
    }
    case 'addProjection': {
      const name = `Proj${a.n}-${added.size}`;
      added.add(name);
      sim.addProjection({
        name,
        types: ['OrderPlaced', 'ReceiptSent'],
        fold: folds[a.fold] as ProjectionSpec['fold'],
        startFrom: a.from,
      });
      return;
    }
    case 'removeProjection': {
      const name = projections[a.n % Math.max(1, projections.length)];
      if (name) sim.removeProjection(name);
      return;
    }
    case 'kill':
      sim.kill(a.service);
      return;
    case 'revive':
      sim.revive(a.service);
      return;
  }
}

describe('Growing a running simulation: saved and resumed', () => {
  it('adds and removes subscribers and read models mid-run; resumes through JSON with the same log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(growAction, { maxLength: 40 }), fc.nat(40), async (actions, cut) => {
        const finish = async (sim: Simulation) => {
          for (const s of ['Payments', 'Mailer']) sim.revive(s);
          await sim.runUntilIdle();
        };
        const straightLog = new MemoryEventLog();
        const straight = new Simulation(growOptions(straightLog));
        const names = new Set<string>();
        for (const a of actions) await grow(straight, a, names);
        await finish(straight);

        const log = new MemoryEventLog();
        const first = new Simulation(growOptions(log));
        const split = Math.min(cut, actions.length);
        const again = new Set<string>();
        for (const a of actions.slice(0, split)) await grow(first, a, again);
        const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
        const resumed = await Simulation.restore(growOptions(log), saved);
        expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
        for (const a of actions.slice(split)) await grow(resumed, a, again);
        await finish(resumed);

        expect(resumed.logHash).toBe(straight.logHash);
        expect(await log.read()).toEqual(await straightLog.read());
        expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
        // Caught up and drained, every grown subscriber and read model is at the head.
        for (const s of resumed.getSnapshot().subscribers) expect(s.behind).toBe(0);
        for (const p of resumed.getSnapshot().projections) expect(p.behind).toBe(0);
      }),
      { numRuns: 60, seed: 2024 },
    );
  });
});

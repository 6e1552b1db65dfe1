import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailer, orders, ordersByStatus, payments, shopCatalog } from '../scenarios/shop/shop';
import { MemoryEventLog } from './memoryLog';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

type Action =
  | { kind: 'place'; n: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'kill' | 'revive'; service: 'Orders' | 'Payments' | 'Mailer' };

const action = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), n: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120 }) }),
  fc.record({
    kind: fc.constantFrom('kill' as const, 'revive' as const),
    service: fc.constantFrom('Orders' as const, 'Payments' as const, 'Mailer' as const),
  }),
);

function options(log: MemoryEventLog): SimulationOptions {
  return {
    seed: 'resume',
    catalog: shopCatalog,
    services: [orders, { ...payments, processingTime: 15 }, mailer],
    projections: [ordersByStatus],
    projectionLag: 40,
    log,
    broker: {
      duplicateRate: 0.25,
      latency: { base: 5, jitter: 25 },
      retry: { maxAttempts: 4, baseBackoff: 10, maxBackoff: 80 },
    },
  };
}

async function act(sim: Simulation, a: Action): Promise<void> {
  if (a.kind === 'place')
    await sim.dispatch({ type: 'PlaceOrder', subject: `order-${a.n}`, data: { n: a.n } });
  else if (a.kind === 'advance') await sim.advance(a.ms);
  else if (a.kind === 'kill') sim.kill(a.service);
  else sim.revive(a.service);
}

async function finish(sim: Simulation): Promise<void> {
  for (const s of ['Orders', 'Payments', 'Mailer']) sim.revive(s);
  await sim.runUntilIdle();
}

describe('Simulation state', () => {
  it('resumes from a saved state (through JSON) exactly as if it had never stopped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 40 }), fc.nat(40), async (actions, cut) => {
        const straightLog = new MemoryEventLog();
        const straight = new Simulation(options(straightLog));
        for (const a of actions) await act(straight, a);
        await finish(straight);

        const log = new MemoryEventLog();
        const first = new Simulation(options(log));
        const split = Math.min(cut, actions.length);
        for (const a of actions.slice(0, split)) await act(first, a);
        const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
        const resumed = await Simulation.restore(options(log), saved);
        expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
        for (const a of actions.slice(split)) await act(resumed, a);
        await finish(resumed);

        expect(resumed.logHash).toBe(straight.logHash);
        expect(await log.read()).toEqual(await straightLog.read());
        expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
      }),
      { numRuns: 60, seed: 4242 },
    );
  });

  it('refuses a state saved for another seed, or not saved with this log', async () => {
    const log = new MemoryEventLog();
    const sim = new Simulation(options(log));
    await sim.dispatch({ type: 'PlaceOrder', subject: 'order-1', data: {} });
    const state = sim.exportState();
    await expect(Simulation.restore({ ...options(log), seed: 'other' }, state)).rejects.toThrow(/seed/);
    await expect(Simulation.restore(options(new MemoryEventLog()), state)).rejects.toThrow(
      /not saved together/,
    );
  });

  it('forgets processed ids that can never be delivered again', async () => {
    const sim = new Simulation(options(new MemoryEventLog()));
    for (let n = 0; n < 5; n++) await sim.dispatch({ type: 'PlaceOrder', subject: `order-${n}`, data: {} });
    await sim.runUntilIdle();
    for (const s of Object.values(sim.exportState().services)) expect(s.processed).toEqual([]);
  });
});

describe('Simulation state changed in place (copyState)', () => {
  it('never changes a state it exported or a read model it showed, as the run goes on', async () => {
    const sim = new Simulation(options(new MemoryEventLog()));
    for (let n = 0; n < 3; n++) await act(sim, { kind: 'place', n });
    await sim.runUntilIdle();
    const exported = sim.exportState();
    const copy = structuredClone(exported);
    const shown = sim.getSnapshot().projections[0]?.state;
    const shownCopy = structuredClone(shown);
    const version = sim.getSnapshot().services.find((s) => s.name === 'Payments')?.version ?? 0;
    for (let n = 3; n < 6; n++) await act(sim, { kind: 'place', n });
    await sim.runUntilIdle();
    expect(exported).toEqual(copy);
    expect(shown).toEqual(shownCopy);
    expect(sim.getSnapshot().projections[0]?.state).not.toEqual(shownCopy);
    // The live state moved on, and its version says so.
    expect(sim.getSnapshot().services.find((s) => s.name === 'Payments')?.version).toBeGreaterThan(version);
  });
});

/** Freezes `value` and everything it holds, so any later write to it throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const v of Object.values(item)) stack.push(v);
  }
  return value;
}

describe('Simulation state shared without copying', () => {
  it('neither the run that exported a state nor a run restored from it ever writes to it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 40 }), fc.nat(40), async (actions, cut) => {
        const log = new MemoryEventLog();
        const live = new Simulation(options(log));
        const split = Math.min(cut, actions.length);
        for (const a of actions.slice(0, split)) await act(live, a);
        // Handed out as is: a checkpoint keeps this very object, and a seek restores from it.
        const saved = deepFreeze(live.exportState());
        const copy = structuredClone(saved);
        const restored = await Simulation.restore(options(log), saved);
        for (const a of actions.slice(split)) await act(live, a);
        await finish(live);
        expect(saved).toEqual(copy);

        const replayLog = new MemoryEventLog();
        for (const m of (await log.read()).slice(0, saved.head)) await replayLog.append([m]);
        const again = await Simulation.restore(options(replayLog), saved);
        for (const a of actions.slice(split)) await act(again, a);
        await finish(again);
        expect(again.logHash).toBe(live.logHash);
        expect(saved).toEqual(copy);
        expect(restored.head).toBe(saved.head);
      }),
      { numRuns: 60, seed: 777 },
    );
  });
});

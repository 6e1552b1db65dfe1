import { describe, expect, it } from 'vitest';
import type { Catalog } from './catalog';
import { SchemaVersionError } from './errors';
import { MemoryEventLog } from './memoryLog';
import type { Message } from './message';
import { foldProjection, type ProjectionDefinition } from './projection';
import type { ServiceDefinition } from './service';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';
import { upcast } from './upcasting';

/** `ItemAdded` in three schemas: v1 `{ title }`, v2 `{ name }`, v3 `{ name, qty }`. */
const catalog = {
  AddItem: { kind: 'command' },
  ItemAdded: {
    kind: 'event',
    schemaVersion: 3,
    upcasters: {
      1: (data: unknown) => ({ name: (data as { title: string }).title }),
      2: (data: unknown) => ({ ...(data as { name: string }), qty: 1 }),
    },
  },
  ItemCounted: { kind: 'event' },
} as const satisfies Catalog;

/** Writes `ItemAdded` in the version the command asks for (an old deployment writes old data). */
const shelf: ServiceDefinition<null> = {
  name: 'Shelf',
  handles: ['AddItem'],
  initialState: () => null,
  decide: (_s, m) => {
    const { v, name } = m.data as { v: 1 | 2 | 3; name: string };
    const data = v === 1 ? { title: name } : v === 2 ? { name } : { name, qty: 2 };
    return [{ type: 'ItemAdded', subject: m.subject, data, schemaVersion: v }];
  },
  evolve: (s) => s,
};

/** Reads v3 data only: a message it gets in another shape is a bug it would crash on. */
const counter: ServiceDefinition<{ counted: number }> = {
  name: 'Counter',
  handles: ['ItemAdded'],
  initialState: () => ({ counted: 0 }),
  decide: (_s, m) => {
    const { name, qty } = m.data as { name: string; qty: number };
    if (typeof qty !== 'number') throw new Error('no qty');
    return [{ type: 'ItemCounted', subject: m.subject, data: { name, qty } }];
  },
  evolve: (s, e) => ({ counted: s.counted + (e.data as { qty: number }).qty }),
};

const stock: ProjectionDefinition<Record<string, number>> = {
  name: 'stock',
  handles: ['ItemAdded'],
  initialState: () => ({}),
  evolve: (state, m) => {
    const { name, qty } = m.data as { name: string; qty: number };
    return { ...state, [name]: (state[name] ?? 0) + qty };
  },
};

function options(log = new MemoryEventLog(), c: Catalog = catalog): SimulationOptions {
  return {
    seed: 'upcasting',
    catalog: c,
    services: [shelf, counter],
    projections: [stock],
    log,
    broker: { latency: { base: 5, jitter: 5 }, retry: { maxAttempts: 3, baseBackoff: 10, maxBackoff: 40 } },
  };
}

const add = (sim: Simulation, n: number, v: 1 | 2 | 3) =>
  sim.dispatch({ type: 'AddItem', subject: `item-${n}`, data: { v, name: `i${n}` } });

const current = (m: Message) => upcast(catalog, m);

describe('upcasting on read', () => {
  it('lifts v1 and v2 through the chain to v3 for consumers and read models; the log keeps what was written', async () => {
    const log = new MemoryEventLog();
    const sim = new Simulation(options(log));
    await add(sim, 1, 1);
    await add(sim, 2, 2);
    await add(sim, 3, 3);
    await sim.runUntilIdle();
    const all = await log.read();
    const added = all.filter((m) => m.type === 'ItemAdded');
    expect(added.map((m) => [m.schemaVersion, m.data])).toEqual([
      [1, { title: 'i1' }],
      [2, { name: 'i2' }],
      [3, { name: 'i3', qty: 2 }],
    ]);
    expect(all.filter((m) => m.type === 'ItemCounted').map((m) => m.data)).toEqual([
      { name: 'i1', qty: 1 },
      { name: 'i2', qty: 1 },
      { name: 'i3', qty: 2 },
    ]);
    expect(sim.projectionState('stock')).toEqual({ i1: 1, i2: 1, i3: 2 });
    expect(foldProjection(stock, all, current)).toEqual({ i1: 1, i2: 1, i3: 2 });
    expect(sim.getSnapshot().upcasters).toEqual([
      { type: 'ItemAdded', from: 1, on: true },
      { type: 'ItemAdded', from: 2, on: true },
    ]);
  });

  it('names the type and versions when a step is missing, switched off, or the message is too new', () => {
    const message = { type: 'ItemAdded', schemaVersion: 1, data: { title: 'x' } } as Message;
    const gap = {
      ...catalog,
      ItemAdded: { ...catalog.ItemAdded, upcasters: { 2: catalog.ItemAdded.upcasters[2] } },
    };
    const missing = (() => {
      try {
        upcast(gap, message);
      } catch (e) {
        return e;
      }
    })() as SchemaVersionError;
    expect(missing).toBeInstanceOf(SchemaVersionError);
    expect(missing).toMatchObject({
      code: 'SCHEMA_VERSION',
      type: 'ItemAdded',
      version: 1,
      current: 3,
      missing: 1,
    });
    expect(missing.message).toMatch(
      /ItemAdded v1 cannot be read: this code expects v3, and the upcaster v1→v2 is missing/,
    );
    expect(() => upcast(catalog, message, (_t, from) => from !== 2)).toThrow(/v2→v3 is switched off/);
    expect(() => upcast(catalog, { ...message, schemaVersion: 4 })).toThrow(/knows ItemAdded up to v3/);
    const today = { ...message, schemaVersion: 3 };
    expect(upcast(catalog, today)).toBe(today); // already current: the very object, no copy
  });

  it('refuses to write an old version the chain cannot lift', async () => {
    const gap = {
      ...catalog,
      ItemAdded: {
        kind: 'event' as const,
        schemaVersion: 3,
        upcasters: { 2: catalog.ItemAdded.upcasters[2] },
      },
    };
    const sim = new Simulation(options(new MemoryEventLog(), gap));
    await add(sim, 1, 1);
    await sim.runUntilIdle();
    expect(sim.getSnapshot().deadLetters.map((d) => [d.subscription, d.errorCode])).toEqual([
      ['Shelf', 'INVALID_MESSAGE'],
    ]);
  });

  it('switched off: consumers retry, then dead-letter; the read model stops at the message; replay converges', async () => {
    const log = new MemoryEventLog();
    const sim = new Simulation(options(log));
    await add(sim, 1, 3);
    await sim.runUntilIdle();
    sim.setUpcaster('ItemAdded', 1, false);
    await add(sim, 2, 1); // old producer: v1
    await add(sim, 3, 3);
    await sim.runUntilIdle();

    const snap = sim.getSnapshot();
    const v1 = (await log.read()).find((m) => m.type === 'ItemAdded' && m.schemaVersion === 1) as Message;
    expect(
      snap.deadLetters.map((d) => [d.subscription, d.message.position, d.errorCode, d.readModel ?? false]),
    ).toEqual([
      ['Counter', v1.position, 'SCHEMA_VERSION', false],
      ['stock', v1.position, 'SCHEMA_VERSION', true],
    ]);
    expect(snap.deadLetters[0]?.attempts).toBe(3); // the broker's usual retries, then parked
    expect(snap.deadLetters[0]?.reason).toMatch(/ItemAdded v1 cannot be read.*v1→v2 is switched off/);
    const readModel = snap.projections.find((p) => p.name === 'stock');
    expect(readModel?.checkpoint).toBe(v1.position - 1); // it does not move past the message
    expect(readModel?.behind).toBe(snap.head - v1.position + 1);
    expect(readModel?.failure?.position).toBe(v1.position);
    expect(sim.projectionState('stock')).toEqual({ i1: 2 }); // nothing after it folded (i3 waits too)

    // Still off: a retry fails again, and the read model stays where it was, one attempt more.
    expect(sim.retryDeadLetter('stock', v1.position)).toBe(true);
    await sim.runUntilIdle();
    expect(sim.getSnapshot().projections.find((p) => p.name === 'stock')?.failure?.attempts).toBe(2);

    sim.setUpcaster('ItemAdded', 1, true);
    expect(sim.retryAllDeadLetters()).toBe(2);
    await sim.runUntilIdle();
    const after = sim.getSnapshot();
    expect(after.deadLetters).toEqual([]);
    expect(after.projections.find((p) => p.name === 'stock')).toMatchObject({ behind: 0 });
    expect(sim.projectionState('stock')).toEqual(foldProjection(stock, await log.read(), current));
    expect(sim.projectionState('stock')).toEqual({ i1: 2, i2: 1, i3: 2 });
    expect(sim.serviceState('Counter')).toEqual({ counted: 5 });
  });

  it('a discarded read-model letter skips the message: the read model goes on without it', async () => {
    const sim = new Simulation(options());
    sim.setUpcaster('ItemAdded', 2, false);
    await add(sim, 1, 2);
    await add(sim, 2, 3);
    await sim.runUntilIdle();
    const letter = sim.getSnapshot().deadLetters.find((d) => d.readModel);
    expect(letter).toBeDefined();
    expect(sim.discardDeadLetter('stock', letter?.message.position ?? 0)).toBe(true);
    await sim.runUntilIdle();
    expect(sim.projectionState('stock')).toEqual({ i2: 2 });
    expect(sim.getSnapshot().projections[0]?.behind).toBe(0);
  });

  it('is deterministic, and a run saved with the switch off and letters pending resumes exactly (through JSON)', async () => {
    const run = async (cut: boolean) => {
      const log = new MemoryEventLog();
      let sim = new Simulation(options(log));
      await add(sim, 1, 1);
      sim.setUpcaster('ItemAdded', 1, false);
      await add(sim, 2, 1);
      await add(sim, 3, 2);
      await sim.runUntilIdle();
      if (cut) {
        const saved = JSON.parse(JSON.stringify(sim.exportState())) as SimulationState;
        expect(saved.upcastersOff).toEqual(['ItemAdded@1']);
        expect(saved.projections.stock?.failure).toBeDefined();
        const restored = await Simulation.restore(options(log), saved);
        expect(restored.getSnapshot()).toEqual(sim.getSnapshot());
        sim = restored;
      }
      await add(sim, 4, 3);
      await sim.runUntilIdle();
      sim.setUpcaster('ItemAdded', 1, true);
      sim.retryAllDeadLetters();
      await sim.runUntilIdle();
      return { sim, log: await log.read() };
    };
    const straight = await run(false);
    const again = await run(false);
    const resumed = await run(true);
    expect(again.sim.logHash).toBe(straight.sim.logHash);
    expect(resumed.sim.logHash).toBe(straight.sim.logHash);
    expect(resumed.log).toEqual(straight.log);
    expect(resumed.sim.getSnapshot()).toEqual(straight.sim.getSnapshot());
    expect(straight.sim.getSnapshot().deadLetters).toEqual([]);
    expect(straight.sim.projectionState('stock')).toEqual({ i1: 1, i2: 1, i3: 1, i4: 2 });
    expect(straight.sim.exportState().upcastersOff).toBeUndefined();
  });

  it('refuses to switch an upcaster the catalog does not declare', () => {
    const sim = new Simulation(options());
    expect(() => sim.setUpcaster('ItemAdded', 3, false)).toThrow(/no upcaster ItemAdded v3→v4/);
  });
});

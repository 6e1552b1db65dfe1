import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../../engine/memoryLog';
import type { Simulation } from '../../engine/simulation';
import { Table } from '../../engine/table';
import { orderSagaScenario } from './index';
import { checkInvariants, isAtRest } from './invariants';
import { placeOrder } from './placeOrder';
import { ordersDashboard } from './readModels';
import { orderSagaSimulation } from './runner';
import { orderPlacedV1, upcastOrderPlacedV1 } from './schema';
import { certain } from './testFixtures';

const legacy = { ...certain, legacyOrders: 2 };

async function place(sim: Simulation, n: number, style: 'choreography' | 'orchestration' = 'choreography') {
  await sim.dispatch(placeOrder(n, style, { sku: 'SKU-BLUE', quantity: 3 }, legacy));
}

async function invariants(sim: Simulation) {
  const snapshot = sim.getSnapshot();
  const readModels = snapshot.projections.flatMap((p) =>
    p.name === 'orders' ? [{ definition: ordersDashboard as never, state: p.state, behind: p.behind }] : [],
  );
  return checkInvariants({
    log: await sim.log.read(),
    settings: legacy,
    atRest: isAtRest(snapshot),
    readModels,
  });
}

describe('OrderPlaced schema evolution (v1 → v2)', () => {
  it('the upcaster gives back the ticket the old service flattened', () => {
    const ticket = {
      orderId: 'order-7',
      style: 'orchestration' as const,
      sku: 'SKU-GREEN',
      quantity: 3,
      amount: 105,
      forceDecline: true,
    };
    expect(orderPlacedV1(ticket)).toEqual({
      orderId: 'order-7',
      style: 'orchestration',
      sku: 'SKU-GREEN',
      qty: 3,
      unitPrice: 35,
      forceDecline: true,
    });
    expect(upcastOrderPlacedV1(orderPlacedV1(ticket))).toEqual({ order: ticket });
    expect(() => upcastOrderPlacedV1({ sku: 'x' })).toThrow(/OrderPlaced v1 needs/);
  });

  it('today the Order service writes v2, as before', async () => {
    const sim = orderSagaSimulation({ seed: 'v2', settings: certain });
    await place(sim, 1);
    await sim.runUntilIdle();
    const placed = (await sim.log.read()).filter((m) => m.type === 'OrderPlaced');
    expect(placed.map((m) => m.schemaVersion)).toEqual([2]);
    expect(orderSagaScenario.catalog.OrderPlaced?.schemaVersion).toBe(2);
  });

  it('the old Order service writes v1 for its first orders; upcast on read, both styles finish', async () => {
    const sim = orderSagaSimulation({ seed: 'legacy', settings: legacy, log: new MemoryEventLog() });
    await place(sim, 1);
    await place(sim, 2, 'orchestration');
    await place(sim, 3);
    await sim.runUntilIdle();
    const log = await sim.log.read();
    const placed = log.filter((m) => m.type === 'OrderPlaced');
    expect(placed.map((m) => m.schemaVersion)).toEqual([1, 1, 2]);
    expect(placed[0]?.data).toMatchObject({ orderId: 'order-1', qty: 3, unitPrice: 50 }); // never rewritten
    const rows = sim.projectionState<Table<{ status: string; amount: number }>>('orders');
    expect([...rows.values()].map((r) => [r.status, r.amount])).toEqual([
      ['Confirmed', 150],
      ['Confirmed', 150],
      ['Confirmed', 150],
    ]);
    const report = await invariants(sim);
    expect(report.violations).toEqual([]);
  });

  it('upcaster off: consumers dead-letter, the dashboard stops; on + replay dead letters: everything converges', async () => {
    const sim = orderSagaSimulation({ seed: 'off', settings: legacy });
    await place(sim, 1);
    await sim.runUntilIdle();
    sim.setUpcaster('OrderPlaced', 1, false);
    await place(sim, 2); // the old service still writes v1
    await place(sim, 3); // v2: nobody has trouble with it
    await sim.runUntilIdle();
    const stuck = sim.getSnapshot();
    const letters = stuck.deadLetters.map((d) => [d.subscription, d.message.type, d.message.schemaVersion]);
    expect(letters.sort()).toEqual([
      ['Inventory', 'OrderPlaced', 1],
      ['Orchestrator', 'OrderPlaced', 1],
      ['orders', 'OrderPlaced', 1],
    ]);
    expect(stuck.deadLetters[0]?.reason).toMatch(/OrderPlaced v1 cannot be read: this code expects v2/);
    expect(stuck.projections.find((p) => p.name === 'orders')?.behind).toBeGreaterThan(0);
    expect((await invariants(sim)).invariants.everyOrderFinished).toBe('violated'); // order-2 is stuck

    sim.setUpcaster('OrderPlaced', 1, true);
    expect(sim.retryAllDeadLetters()).toBe(3);
    await sim.runUntilIdle();
    const after = sim.getSnapshot();
    expect(after.deadLetters).toEqual([]);
    expect(after.projections.every((p) => p.behind === 0)).toBe(true);
    const report = await invariants(sim);
    expect(report.violations).toEqual([]);
    expect(Object.values(report.invariants).every((s) => s === 'ok')).toBe(true);
  });

  it('a schema=v1 scenario is the order saga with the old Order service; v2 is unchanged', () => {
    const v1 = orderSagaScenario.configure?.({ schema: 'v1' });
    const v2 = orderSagaScenario.configure?.({ schema: 'v2' });
    const order = (s: typeof v1) => s?.services.find((d) => d.name === 'Order');
    const state = { orders: Table.empty() };
    const command = {
      ...placeOrder(1, 'choreography', { sku: 'SKU-RED', quantity: 1 }),
      id: 'm1',
      kind: 'command' as const,
      schemaVersion: 1,
      source: 'user',
      streamVersion: 1,
      position: 1,
      time: 0,
      causationId: null,
      correlationId: 'order-1',
    };
    const context = {} as never;
    expect(order(v1)?.decide(state, command, context)[0]?.schemaVersion).toBe(1);
    expect(order(v2)?.decide(state, command, context)[0]?.schemaVersion).toBeUndefined();
  });
});

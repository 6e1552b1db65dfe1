import { describe, expect, it } from 'vitest';
import { mailer, orders, ordersByStatus, payments, shopCatalog } from '../scenarios/shop/shop';
import { ROW_CHANGED, type RowChange } from './cdc';
import { MemoryEventLog } from './memoryLog';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

function options(log: MemoryEventLog): SimulationOptions {
  return {
    seed: 'cdc',
    catalog: shopCatalog,
    services: [orders, payments, mailer],
    projections: [ordersByStatus],
    log,
    broker: { latency: { base: 5, jitter: 5 } },
  };
}

const place = (sim: Simulation, n: number) =>
  sim.dispatch({ type: 'PlaceOrder', subject: `order-${n}`, data: { n } });

describe('change data capture', () => {
  it('a table-backed service publishes nothing; a connector snapshots its table, then streams row changes', async () => {
    const log = new MemoryEventLog();
    const sim = new Simulation(options(log));
    sim.setTableBacked('Orders', true);
    await place(sim, 1);
    await place(sim, 2);
    await sim.runUntilIdle();
    let all = await log.read();
    expect(all.filter((m) => m.type === 'OrderPlaced')).toEqual([]); // no events: only its table moved
    expect(all.filter((m) => m.type === '$StateCommitted' && m.source === 'Orders')).toHaveLength(2);
    expect(all.filter((m) => m.type === 'PaymentCompleted')).toEqual([]); // nobody downstream heard

    await sim.setConnector('Orders', true);
    all = await log.read();
    const snapshot = all.filter((m) => m.type === ROW_CHANGED).map((m) => m.data as RowChange);
    expect(snapshot.map((c) => [c.op, c.key])).toEqual([
      ['r', 'order-1'],
      ['r', 'order-2'],
    ]);
    // A row is its key's own fold with the service's evolve (Orders counts what it placed).
    expect(snapshot[0]?.after).toEqual({ placed: 1 });

    await place(sim, 3);
    await sim.runUntilIdle();
    const streamed = (await log.read()).filter((m) => m.type === ROW_CHANGED).slice(2);
    expect(streamed.map((m) => [(m.data as RowChange).op, m.subject, m.source])).toEqual([
      ['c', 'order-3', 'Orders.connector'],
    ]);
    expect((streamed[0]?.data as RowChange | undefined)?.before).toBeNull();
    const commit = (await log.read()).find(
      (m) =>
        m.type === '$StateCommitted' &&
        (m.data as { messages: { subject: string }[] }).messages[0]?.subject === 'order-3',
    );
    expect(streamed[0]?.causationId).toBe(commit?.id);
  });

  it('saved and restored mid-run (through JSON), a table-backed run with a connector carries on exactly', async () => {
    const straightLog = new MemoryEventLog();
    const straight = new Simulation(options(straightLog));
    const run = async (sim: Simulation, from: number, to: number) => {
      for (let n = from; n < to; n++) await place(sim, n);
      await sim.runUntilIdle();
    };
    straight.setTableBacked('Orders', true);
    await run(straight, 1, 3);
    await straight.setConnector('Orders', true);
    await run(straight, 3, 4);
    await run(straight, 4, 6);

    const log = new MemoryEventLog();
    const first = new Simulation(options(log));
    first.setTableBacked('Orders', true);
    await run(first, 1, 3);
    await first.setConnector('Orders', true);
    await run(first, 3, 4);
    const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
    expect(Object.keys(saved.connectors ?? {})).toEqual(['Orders']);
    const resumed = await Simulation.restore(options(log), saved);
    await run(resumed, 4, 6);
    const a = await log.read();
    const b = await straightLog.read();
    const at = a.findIndex((m, i) => JSON.stringify(m) !== JSON.stringify(b[i]));
    expect(at === -1 ? null : [a[at], b[at]]).toBeNull();
    expect(resumed.logHash).toBe(straight.logHash);
  });

  it('switched back (outbox on), the service publishes its own domain events again', async () => {
    const log = new MemoryEventLog();
    const sim = new Simulation(options(log));
    sim.setTableBacked('Orders', true);
    await place(sim, 1);
    await sim.runUntilIdle();
    sim.setTableBacked('Orders', false);
    await place(sim, 2);
    await sim.runUntilIdle();
    const placed = (await log.read()).filter((m) => m.type === 'OrderPlaced').map((m) => m.subject);
    expect(placed).toEqual(['order-2']);
  });
});

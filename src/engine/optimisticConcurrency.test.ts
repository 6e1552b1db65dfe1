import { describe, expect, it } from 'vitest';
import { instanceFor } from './broker';
import type { Catalog } from './catalog';
import { MemoryEventLog } from './memoryLog';
import type { ServiceDefinition } from './service';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

/** A counter on one stream, written by two instances that each read before they write. */
const catalog = { Add: { kind: 'command' }, Added: { kind: 'event' } } as const satisfies Catalog;

interface Counter {
  readonly total: number;
}

const counter: ServiceDefinition<Counter> = {
  name: 'Counter',
  handles: ['Add'],
  concurrency: 'optimistic',
  instances: 2,
  processingTime: 100,
  initialState: () => ({ total: 0 }),
  decide: (state, message) => {
    const { amount } = message.data as { amount: number };
    return [{ type: 'Added', subject: 'counter', data: { amount, total: state.total + amount } }];
  },
  evolve: (_state, event) => ({ total: (event.data as { total: number }).total }),
};

/** Two request streams that the consumer group puts on different instances. */
const lanes = ((): [string, string] => {
  const found: string[] = [];
  for (let i = 0; found.length < 2; i++)
    if (instanceFor(`lane-${i}`, 2) === found.length) found.push(`lane-${i}`);
  return found as [string, string];
})();

function options(
  service: ServiceDefinition<Counter> = counter,
  log = new MemoryEventLog(),
): SimulationOptions {
  return { seed: 'occ', catalog, services: [service], log, broker: { latency: { base: 10, jitter: 5 } } };
}

async function addAtOnce(sim: Simulation): Promise<void> {
  await sim.dispatch({ type: 'Add', subject: lanes[0], data: { amount: 5 } });
  await sim.dispatch({ type: 'Add', subject: lanes[1], data: { amount: 7 } });
}

async function totals(sim: Simulation): Promise<number[]> {
  return (await sim.log.read()).filter((m) => m.type === 'Added').map((m) => (m.data as Counter).total);
}

describe('optimistic concurrency (ServiceDefinition.concurrency)', () => {
  it('rejects the stale write of two racing instances and retries it: no update is lost', async () => {
    const sim = new Simulation(options());
    await addAtOnce(sim);
    await sim.runUntilIdle();
    expect(sim.serviceState<Counter>('Counter').total).toBe(12);
    expect((await totals(sim)).at(-1)).toBe(12);
    const view = sim.getSnapshot().services[0];
    expect(view?.conflicts).toBe(1);
    expect(view?.failedAttempts).toBe(1);
    expect(sim.broker.stats.deadLettered).toBe(0);
  });

  it('with the version check off writes the stale decision: the first update is lost', async () => {
    const sim = new Simulation(options());
    sim.setVersionCheck('Counter', false);
    await addAtOnce(sim);
    await sim.runUntilIdle();
    const written = await totals(sim);
    expect(written).toHaveLength(2);
    expect(written.every((t) => t === 5 || t === 7)).toBe(true); // each decided from 0
    expect(sim.getSnapshot().services[0]?.conflicts).toBe(0);
  });

  it('conflicts where the run did even on a log that ignores expectedVersion (a replayed history)', async () => {
    class Lenient extends MemoryEventLog {
      override appendNow(messages: Parameters<MemoryEventLog['appendNow']>[0]) {
        return super.appendNow(messages);
      }
    }
    const sim = new Simulation(options(counter, new Lenient()));
    await addAtOnce(sim);
    await sim.runUntilIdle();
    expect(sim.serviceState<Counter>('Counter').total).toBe(12);
    expect(sim.getSnapshot().services[0]?.conflicts).toBe(1);
  });

  it('changes nothing for a service without it: decide and append stay one step', async () => {
    const { concurrency: _, ...plain } = counter;
    const sim = new Simulation(options(plain));
    await addAtOnce(sim);
    await sim.runUntilIdle();
    expect(await totals(sim)).toEqual([expect.any(Number), 12]);
    expect(sim.getSnapshot().services[0]?.conflicts).toBe(0);
    expect(sim.exportState().services.Counter).not.toHaveProperty('reads');
  });

  it('has no window without processing time: the read and the write are one moment', async () => {
    const sim = new Simulation(options({ ...counter, processingTime: 0 }));
    await addAtOnce(sim);
    await sim.runUntilIdle();
    expect((await totals(sim)).at(-1)).toBe(12);
    expect(sim.getSnapshot().services[0]?.conflicts).toBe(0);
  });

  it.each([0, 12, 40, 111, 117, 140, 200, 260])(
    'saved mid-window at %i ms and restored, carries on exactly (stale reads included)',
    async (cut) => {
      const straight = new Simulation(options());
      await addAtOnce(straight);
      await straight.runUntilIdle();

      const log = new MemoryEventLog();
      const first = new Simulation(options(counter, log));
      await addAtOnce(first);
      await first.advance(cut);
      const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
      if (cut === 40) expect(saved.services.Counter?.reads).toHaveLength(2); // both instances mid-window
      const resumed = await Simulation.restore(options(counter, log), saved);
      expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
      await resumed.runUntilIdle();
      expect(resumed.logHash).toBe(straight.logHash);
      expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
    },
  );

  it('forgets a killed instance’s read: revived, it reads again', async () => {
    const sim = new Simulation(options());
    await addAtOnce(sim);
    await sim.advance(50);
    sim.kill('Counter');
    await sim.advance(500);
    sim.revive('Counter');
    await sim.runUntilIdle();
    expect(sim.serviceState<Counter>('Counter').total).toBe(12);
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../engine/memoryLog';
import { Simulation } from '../engine/simulation';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { PlaygroundDriver, type RunPersistence, type SavedRun } from './driver';
import { scenarioFor, simulationOptions, startInMemory, timeMachineFor } from './startPlayground';
import { topologyOf } from './topology';
import { parseRunUrl } from './urlState';

const { settings } = parseRunUrl('?scenario=order-saga&seed=5&speed=10', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);

const audit = {
  name: 'Audit',
  types: ['OrderPlaced', 'OrderConfirmed'],
  behaviour: { kind: 'count' },
  startFrom: 'beginning',
  processingTime: 20,
} as const;

class KeepLast implements RunPersistence {
  last: SavedRun | null = null;
  async save(run: SavedRun): Promise<void> {
    this.last = structuredClone(run);
  }
}

describe('Growing the system live: recorded actions', () => {
  it('a seek to a moment after adding a subscriber (and scaling) shows it; one before does not', async () => {
    const machine = timeMachineFor(scenario, settings, 60);
    const driver = startInMemory(scenario, settings);
    machine.watch(driver);
    await driver.act({ type: 'traffic.changed', perSecond: 20 });
    for (let i = 0; i < 10; i++) await driver.frame(100);
    const before = driver.sim.head;
    await driver.act({ type: 'subscriber.added', spec: audit });
    await driver.act({ type: 'service.scaled', name: 'Payment', instances: 3 });
    await driver.act({ type: 'instance.killed', name: 'Payment', index: 1 });
    for (let i = 0; i < 10; i++) await driver.frame(100);
    driver.pause();
    const live = driver.sim.getSnapshot();
    expect(live.subscribers.map((s) => s.spec.name)).toEqual(['Audit']);

    const earlier = await machine.seek(driver, before);
    expect(earlier.sim.getSnapshot().subscribers).toEqual([]);
    const later = await machine.seek(driver, driver.sim.head);
    const shown = later.sim.getSnapshot();
    expect(shown.subscribers).toEqual(live.subscribers);
    expect(shown.services.find((s) => s.name === 'Payment')?.members.map((m) => m.up)).toEqual([
      true,
      false,
      true,
    ]);
    expect(later.sim.logHash).toBe(driver.sim.logHash);
  });

  it('a reload (saved run + actions) reproduces the grown run; a replay of the actions too', async () => {
    const persistence = new KeepLast();
    const driver = startInMemory(scenario, settings, persistence);
    await driver.act({ type: 'order.placed' });
    await driver.frame(100);
    await driver.act({ type: 'subscriber.added', spec: audit });
    await driver.act({
      type: 'projection.added',
      spec: { name: 'Counts', types: ['OrderPlaced'], fold: { kind: 'countByType' }, startFrom: 'beginning' },
    });
    await driver.frame(30);
    await driver.flush();
    const saved = persistence.last as SavedRun;
    expect(saved.sim.grown?.subscribers.map((s) => s.name)).toEqual(['Audit']);

    // Reload: restore over the same log, then both go on the same way.
    const resumed = await Simulation.restore(
      simulationOptions(scenario, settings, driver.sim.log as MemoryEventLog),
      saved.sim,
    );
    expect(resumed.getSnapshot()).toEqual(driver.sim.getSnapshot());

    // A replay of the recorded actions from scratch gives the same log.
    const again = new PlaygroundDriver({
      sim: new Simulation(simulationOptions(scenario, settings, new MemoryEventLog())),
      makeOrder: scenario.sampleAction,
      style: settings.mode,
    });
    await again.replay(driver.actions, driver.sim.now);
    expect(again.sim.logHash).toBe(driver.sim.logHash);
    expect(again.sim.getSnapshot()).toEqual(driver.sim.getSnapshot());

    await driver.act({ type: 'subscriber.removed', name: 'Audit' });
    expect(driver.sim.getSnapshot().subscribers).toEqual([]);
  });

  it('refuses an invalid action before recording it', async () => {
    const driver = startInMemory(scenario, settings);
    await expect(
      driver.act({ type: 'subscriber.added', spec: { ...audit, name: 'Payment' } }),
    ).rejects.toThrow(/already taken/);
    await expect(driver.act({ type: 'instance.killed', name: 'Payment', index: 2 })).rejects.toThrow(
      /no instance 2/,
    );
    expect(driver.actions).toEqual([]);
  });

  it('draws grown subscribers and read models with edges from every producer of their types', () => {
    const topology = topologyOf(scenario, {
      subscribers: [
        {
          name: 'Echo',
          types: ['OrderConfirmed'],
          behaviour: { kind: 'react', publish: 'EmailSent', delay: 100 },
          startFrom: 'now',
        },
      ],
      projections: [{ name: 'Sums', types: ['EmailSent'], fold: { kind: 'countByType' }, startFrom: 'now' }],
    });
    expect(topology.grown).toEqual({ Echo: 'subscriber', Sums: 'projection' });
    const edges = topology.edges.map((e) => e.id);
    expect(edges).toContain('Order->Echo');
    expect(edges).toContain('Echo->Sums');
    expect(edges).toContain('Notification->Sums');
    expect(topology.positions.Echo).toBeDefined();
  });
});

describe('a windowed projection over the order saga (stream processing)', () => {
  it('revenue per second by order time: the watermark closes windows; too little lateness drops slow payments', async () => {
    const driver = startInMemory(scenario, settings);
    const revenue = (name: string, lateness: number) =>
      driver.act({
        type: 'projection.added',
        spec: {
          name,
          types: ['PaymentCompleted'],
          startFrom: 'beginning',
          fold: {
            kind: 'window',
            window: { kind: 'tumbling', size: 1000, lateness, time: 'transaction', sum: 'order.amount' },
          },
        },
      });
    await revenue('Patient', 6000);
    await revenue('Hasty', 300);
    await driver.act({ type: 'traffic.changed', perSecond: 6 });
    for (let i = 0; i < 80; i++) await driver.frame(100);
    type Windows = { closed: { count: number; sum: number }[]; late: number };
    const stateOf = (sim: typeof driver.sim, name: string) =>
      sim.getSnapshot().projections.find((p) => p.name === name)?.state as Windows;
    const patient = stateOf(driver.sim, 'Patient');
    const hasty = stateOf(driver.sim, 'Hasty');
    // A payment lands a second or two after its order was placed (its event time).
    expect(patient.closed.length).toBeGreaterThan(3);
    expect(patient.closed.reduce((n, w) => n + w.count, 0)).toBeGreaterThan(
      hasty.closed.reduce((n, w) => n + w.count, 0),
    );
    expect(hasty.late).toBeGreaterThan(patient.late);
    expect(patient.closed.filter((w) => w.count > 0).every((w) => w.sum > 0)).toBe(true); // revenue, summed
    // Deterministic: the same actions give the same windows.
    const again = startInMemory(scenario, settings);
    await again.replay(driver.actions, driver.sim.now);
    expect(stateOf(again.sim, 'Patient')).toEqual(patient);
  });
});

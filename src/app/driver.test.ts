import { describe, expect, it } from 'vitest';
import { MemoryEventLog } from '../engine/memoryLog';
import { Simulation, type SimulationState } from '../engine/simulation';
import { shopScenario } from '../scenarios/shop';
import { PlaygroundDriver, type RunPersistence, type SavedRun } from './driver';

function newSim(log = new MemoryEventLog()): Simulation {
  return new Simulation({
    seed: 3,
    catalog: shopScenario.catalog,
    services: shopScenario.services,
    projections: shopScenario.projections,
    log,
    broker: { latency: { base: 30, jitter: 20 } },
  });
}

class FakePersistence implements RunPersistence {
  saves: (SavedRun & { state: SimulationState })[] = [];
  failNext = false;
  async save(run: SavedRun): Promise<void> {
    if (this.failNext) throw new Error('QuotaExceededError: the disk is full');
    const copy = structuredClone(run);
    this.saves.push({ ...copy, state: copy.sim });
  }
}

const place = (_n: number) => ({ type: 'order.placed' }) as const;
const driverFor = (
  sim: Simulation,
  options: Partial<ConstructorParameters<typeof PlaygroundDriver>[0]> = {},
) => new PlaygroundDriver({ sim, makeOrder: shopScenario.sampleAction, ...options });

describe('PlaygroundDriver', () => {
  it('turns real frames into virtual time at the chosen speed, and stops when paused', async () => {
    let real = 0;
    const driver = driverFor(newSim(), { speed: 2, realNow: () => real });
    await driver.frame(16);
    expect(driver.sim.now).toBe(32);
    await driver.frame(10_000); // a hidden tab waking up must not jump minutes ahead
    expect(driver.sim.now).toBe(232);
    driver.pause();
    real += 100;
    await driver.frame(16);
    expect(driver.sim.now).toBe(232);
    expect(driver.getSnapshot()).toMatchObject({ playing: false, speed: 2 });
  });

  it('records actions at their virtual time, and replaying them gives the same log', async () => {
    const driver = driverFor(newSim());
    await driver.act(place(1));
    await driver.frame(16);
    await driver.act({ type: 'service.killed', name: 'Payments' });
    await driver.act(place(2));
    for (let i = 0; i < 20; i++) await driver.frame(16);
    await driver.act({ type: 'service.revived', name: 'Payments' });
    for (let i = 0; i < 30; i++) await driver.frame(16);

    const replay = driverFor(newSim());
    await replay.replay(driver.actions, driver.sim.now);
    expect(replay.sim.logHash).toBe(driver.sim.logHash);
    expect(await replay.sim.log.read()).toEqual(await driver.sim.log.read());
  });

  it('starts automatic orders at a steady rate, exactly when due, and replays them', async () => {
    const driver = driverFor(newSim());
    await driver.frame(50);
    await driver.act({ type: 'traffic.changed', perSecond: 20 });
    for (let i = 0; i < 60; i++) await driver.frame(16.7); // ~1 s
    await driver.act({ type: 'traffic.changed', perSecond: 0 });
    const placed = (await driver.sim.log.read()).filter((m) => m.type === 'PlaceOrder');
    expect(placed.length).toBe(20);
    expect(placed[0]?.time).toBe(50 + 50);
    expect(placed[1]?.time).toBe(50 + 100);
    expect(driver.getSnapshot().ordersStarted).toBe(20);
    const replay = driverFor(newSim());
    await replay.replay(driver.actions, driver.sim.now);
    expect(replay.sim.logHash).toBe(driver.sim.logHash);
  });

  it('saves after every action and otherwise at most every saveEveryMs', async () => {
    let real = 0;
    const persistence = new FakePersistence();
    const driver = new PlaygroundDriver({
      sim: newSim(),
      makeOrder: shopScenario.sampleAction,
      persistence,
      saveEveryMs: 250,
      realNow: () => real,
    });
    await driver.act(place(1));
    expect(persistence.saves).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      real += 16;
      await driver.frame(16);
    }
    expect(driver.sim.head).toBeGreaterThan(persistence.saves[0]?.state.head ?? 0); // it logged…
    expect(persistence.saves).toHaveLength(1); // …but too soon to save again
    real += 300;
    await driver.frame(16);
    expect(persistence.saves).toHaveLength(2);
    expect(persistence.saves[1]?.state.head).toBe(driver.sim.head);
    await driver.act({ type: 'service.killed', name: 'Orders' });
    expect(persistence.saves).toHaveLength(3);
  });

  it('saves less often when saves grow slow, so a long run does not spend its frames saving', async () => {
    let real = 0;
    const persistence = new FakePersistence();
    const slow = {
      saves: persistence.saves,
      async save(run: SavedRun) {
        real += 200; // this save takes 200 real ms (a large state)
        await persistence.save(run);
      },
    };
    const driver = new PlaygroundDriver({
      sim: newSim(),
      makeOrder: shopScenario.sampleAction,
      persistence: slow,
      saveEveryMs: 250,
      realNow: () => real,
    });
    await driver.act(place(1)); // an action always saves
    expect(slow.saves).toHaveLength(1);
    real += 300;
    await driver.frame(16);
    expect(slow.saves).toHaveLength(1); // 300 ms after a 200 ms save: too soon (5 × 200)
    real += 800;
    const head = driver.sim.head;
    for (let i = 0; i < 200 && driver.sim.head === head; i++) await driver.frame(16);
    expect(driver.sim.head).toBeGreaterThan(head);
    expect(slow.saves).toHaveLength(2);
    await driver.act(place(2)); // actions are never held back
    expect(slow.saves).toHaveLength(3);
  });

  it('does not save again while nothing is logged: only the clock moves, which a reload redoes', async () => {
    let real = 0;
    const persistence = new FakePersistence();
    const driver = new PlaygroundDriver({
      sim: newSim(),
      makeOrder: shopScenario.sampleAction,
      persistence,
      saveEveryMs: 250,
      realNow: () => real,
    });
    await driver.act(place(1));
    for (let i = 0; i < 400; i++) {
      real += 16;
      await driver.frame(16);
    }
    const settled = persistence.saves.length;
    const head = driver.sim.head;
    await driver.sim.runUntilIdle(); // everything done: frames from here on log nothing
    for (let i = 0; i < 400; i++) {
      real += 16;
      await driver.frame(16);
    }
    expect(persistence.saves.at(-1)?.state.head).toBeGreaterThanOrEqual(head);
    expect(persistence.saves.length).toBeLessThanOrEqual(settled + 1);
  });

  it('pauses and says what happened when a save fails, and refuses further actions', async () => {
    const persistence = new FakePersistence();
    const driver = driverFor(newSim(), { persistence });
    persistence.failNext = true;
    await driver.act(place(1));
    expect(driver.getSnapshot()).toMatchObject({
      playing: false,
      storage: { kind: 'failed', message: /disk is full/ },
    });
    await expect(driver.act(place(2))).rejects.toThrow(/disk is full/);
  });

  it('resumes from a save exactly where it was', async () => {
    const persistence = new FakePersistence();
    const log = new MemoryEventLog();
    const driver = driverFor(newSim(log), { persistence });
    await driver.act(place(1));
    await driver.act(place(2));
    await driver.frame(16);
    await driver.flush();
    const saved = persistence.saves.at(-1);
    if (!saved) throw new Error('no save');
    const resumed = await Simulation.restore(
      {
        seed: 3,
        catalog: shopScenario.catalog,
        services: shopScenario.services,
        projections: shopScenario.projections,
        log,
        broker: { latency: { base: 30, jitter: 20 } },
      },
      saved.state,
    );
    expect(resumed.getSnapshot()).toEqual(driver.sim.getSnapshot());
  });
});

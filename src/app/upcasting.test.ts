import { describe, expect, it } from 'vitest';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { diffBranches } from './branchDiff';
import { PlaygroundDriver } from './driver';
import { freshSimulation, scenarioFor, startInMemory } from './startPlayground';
import { parseRunUrl } from './urlState';

/** The `schema=v1` preset as the page opens it, and a re-run of its recorded actions (reload, seek). */
describe('schema evolution preset (schema=v1)', () => {
  it('reproduces from the URL and its actions: switch off, dead letters, switch on, replay', async () => {
    const { settings, problems } = parseRunUrl(
      '?scenario=order-saga&seed=up-1&mode=choreography&decline=0&schema=v1',
      Object.keys(scenarios),
    );
    expect(problems).toEqual([]);
    const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
    const live = startInMemory(scenario, settings);
    await live.act({ type: 'order.placed' });
    await live.frame(100);
    await live.sim.advance(10_000);
    await live.act({ type: 'upcaster.switched', messageType: 'OrderPlaced', from: 1, on: false });
    await live.act({ type: 'order.placed' });
    await live.sim.advance(10_000);
    const stuck = live.sim.getSnapshot();
    expect(stuck.deadLetters.map((d) => d.errorCode)).toEqual([
      'SCHEMA_VERSION',
      'SCHEMA_VERSION',
      'SCHEMA_VERSION',
    ]);
    expect(stuck.upcasters).toEqual([{ type: 'OrderPlaced', from: 1, on: false }]);
    await expect(
      live.act({ type: 'upcaster.switched', messageType: 'OrderPlaced', from: 2, on: false }),
    ).rejects.toThrow(/no upcaster OrderPlaced v2→v3/);

    // A re-run of the recorded actions (what a reload and a seek do) reaches the same stuck moment.
    const again = new PlaygroundDriver({
      sim: freshSimulation(scenario, settings),
      makeOrder: (n, o) => scenario.sampleAction(n, o),
      style: settings.mode,
    });
    await again.replay(live.actions, live.sim.now);
    expect(again.sim.logHash).toBe(live.sim.logHash);
    expect(again.sim.getSnapshot().deadLetters).toEqual(stuck.deadLetters);

    await live.act({ type: 'upcaster.switched', messageType: 'OrderPlaced', from: 1, on: true });
    await live.act({ type: 'deadLetters.replayed' });
    await live.sim.advance(20_000);
    const after = live.sim.getSnapshot();
    expect(after.deadLetters).toEqual([]);
    expect(after.projections.every((p) => p.behind === 0)).toBe(true);
    const log = await live.sim.log.read();
    const checks = scenario.insight?.checks(log, after) ?? [];
    expect(checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(log.filter((m) => m.type === 'OrderPlaced').map((m) => m.schemaVersion)).toEqual([1, 1]);
  });
});

describe('whole-log folds on a schema=v1 run read old events through the upcasters', () => {
  it('the branch diff folds v1 OrderPlaced like today’s v2, instead of stopping at it', async () => {
    const { settings } = parseRunUrl(
      '?scenario=order-saga&seed=up-2&decline=0&schema=v1',
      Object.keys(scenarios),
    );
    const scenario = scenarioFor(scenarios[settings.scenario] as Scenario, settings);
    const live = startInMemory(scenario, settings);
    for (let i = 0; i < 2; i++) await live.act({ type: 'order.placed' });
    await live.sim.advance(20_000);
    const log = await live.sim.log.read();
    expect(log.some((m) => m.type === 'OrderPlaced' && m.schemaVersion === 1)).toBe(true);
    const diff = diffBranches(
      scenario,
      { id: 'main', name: 'main', log },
      { id: 'before', name: 'before', log: log.slice(0, 1) },
      1,
    );
    const orders = diff.readModels.find((r) => r.name === 'orders');
    expect(orders?.fields.map((f) => f.key).sort()).toEqual(['order-1', 'order-2']);
    expect(orders?.fields.every((f) => f.left.includes('"orderId"') && f.right === '—')).toBe(true);
  });
});

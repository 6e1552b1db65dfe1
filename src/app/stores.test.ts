import { describe, expect, it } from 'vitest';
import type { ProjectionSpec } from '../engine/growth';
import type { ReadModelStore } from '../engine/readModelStores';
import { search } from '../engine/readModelStores';
import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { scenarioFor, startInMemory } from './startPlayground';
import { parseRunUrl } from './urlState';

const { settings } = parseRunUrl('?scenario=order-saga&seed=8&decline=0&speed=1', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);

const confirmed = (name: string, store: ReadModelStore): ProjectionSpec => ({
  name,
  types: ['OrderConfirmed'],
  fold: { kind: 'countByType' },
  startFrom: 'now',
  store,
});

describe('read-model stores', () => {
  it('a key-value hash is current at once; a search index at its next refresh; a warehouse at its next load', async () => {
    const driver = startInMemory(scenario, settings);
    for (const store of ['kv', 'search', 'warehouse'] as const) {
      await driver.act({ type: 'projection.added', spec: confirmed(store, store) });
    }
    await driver.act({ type: 'traffic.changed', perSecond: 2 });
    const count = (name: string) =>
      (
        driver.sim.getSnapshot().projections.find((p) => p.name === name)?.state as
          | Record<string, number>
          | undefined
      )?.OrderConfirmed ?? 0;
    const seen: { t: number; kv: number; search: number; warehouse: number }[] = [];
    for (let i = 0; i < 700; i++) {
      await driver.frame(100); // 70 virtual seconds
      seen.push({
        t: driver.sim.now,
        kv: count('kv'),
        search: count('search'),
        warehouse: count('warehouse'),
      });
    }
    const last = seen.at(-1) as (typeof seen)[number];
    expect(last.kv).toBeGreaterThan(50);
    // The search index trails by at most a refresh; it changes only on whole seconds.
    expect(seen.every((s) => s.search <= s.kv)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]] as [(typeof seen)[number], (typeof seen)[number]];
      if (b.search !== a.search) expect(Math.floor(b.t / 1000)).toBeGreaterThan(Math.floor(a.t / 1000));
      if (b.warehouse !== a.warehouse)
        expect(Math.floor(b.t / 60_000)).toBeGreaterThan(Math.floor(a.t / 60_000));
    }
    // The warehouse loaded once, at the minute, with everything confirmed before it.
    const atMinute = seen.find((s) => s.t >= 60_000) as (typeof seen)[number];
    expect(new Set(seen.map((s) => s.warehouse)).size).toBe(2);
    expect(atMinute.warehouse).toBeGreaterThan(20);
    expect(last.warehouse).toBeLessThan(last.kv);
  });

  it('a search index answers full-text queries over its documents', async () => {
    const driver = startInMemory(scenario, settings);
    await driver.act({
      type: 'projection.added',
      spec: {
        name: 'OrderSearch',
        types: ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'],
        fold: { kind: 'documents', field: 'order.orderId' },
        startFrom: 'beginning',
        store: 'search',
      },
    });
    await driver.act({ type: 'order.placed' });
    await driver.act({ type: 'order.placed', options: { fail: 'outOfStock' } });
    for (let i = 0; i < 100; i++) await driver.frame(100);
    const index = driver.sim.getSnapshot().projections.find((p) => p.name === 'OrderSearch')?.state as Record<
      string,
      string
    >;
    const log = await driver.sim.log.read();
    const ended = (type: string) =>
      log.filter((m) => m.type === type).map((m) => (m.data as { order: { orderId: string } }).order.orderId);
    expect(search(index, 'confirmed').sort()).toEqual(ended('OrderConfirmed').sort());
    expect(search(index, 'order cancel').sort()).toEqual(ended('OrderCancelled').sort());
    expect(search(index, 'cancel stock')).toEqual(['order-2']); // "out of stock"
    expect(search(index, 'choreo sku-blue')).toEqual(['order-2']);
    expect(search(index, 'order-')).toEqual(['order-1', 'order-2']);
    expect(search(index, '   ')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { scenarioFor, startInMemory } from '../../app/startPlayground';
import { parseRunUrl } from '../../app/urlState';
import { validate } from '../../engine/schemaRegistry';
import { scenarios } from '..';
import type { Scenario } from '../scenario';
import { orderSagaCatalog } from './catalog';

const { settings } = parseRunUrl('?scenario=order-saga&seed=21&decline=0', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);

describe('order saga schemas', () => {
  it('every event a run publishes matches its schema', async () => {
    const driver = startInMemory(scenario, settings);
    for (let i = 0; i < 4; i++) await driver.act({ type: 'order.placed' });
    await driver.act({ type: 'order.placed', options: { fail: 'outOfStock' } });
    for (let i = 0; i < 60; i++) await driver.frame(100);
    const log = await driver.sim.log.read();
    let checked = 0;
    for (const m of log) {
      const spec = orderSagaCatalog[m.type as keyof typeof orderSagaCatalog] as { schema?: never };
      if (!spec.schema) continue;
      expect(validate(spec.schema, m.data), `${m.type} #${m.position}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a producer publishing a payload that breaks the schema is refused before anything is logged', async () => {
    const driver = startInMemory(scenario, settings);
    // A subscriber dragged in that "confirms" orders with a payload of its own shape.
    await driver.act({
      type: 'subscriber.added',
      spec: {
        name: 'Rogue',
        types: ['OrderPlaced'],
        behaviour: { kind: 'react', publish: 'OrderConfirmed', delay: 500 },
        startFrom: 'now',
      },
    });
    await driver.act({ type: 'order.placed' });
    for (let i = 0; i < 40; i++) await driver.frame(100);
    const rogue = (await driver.sim.log.read()).filter((m) => m.source === 'Rogue');
    expect(rogue).toEqual([]);
    const letters = driver.sim.getSnapshot().deadLetters.filter((d) => d.subscription === 'Rogue');
    expect(letters.length).toBe(1);
    expect(letters[0]?.reason).toMatch(
      /OrderConfirmed v1 does not match its schema, so it was not published: data\.order is missing/,
    );
  });
});

import type { Table } from '../../engine/table';
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../engine/message';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { IdbEventLog } from '../../storage/idbEventLog';
import { openStoredRun } from '../runPersistence';
import { scenarioFor, startInMemory, timeMachineFor } from '../startPlayground';
import { parseRunUrl } from '../urlState';
import { toCloudEventsBatch } from './cloudEvents';
import { importDatabase, importedRunUrl } from './importedRun';
import { importLog } from './importLog';
import { ImportError } from './readBatch';

const names = Object.keys(scenarios);

/** A finished run of the order saga: three orders, one declined. */
async function aFinishedLog(seed: string): Promise<readonly Message[]> {
  const { settings } = parseRunUrl(`?scenario=order-saga&seed=${seed}&speed=10`, names);
  const driver = startInMemory(scenarioFor(scenarios['order-saga'] as Scenario, settings), settings);
  await driver.act({ type: 'order.placed' });
  await driver.act({ type: 'order.placed', options: { fail: 'decline' } });
  await driver.act({ type: 'order.placed' });
  for (let i = 0; i < 80; i++) await driver.frame(100);
  return driver.sim.log.read();
}

describe('importing a CloudEvents log', () => {
  it('stores the same log with the state folded from it, once; the same file again adds nothing', async () => {
    const log = await aFinishedLog('imp-1');
    const file = toCloudEventsBatch(log);
    const stages: string[] = [];
    const first = await importLog(file, 'order-saga', (p) => stages.push(p.stage));
    expect(first).toMatchObject({ events: log.length, added: true, scenario: 'order-saga' });
    expect(stages).toEqual(['reading', 'checking', 'writing']);
    const again = await importLog(file, 'order-saga');
    expect(again).toMatchObject({ digest: first.digest, added: false });

    // Opened as a run: the log as exported, read-only, every read model a fold of it.
    const stored = await IdbEventLog.open({ dbName: importDatabase(first.digest) });
    expect(await stored.read()).toEqual(log);
    await stored.close();
    const { settings } = parseRunUrl(await importedRunUrl(first.digest), names);
    const scenario = scenarios['order-saga'] as Scenario;
    const opened = await openStoredRun(scenario, settings, { dbName: importDatabase(first.digest) });
    expect(opened.driver.getSnapshot().storage.kind).toBe('readOnly');
    expect(opened.driver.imported).toBe(log.length);
    const orders = opened.driver.sim.getSnapshot().projections.find((p) => p.name === 'orders')
      ?.state as Table<{ status: string }>;
    expect([...orders.values()].map((o) => o.status)).toEqual(['Confirmed', 'Cancelled', 'Confirmed']);

    // Its moments are folds of the log up to them.
    const machine = timeMachineFor(scenario, settings);
    const moment = await machine.seek(opened.driver, 5);
    expect(moment.head).toBe(5);
    expect(await moment.sim.log.read()).toEqual(log.slice(0, 5));
    await opened.log.close();
  });

  it('writes nothing for an invalid file, and says why', async () => {
    const log = await aFinishedLog('imp-2');
    const events = JSON.parse(toCloudEventsBatch(log)) as Record<string, unknown>[];
    const broken = JSON.stringify([
      ...events.slice(0, 5),
      { ...events[5], streamversion: 9 },
      ...events.slice(6),
    ]);
    await expect(importLog(broken, 'order-saga')).rejects.toBeInstanceOf(ImportError);
    const foreign = JSON.stringify(events.map((e) => ({ ...e, type: 'Unheard' })));
    await expect(importLog(foreign, 'order-saga')).rejects.toThrow(
      /No scenario here knows the message type Unheard/,
    );
    const dbs = await indexedDB.databases();
    expect(dbs.filter((d) => d.name?.startsWith('eventscape#import-')).length).toBe(1); // the first test's only
  });

  it('under seeded fuzzing: only ImportError comes out, and a log is stored whole or not at all', async () => {
    const log = await aFinishedLog('imp-3');
    const events = JSON.parse(toCloudEventsBatch(log)) as Record<string, unknown>[];
    const mutated = fc
      .tuple(
        fc.nat({ max: events.length - 1 }),
        fc.constantFrom('type', 'sequence', 'data', 'id', 'subject', 'kind'),
        fc.jsonValue(),
      )
      .map(([i, key, value]) => JSON.stringify(events.map((e, j) => (j === i ? { ...e, [key]: value } : e))));
    await fc.assert(
      fc.asyncProperty(mutated, async (text) => {
        const before = new Set((await indexedDB.databases()).map((d) => d.name));
        try {
          const done = await importLog(text, 'order-saga');
          const stored = await IdbEventLog.open({ dbName: importDatabase(done.digest) });
          expect(await stored.head()).toBe(done.events); // whole
          await stored.close();
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
          const after = (await indexedDB.databases()).map((d) => d.name);
          expect(after.filter((n) => !before.has(n))).toEqual([]); // nothing at all
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { seed: 8, numRuns: 40 },
    );
  });
});

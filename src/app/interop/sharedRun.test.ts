import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { IdbEventLog } from '../../storage/idbEventLog';
import { loadRuntime } from '../../storage/records';
import { openStoredRun, sharedDatabase } from '../runPersistence';
import { scenarioFor, startInMemory } from '../startPlayground';
import { parseRunUrl, runUrl } from '../urlState';
import { type RunFile, readRunFile, toRunFile } from './runFile';

const names = Object.keys(scenarios);

/** A bank run with a race, a subscriber dragged in, and Accounts scaled: every kind of action. */
async function aBankRun(): Promise<RunFile> {
  const { settings } = parseRunUrl('?scenario=bank-transfer&seed=4&speed=1', names);
  const driver = startInMemory(scenarioFor(scenarios['bank-transfer'] as Scenario, settings), settings);
  await driver.act({ type: 'order.placed', options: { conflict: true } });
  await driver.frame(400);
  await driver.act({
    type: 'subscriber.added',
    spec: {
      name: 'Auditor',
      types: ['MoneyDeposited'],
      behaviour: { kind: 'count' },
      startFrom: 'beginning',
    },
  });
  await driver.act({ type: 'versionCheck.switched', name: 'Accounts', on: false });
  await driver.act({ type: 'order.placed', options: { conflict: true } });
  for (let i = 0; i < 30; i++) await driver.frame(200);
  return toRunFile({
    run: runUrl(settings),
    actions: driver.actions,
    until: driver.sim.now,
    head: driver.sim.head,
    logHash: driver.sim.logHash,
  });
}

describe('opening a shared run', () => {
  it('reproduces a run of every kind of action, and keeps it', async () => {
    const file = readRunFile(JSON.stringify(await aBankRun()));
    const { settings } = parseRunUrl(file.run, names);
    const scenario = scenarioFor(scenarios['bank-transfer'] as Scenario, settings);
    const dbName = sharedDatabase(settings, file);
    const opened = await openStoredRun(scenario, settings, { dbName, reproduce: file });
    expect(opened.driver.sim.logHash).toBe(file.logHash);
    expect(opened.driver.sim.head).toBe(file.head);
    await opened.log.close();
    const again = await openStoredRun(scenario, settings, { dbName, reproduce: file });
    expect(again.resumed).toBe(true);
    await again.log.close();
  });

  it('keeps nothing of a run that cannot be replayed or comes out different', async () => {
    const good = await aBankRun();
    const { settings } = parseRunUrl(good.run, names);
    const scenario = scenarioFor(scenarios['bank-transfer'] as Scenario, settings);
    const killNobody = { at: 0, action: { type: 'service.killed' as const, name: 'Nobody' } };
    for (const [bad, why] of [
      [{ ...good, logHash: '0123456789abcdef' }, /did not come out the same/],
      [{ ...good, logHash: 'fedcba9876543210', actions: [killNobody] }, /cannot be replayed here: .*Nobody/],
    ] as const) {
      const dbName = sharedDatabase(settings, bad);
      await expect(openStoredRun(scenario, settings, { dbName, reproduce: bad })).rejects.toThrow(why);
      const log = await IdbEventLog.open({ dbName });
      expect(await log.head()).toBe(0);
      expect(await loadRuntime(log.db)).toBeUndefined();
      await log.close();
    }
  });
});

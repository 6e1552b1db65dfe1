import { eventLogContract } from '../../engine/eventLogContract';
import type { NewMessage } from '../../engine/message';
import { IdbEventLog } from '../idbEventLog';
import { STORES } from '../schema';
import { describe, expect, it, runRegisteredTests, type TestResult } from './vitestShim';

/*
 * The event-log contract (and the storage checks that depend on a real IndexedDB) in real Chromium.
 * Bundled by e2e/storage-contract.spec.ts with `vitest` aliased to ./vitestShim.
 */

declare global {
  interface Window {
    runStorageContract(): Promise<TestResult[]>;
  }
}

let count = 0;
const open = (dbName = `contract-${Date.now()}-${++count}`) => IdbEventLog.open({ dbName });

eventLogContract('IdbEventLog (Chromium)', () => open());

const msg = (id: string, data: unknown = { id }): NewMessage => ({
  id,
  kind: 'event',
  type: 'Happened',
  schemaVersion: 1,
  source: 'test',
  subject: 's',
  time: 0,
  correlationId: 'c',
  causationId: null,
  data,
});

describe('IdbEventLog in Chromium', () => {
  it('finds everything after a reopen', async () => {
    const name = `reopen-${Date.now()}`;
    const log = await open(name);
    await log.append([msg('a'), msg('b')]);
    await log.close();
    expect((await (await open(name)).read()).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('commits appends made in one tick in one transaction', async () => {
    const log = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([msg(`m${i}`)])));
    expect(log.commits).toBe(1);
  });

  it('stores nothing of a batch whose commit aborts, and rolls the mirror back', async () => {
    const name = `abort-${Date.now()}`;
    const log = await open(name);
    await log.append([msg('kept')]);
    const attempt = Promise.all([log.append([msg('lost')]), log.append([msg('poison', { f: () => 1 })])]);
    await expect(attempt).rejects.toMatchObject({ code: 'WRITE_ABORTED', durableHead: 1 });
    expect(await log.head()).toBe(1);
    expect(await log.db.count(STORES.events)).toBe(1);
    await log.close();
    expect((await (await open(name)).read()).map((m) => m.id)).toEqual(['kept']);
  });
});

window.runStorageContract = runRegisteredTests;

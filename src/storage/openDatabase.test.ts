import { describe, expect, it } from 'vitest';
import { StorageBlockedError, StorageNewerSchemaError } from './errors';
import { deleteDatabase, openDatabase } from './openDatabase';
import { EVENT_INDEXES, type Migration, migrations, STORES } from './schema';
import { freshDb, msg, openLog } from './testSupport';

const addAuditStore: Migration = (db) => {
  (db as unknown as IDBDatabase).createObjectStore('audit', { keyPath: 'id' });
};

describe('openDatabase', () => {
  it('creates the whole schema from version 0', async () => {
    const db = await openDatabase(freshDb());
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames].sort()).toEqual(Object.values(STORES).sort());
    const events = db.transaction(STORES.events).store;
    expect(events.keyPath).toEqual(['branch', 'position']);
    expect([...events.indexNames].sort()).toEqual(Object.values(EVENT_INDEXES).sort());
    expect(events.index(EVENT_INDEXES.byStream).unique).toBe(true);
    expect(events.index(EVENT_INDEXES.byType).unique).toBe(false);
    db.close();
  });

  it('runs only the migrations after the stored version, keeping the data', async () => {
    const where = freshDb();
    const log = await openLog(where);
    await log.append([msg('a')]);
    log.db.close();
    const v2 = await openDatabase({ ...where, migrations: [...migrations, addAuditStore] });
    expect(v2.version).toBe(2);
    expect(v2.objectStoreNames.contains('audit' as never)).toBe(true);
    expect(await v2.count(STORES.events)).toBe(1);
    v2.close();
  });

  it('leaves the database as it was when a migration throws', async () => {
    const where = freshDb();
    (await openDatabase(where)).close();
    const broken: Migration = () => {
      throw new Error('bad step');
    };
    await expect(openDatabase({ ...where, migrations: [...migrations, broken] })).rejects.toThrow('bad step');
    const db = await openDatabase(where);
    expect(db.version).toBe(1);
    db.close();
  });

  it('says so when the database is newer than this code', async () => {
    const where = freshDb();
    (await openDatabase({ ...where, migrations: [...migrations, addAuditStore] })).close();
    await expect(openDatabase(where)).rejects.toBeInstanceOf(StorageNewerSchemaError);
  });

  it('closes an open log when a newer tab upgrades, so the upgrade is not blocked', async () => {
    const where = freshDb();
    let told = 0;
    const log = await openLog(where, { onVersionChange: () => told++ });
    const v2 = await openDatabase({ ...where, migrations: [...migrations, addAuditStore] });
    expect(told).toBe(1);
    expect(() => log.appendNow([msg('a')])).toThrow(/closed/);
    v2.close();
  });

  it('gives up with a typed error when an old tab blocks the upgrade, never hangs', async () => {
    const where = freshDb();
    (await openDatabase(where)).close();
    // An "old tab": a version-1 connection that ignores versionchange.
    const old = await new Promise<IDBDatabase>((resolve) => {
      const request = where.factory.open(where.dbName, 1);
      request.onsuccess = () => resolve(request.result);
    });
    const attempt = openDatabase({
      ...where,
      migrations: [...migrations, addAuditStore],
      blockedTimeoutMs: 30,
    });
    await expect(attempt).rejects.toBeInstanceOf(StorageBlockedError);
    await expect(attempt).rejects.toThrow(/Close the other Eventscape tabs/);
    old.close();
  });

  it('deletes a database', async () => {
    const where = freshDb();
    const log = await openLog(where);
    await log.append([msg('a')]);
    log.db.close();
    await deleteDatabase(where.dbName, where.factory);
    expect(await (await openLog(where)).head()).toBe(0);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageWriteError } from './errors';
import { STORES } from './schema';
import { freshDb, ids, msg, openLog } from './testSupport';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IdbEventLog: a failed commit', () => {
  it('stores nothing of the batch, rolls the mirror back and refuses writes until recover()', async () => {
    const where = freshDb();
    const log = await openLog(where);
    await log.append([msg('kept-1'), msg('kept-2')]);

    // Three appends in one tick share one transaction; the last cannot be cloned, so it aborts.
    const results = await Promise.allSettled([
      log.append([msg('lost-1')]),
      log.append([msg('lost-2', 'other')]),
      log.append([msg('poison', 's', { data: { callback: () => 1 } })]),
    ]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason as StorageWriteError;
      expect(error).toBeInstanceOf(StorageWriteError);
      expect(error).toMatchObject({ code: 'WRITE_ABORTED', durableHead: 2 });
      expect((error.cause as Error).name).toBe('DataCloneError');
    }

    expect(ids(await log.read())).toEqual(['kept-1', 'kept-2']);
    expect(await log.has('lost-1')).toBe(false);
    expect(await log.streamVersion('other')).toBe(0);
    expect(() => log.appendNow([msg('later')])).toThrow(StorageWriteError);
    await expect(log.flush()).rejects.toBeInstanceOf(StorageWriteError);
    expect(await log.db.count(STORES.events)).toBe(2);

    await log.recover();
    await log.append([msg('after-recovery')]);
    log.db.close();
    const again = await openLog(where);
    expect(ids(await again.read())).toEqual(['kept-1', 'kept-2', 'after-recovery']);
  });

  it('reports a full disk as QUOTA_EXCEEDED and says how to free space', async () => {
    const failures: StorageWriteError[] = [];
    const again = await openLog(freshDb(), { onWriteFailure: (e) => failures.push(e) });
    await again.append([msg('kept')]);
    // fake-indexeddb has no quota: abort the commit the way Chromium does when the disk is full.
    const add = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value, key) {
      const request = add.call(this, value, key);
      if ((value as { id: string }).id === 'full') {
        (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      }
      return request;
    });
    const attempt = again.append([msg('a'), msg('b'), msg('full')]);
    await expect(attempt).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED', durableHead: 1 });
    await expect(attempt).rejects.toThrow(/no storage space.*export the run.*delete branches.*clear/i);
    expect(failures.map((f) => f.code)).toEqual(['QUOTA_EXCEEDED']);
    expect(await again.head()).toBe(1);
    expect(await again.db.count(STORES.events)).toBe(1);
  });

  it('fails a second writer on the same branch instead of overwriting the first', async () => {
    const where = freshDb();
    const first = await openLog(where);
    const second = await openLog(where);
    await first.append([msg('a'), msg('b')]);
    await expect(second.append([msg('x')])).rejects.toMatchObject({ code: 'WRITE_ABORTED', durableHead: 0 });
    expect(await second.head()).toBe(0);
    await second.recover();
    expect(ids(await second.read())).toEqual(['a', 'b']);
  });

  it('rejects every staged write when the database is closed under it', async () => {
    const log = await openLog();
    log.appendNow([msg('a')]);
    log.db.close();
    await expect(log.flush()).rejects.toMatchObject({ code: 'CLOSED', durableHead: 0 });
    expect(await log.head()).toBe(0);
  });
});

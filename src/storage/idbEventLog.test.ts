import { describe, expect, it } from 'vitest';
import { eventLogContract } from '../engine/eventLogContract';
import { loadRuntime } from './records';
import { STORES } from './schema';
import { freshDb, msg, openLog } from './testSupport';

eventLogContract('IdbEventLog (fake-indexeddb)', () => openLog());

describe('IdbEventLog: durability', () => {
  it('finds everything again after a reopen', async () => {
    const where = freshDb();
    const log = await openLog(where);
    await log.append([msg('a', 'x'), msg('b', 'y')]);
    log.appendNow([msg('c', 'x', { data: { nested: [1, { deep: true }] } })]);
    await log.flush();
    log.db.close();

    const again = await openLog(where);
    expect(await again.read()).toEqual(await log.read());
    expect(await again.streamVersion('x')).toBe(2);
    expect(await again.has('b')).toBe(true);
    await again.append([msg('d', 'x')], { expectedVersion: 2 });
    expect(await again.head()).toBe(4);
  });

  it('commits many appends made in one tick in ONE transaction', async () => {
    const log = await openLog();
    const appends = Array.from({ length: 100 }, (_, i) => log.append([msg(`m${i}`, `s${i % 7}`)]));
    await Promise.all(appends);
    expect(log.commits).toBe(1);
    const stored = await log.db.count(STORES.events);
    expect(stored).toBe(100);
  });

  it('commits a frame of microtask-chained appendNow calls and its runtime state together', async () => {
    const where = freshDb();
    const log = await openLog(where);
    // A simulation frame: each task awaits the previous one, all without leaving the task.
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
      log.appendNow([msg(`f${i}`)]);
    }
    log.stageRuntime({ savedAt: 500, state: { cursors: { payment: 20 }, deadLetters: [] } });
    await log.flush();
    expect(log.commits).toBe(1);
    expect(await loadRuntime(log.db)).toEqual({
      branch: 'main',
      head: 20,
      savedAt: 500,
      state: { cursors: { payment: 20 }, deadLetters: [] },
    });
  });

  it('refuses runtime state that claims a different head than the log', async () => {
    const log = await openLog();
    log.appendNow([msg('a')]);
    expect(() => log.stageRuntime({ head: 7, savedAt: 0, state: {} })).toThrow(/position 7.*at 1/);
  });

  it('commits runtime state staged while its events are in flight after them', async () => {
    const log = await openLog();
    const first = log.append([msg('a'), msg('b')]);
    await Promise.resolve(); // the events' commit has started
    log.stageRuntime({ savedAt: 1, state: 'after b' });
    await Promise.all([first, log.flush()]);
    expect(log.commits).toBe(2);
    expect(log.durableHead).toBe(2);
    expect(await loadRuntime(log.db)).toMatchObject({ head: 2, state: 'after b' });
  });

  it('keeps appends made while a commit is in flight for the next one, in order', async () => {
    const log = await openLog();
    const first = log.append([msg('a')]);
    await Promise.resolve(); // the first commit has started
    const second = log.append([msg('b')]);
    const third = log.append([msg('c')]);
    await Promise.all([first, second, third]);
    expect(log.commits).toBe(2);
    expect(log.durableHead).toBe(3);
  });
});

describe('IdbEventLog: commit only on flush', () => {
  it('keeps staged events out of IndexedDB until flush, then commits them with their state', async () => {
    const where = freshDb();
    const log = await openLog(where, { commitOnFlushOnly: true });
    log.appendNow([msg('a', 'x')]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // several tasks: nothing commits by itself
    log.appendNow([msg('b', 'x')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.commits).toBe(0);
    expect(await log.head()).toBe(2); // reads see staged messages at once
    log.stageRuntime({ savedAt: 5, state: { at: 2 } });
    await log.flush();
    expect(log.commits).toBe(1);
    const runtime = await loadRuntime(log.db);
    expect(runtime).toMatchObject({ head: 2, state: { at: 2 } });
    log.db.close();
    const again = await openLog(where);
    expect((await again.read()).map((m) => m.id)).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createBranch,
  deleteBranch,
  forkBranch,
  listBranches,
  mainBranch,
  readBranchLog,
  resolveSegments,
} from './branches';
import { UnknownBranchError } from './errors';
import { loadRun, loadRuntime, loadSnapshot, loadSnapshots, saveRun, saveSnapshot } from './records';
import type { BranchRecord } from './schema';
import { freshDb, ids, msg, openLog } from './testSupport';

describe('branches', () => {
  it('resolves a branch to its ancestors up to each fork, then its own events', () => {
    const branches = new Map<string, BranchRecord>([
      ['main', mainBranch],
      ['a', { id: 'a', name: 'a', parent: 'main', forkPosition: 5 }],
      ['b', { id: 'b', name: 'b', parent: 'a', forkPosition: 8 }],
      ['c', { id: 'c', name: 'c', parent: 'a', forkPosition: 3 }],
    ]);
    expect(resolveSegments(branches, 'b')).toEqual([
      { branch: 'main', from: 1, to: 5 },
      { branch: 'a', from: 6, to: 8 },
      { branch: 'b', from: 9, to: Number.POSITIVE_INFINITY },
    ]);
    expect(resolveSegments(branches, 'c')).toEqual([
      { branch: 'main', from: 1, to: 3 },
      { branch: 'c', from: 4, to: Number.POSITIVE_INFINITY },
    ]);
    expect(() => resolveSegments(branches, 'nope')).toThrow(UnknownBranchError);
  });

  it('reads the parent up to the fork, then its own events; the parent never sees them', async () => {
    const where = freshDb();
    const main = await openLog(where);
    await main.append([msg('a', 'x'), msg('b', 'x'), msg('c', 'x')]);
    await createBranch(main.db, { id: 'what-if', name: 'skip c', parent: 'main', forkPosition: 2 });

    const branch = await openLog(where, { branch: 'what-if' });
    expect(ids(await branch.read())).toEqual(['a', 'b']);
    const { appended } = await branch.append([msg('d', 'x')], { expectedVersion: 2 });
    expect(appended.map((m) => [m.position, m.streamVersion])).toEqual([[3, 3]]);
    await main.append([msg('e', 'x')]);

    await createBranch(main.db, { id: 'deeper', name: 'deeper', parent: 'what-if', forkPosition: 3 });
    const deeper = await openLog(where, { branch: 'deeper' });
    await deeper.append([msg('f', 'y')]);

    const reopened = async (id: string) => ids(await (await openLog(where, { branch: id })).read());
    expect(await reopened('main')).toEqual(['a', 'b', 'c', 'e']);
    expect(await reopened('what-if')).toEqual(['a', 'b', 'd']);
    expect(await reopened('deeper')).toEqual(['a', 'b', 'd', 'f']);
    expect((await listBranches(main.db)).map((b) => b.id).sort()).toEqual(['deeper', 'main', 'what-if']);
  });

  it('refuses a fork past the parent head, an unknown parent and a taken id', async () => {
    const log = await openLog();
    await log.append([msg('a')]);
    await expect(
      createBranch(log.db, { id: 'x', name: 'x', parent: 'main', forkPosition: 2 }),
    ).rejects.toThrow(/from 0 to 1/);
    await expect(
      createBranch(log.db, { id: 'x', name: 'x', parent: 'ghost', forkPosition: 0 }),
    ).rejects.toThrow(UnknownBranchError);
    await expect(
      createBranch(log.db, { id: 'main', name: 'm', parent: 'main', forkPosition: 0 }),
    ).rejects.toThrow(/already exists/);
  });

  it('deletes a leaf branch with its events, but not one that others fork from', async () => {
    const where = freshDb();
    const main = await openLog(where);
    await main.append([msg('a')]);
    await createBranch(main.db, { id: 'b1', name: 'b1', parent: 'main', forkPosition: 1 });
    await (await openLog(where, { branch: 'b1' })).append([msg('b')]);
    await createBranch(main.db, { id: 'b2', name: 'b2', parent: 'b1', forkPosition: 2 });
    await expect(deleteBranch(main.db, 'b1')).rejects.toThrow(/b2/);
    await deleteBranch(main.db, 'b2');
    await deleteBranch(main.db, 'b1');
    expect(await main.db.count('events')).toBe(1);
    await expect(openLog(where, { branch: 'b1' })).rejects.toThrow(UnknownBranchError);
  });
});

describe('snapshots and runs', () => {
  it('finds the nearest snapshot at or before a position, through the fork', async () => {
    const where = freshDb();
    const main = await openLog(where);
    await main.append(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => msg(id)));
    for (const position of [2, 4, 6]) {
      await saveSnapshot(main.db, { branch: 'main', name: 'stock', position, state: { at: position } });
    }
    await saveSnapshot(main.db, { branch: 'main', name: 'revenue', position: 3, state: {} });
    await createBranch(main.db, { id: 'alt', name: 'alt', parent: 'main', forkPosition: 5 });
    const at = async (branch: string, position: number) =>
      (await loadSnapshot(main.db, branch, 'stock', position))?.state;

    expect(await at('main', 1)).toBeUndefined();
    expect(await at('main', 3)).toEqual({ at: 2 });
    expect(await at('main', 4)).toEqual({ at: 4 });
    expect(await at('main', 100)).toEqual({ at: 6 });
    // main's snapshot at 6 lies after the fork: the branch never had that state.
    expect(await at('alt', 100)).toEqual({ at: 4 });
    await saveSnapshot(main.db, { branch: 'alt', name: 'stock', position: 7, state: { at: 'alt-7' } });
    expect(await at('alt', 8)).toEqual({ at: 'alt-7' });
    expect(await at('alt', 6)).toEqual({ at: 4 });
  });

  it('saves and loads run metadata', async () => {
    const log = await openLog();
    const run = {
      id: 'current',
      scenario: 'order-saga',
      seed: '42',
      settings: { mode: 'orchestration' },
      actions: [],
    };
    await saveRun(log.db, run);
    expect(await loadRun(log.db)).toEqual(run);
    expect(await loadRun(log.db, 'other')).toBeUndefined();
  });
});

describe('loadSnapshots', () => {
  it('lists every snapshot of a name a branch holds, oldest first', async () => {
    const log = await openLog();
    for (const position of [300, 100, 200]) {
      await saveSnapshot(log.db, { branch: 'main', name: '$run', position, state: { position } });
    }
    await saveSnapshot(log.db, { branch: 'main', name: 'other', position: 150, state: {} });
    const found = await loadSnapshots(log.db, 'main', '$run');
    expect(found.map((s) => s.position)).toEqual([100, 200, 300]);
  });
});

describe('forkBranch and readBranchLog', () => {
  it('stores a branch with the state it starts from, all or nothing', async () => {
    const where = freshDb();
    const main = await openLog(where);
    await main.append([msg('a', 'x'), msg('b', 'x'), msg('c', 'x')]);
    const branch = { id: 'b1', name: 'b1', parent: 'main', forkPosition: 2 };
    await forkBranch(main.db, branch, { savedAt: 7, state: { at: 2 } }, [
      { name: '$run', position: 2, state: { checkpoint: 2 } },
    ]);
    expect(await loadRuntime(main.db, 'b1')).toEqual({ branch: 'b1', head: 2, savedAt: 7, state: { at: 2 } });
    expect((await loadSnapshots(main.db, 'b1', '$run')).map((s) => s.state)).toEqual([{ checkpoint: 2 }]);
    // A taken id: nothing of the second fork is written, not even its runtime.
    await expect(
      forkBranch(main.db, { ...branch, forkPosition: 1 }, { savedAt: 9, state: { at: 1 } }),
    ).rejects.toThrow(/already exists/);
    expect((await loadRuntime(main.db, 'b1'))?.state).toEqual({ at: 2 });

    const own = await openLog(where, { branch: 'b1' });
    await own.append([msg('d', 'x')]);
    expect(ids(await readBranchLog(main.db, 'b1'))).toEqual(['a', 'b', 'd']);
    expect(ids(await readBranchLog(main.db, 'main'))).toEqual(['a', 'b', 'c']);
  });
});

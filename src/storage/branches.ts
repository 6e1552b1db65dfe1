import { UnknownBranchError } from './errors';
import { type BranchRecord, type EventscapeDb, MAIN_BRANCH, STORES } from './schema';
import { withTransaction } from './transaction';

/** The `main` branch: the root every other branch forks from. */
export const mainBranch: BranchRecord = { id: MAIN_BRANCH, name: 'main', parent: null, forkPosition: 0 };

/** Positions `from`..`to` (inclusive; `to` may be Infinity) stored under `branch`. */
export interface Segment {
  readonly branch: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Where a branch's log lives, oldest first: its parent's log up to the fork (recursively), then its
 * own events, which are stored under its id with positions after the fork (copy-on-write).
 */
export function resolveSegments(branches: ReadonlyMap<string, BranchRecord>, id: string): Segment[] {
  const segments: Segment[] = [];
  let upTo = Number.POSITIVE_INFINITY;
  let current: string | null = id;
  for (let depth = 0; current !== null; depth++) {
    const branch = branches.get(current);
    if (!branch) throw new UnknownBranchError(current, [...branches.keys()]);
    if (depth > branches.size) throw new Error(`Branch "${id}" has a cycle among its parents.`);
    if (branch.forkPosition < upTo)
      segments.unshift({ branch: branch.id, from: branch.forkPosition + 1, to: upTo });
    upTo = Math.min(upTo, branch.forkPosition);
    current = branch.parent;
  }
  return segments;
}

/** Every branch, `main` included. */
export async function listBranches(db: EventscapeDb): Promise<BranchRecord[]> {
  return withTransaction(db, [STORES.branches], 'readonly', (tx) => tx.objectStore(STORES.branches).getAll());
}

/**
 * Every branch by id, creating `main` on first use. The common path is one readonly transaction:
 * an open must not pay for a readwrite commit it does not need.
 */
export async function loadBranches(db: EventscapeDb): Promise<Map<string, BranchRecord>> {
  let branches = await listBranches(db);
  if (!branches.some((b) => b.id === MAIN_BRANCH)) {
    branches = await withTransaction(db, [STORES.branches], 'readwrite', async (tx) => {
      const store = tx.objectStore(STORES.branches);
      if (!(await store.get(MAIN_BRANCH))) await store.add(mainBranch);
      return store.getAll();
    });
  }
  return new Map(branches.map((b) => [b.id, b]));
}

/**
 * Forks `parent` at `forkPosition`: the new branch sees the parent's first `forkPosition` events
 * and writes its own after them. Rejects an unknown parent, a taken id or a fork past the parent's head.
 */
export async function createBranch(
  db: EventscapeDb,
  branch: Omit<BranchRecord, 'parent'> & { readonly parent: string },
): Promise<BranchRecord> {
  return withTransaction(db, [STORES.branches, STORES.events], 'readwrite', async (tx) => {
    const branches = tx.objectStore(STORES.branches);
    const parent = await branches.get(branch.parent);
    if (!parent) throw new UnknownBranchError(branch.parent, await branches.getAllKeys());
    if (await branches.get(branch.id)) throw new Error(`A branch with id "${branch.id}" already exists.`);
    const last = await tx
      .objectStore(STORES.events)
      .openKeyCursor(ownRange(parent.id, parent.forkPosition + 1, Number.POSITIVE_INFINITY), 'prev');
    const parentHead = last ? (last.primaryKey as [string, number])[1] : parent.forkPosition;
    if (
      !Number.isInteger(branch.forkPosition) ||
      branch.forkPosition < 0 ||
      branch.forkPosition > parentHead
    ) {
      throw new RangeError(
        `Cannot fork "${parent.id}" at position ${branch.forkPosition}: it must be a whole number from 0 to ${parentHead}.`,
      );
    }
    await branches.add(branch);
    return branch;
  });
}

/**
 * Deletes a branch with its events, runtime state and snapshots. `main` and branches that others
 * fork from stay: their events are part of those branches' logs.
 */
export async function deleteBranch(db: EventscapeDb, id: string): Promise<void> {
  const stores = [STORES.branches, STORES.events, STORES.runtime, STORES.snapshots];
  await withTransaction(db, stores, 'readwrite', async (tx) => {
    const all = await tx.objectStore(STORES.branches).getAll();
    if (id === MAIN_BRANCH) throw new Error('The main branch cannot be deleted; clear the database instead.');
    const children = all.filter((b) => b.parent === id).map((b) => b.id);
    if (children.length > 0)
      throw new Error(`Branch "${id}" has branches forked from it: ${children.join(', ')}.`);
    await Promise.all([
      tx.objectStore(STORES.branches).delete(id),
      tx.objectStore(STORES.events).delete(ownRange(id, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)),
      tx.objectStore(STORES.runtime).delete(id),
      tx.objectStore(STORES.snapshots).delete(IDBKeyRange.bound([id], [id, []])),
    ]);
  });
}

/** Keys `[branch, from]`..`[branch, to]` of the events store. */
export function ownRange(branch: string, from: number, to: number): IDBKeyRange {
  return IDBKeyRange.bound([branch, from], [branch, to]);
}

import { unwrap } from 'idb';
import type { Message } from '../engine/message';
import { UnknownBranchError } from './errors';
import { loadEvents } from './loadEvents';
import {
  type BranchRecord,
  type EventscapeDb,
  MAIN_BRANCH,
  type RuntimeRecord,
  type SnapshotRecord,
  STORES,
} from './schema';
import { type Tx, withTransaction } from './transaction';

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
  return withTransaction(db, FORK_STORES, 'readwrite', (tx) => addBranch(tx, branch));
}

/** The stores a fork writes or checks (one type for both helpers' transactions). */
const FORK_STORES: ('branches' | 'events' | 'runtime' | 'snapshots')[] = [
  STORES.branches,
  STORES.events,
  STORES.runtime,
  STORES.snapshots,
];

/**
 * Forks a branch and gives it its starting state in one transaction: the branch record, the
 * runtime state it resumes from (as of its fork position) and any snapshots (e.g. a time-travel
 * checkpoint at the fork). Either all of it is stored or none: a branch without a state to resume
 * from could not be opened.
 */
export async function forkBranch(
  db: EventscapeDb,
  branch: Omit<BranchRecord, 'parent'> & { readonly parent: string },
  runtime: Omit<RuntimeRecord, 'branch' | 'head'>,
  snapshots: readonly Omit<SnapshotRecord, 'branch'>[] = [],
): Promise<BranchRecord> {
  return withTransaction(db, FORK_STORES, 'readwrite', async (tx) => {
    const created = await addBranch(tx, branch);
    await tx.objectStore(STORES.runtime).put({ ...runtime, branch: branch.id, head: branch.forkPosition });
    for (const s of snapshots) await tx.objectStore(STORES.snapshots).put({ ...s, branch: branch.id });
    return created;
  });
}

/** Checks a new branch against its parent and adds it, inside the caller's transaction. */
async function addBranch(
  tx: Tx<typeof FORK_STORES, 'readwrite'>,
  branch: Omit<BranchRecord, 'parent'> & { readonly parent: string },
): Promise<BranchRecord> {
  const branches = tx.objectStore(STORES.branches);
  const parent = await branches.get(branch.parent);
  if (!parent) throw new UnknownBranchError(branch.parent, await branches.getAllKeys());
  if (await branches.get(branch.id)) throw new Error(`A branch with id "${branch.id}" already exists.`);
  const last = await tx
    .objectStore(STORES.events)
    .openKeyCursor(ownRange(parent.id, parent.forkPosition + 1, Number.POSITIVE_INFINITY), 'prev');
  const parentHead = last ? (last.primaryKey as [string, number])[1] : parent.forkPosition;
  if (!Number.isInteger(branch.forkPosition) || branch.forkPosition < 0 || branch.forkPosition > parentHead) {
    throw new RangeError(
      `Cannot fork "${parent.id}" at position ${branch.forkPosition}: it must be a whole number from 0 to ${parentHead}.`,
    );
  }
  await branches.add(branch);
  return branch;
}

/**
 * A branch's whole log, read from IndexedDB (its parent's events up to the fork, then its own):
 * for comparing a branch that is not open. Only what is committed; an open log has more staged.
 */
export async function readBranchLog(db: EventscapeDb, id: string): Promise<Message[]> {
  const segments = resolveSegments(await loadBranches(db), id);
  const messages: Message[] = [];
  await loadEvents(unwrap(db), segments, (chunk) => {
    for (const m of chunk) messages.push(m);
  });
  return messages;
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

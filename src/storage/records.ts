import { resolveSegments } from './branches';
import {
  type EventscapeDb,
  MAIN_BRANCH,
  type RunRecord,
  type RuntimeRecord,
  type SnapshotRecord,
  STORES,
} from './schema';
import { withTransaction } from './transaction';

/** Saves run metadata (scenario, seed, settings, the person's actions); `current` is the active run. */
export async function saveRun(db: EventscapeDb, run: RunRecord): Promise<void> {
  await withTransaction(db, [STORES.runs], 'readwrite', (tx) => tx.objectStore(STORES.runs).put(run));
}

export async function loadRun(db: EventscapeDb, id = 'current'): Promise<RunRecord | undefined> {
  return withTransaction(db, [STORES.runs], 'readonly', (tx) => tx.objectStore(STORES.runs).get(id));
}

/** The runtime state last committed with a branch's events (see `IdbEventLog.stageRuntime`). */
export async function loadRuntime(
  db: EventscapeDb,
  branch = MAIN_BRANCH,
): Promise<RuntimeRecord | undefined> {
  return withTransaction(db, [STORES.runtime], 'readonly', (tx) =>
    tx.objectStore(STORES.runtime).get(branch),
  );
}

/** Every snapshot of `name` a branch itself holds, oldest first (a cache: it may be empty). */
export async function loadSnapshots(
  db: EventscapeDb,
  branch: string,
  name: string,
): Promise<SnapshotRecord[]> {
  const range = IDBKeyRange.bound([branch, name, 0], [branch, name, Number.MAX_SAFE_INTEGER]);
  return withTransaction(db, [STORES.snapshots], 'readonly', (tx) =>
    tx.objectStore(STORES.snapshots).getAll(range),
  );
}

/** Caches a fold as of `position`. Snapshots are a cache: replaying from scratch must give the same. */
export async function saveSnapshot(db: EventscapeDb, snapshot: SnapshotRecord): Promise<void> {
  await withTransaction(db, [STORES.snapshots], 'readwrite', (tx) =>
    tx.objectStore(STORES.snapshots).put(snapshot),
  );
}

/** Forgets the snapshot of `name` at `position` on `branch` (a cache thinned as the run grows). */
export async function deleteSnapshot(
  db: EventscapeDb,
  branch: string,
  name: string,
  position: number,
): Promise<void> {
  await withTransaction(db, [STORES.snapshots], 'readwrite', (tx) =>
    tx.objectStore(STORES.snapshots).delete([branch, name, position]),
  );
}

/**
 * The snapshot of `name` nearest at or before `position` that the branch can see: its own after
 * the fork, else its parent's up to the fork (recursively), exactly the events its log holds.
 */
export async function loadSnapshot(
  db: EventscapeDb,
  branch: string,
  name: string,
  position: number,
): Promise<SnapshotRecord | undefined> {
  return withTransaction(db, [STORES.branches, STORES.snapshots], 'readonly', async (tx) => {
    const branches = await tx.objectStore(STORES.branches).getAll();
    const segments = resolveSegments(new Map(branches.map((b) => [b.id, b])), branch);
    const snapshots = tx.objectStore(STORES.snapshots);
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i] as (typeof segments)[number];
      const to = Math.min(segment.to, position);
      if (to < segment.from) continue;
      const range = IDBKeyRange.bound([segment.branch, name, segment.from], [segment.branch, name, to]);
      const nearest = await snapshots.openCursor(range, 'prev');
      if (nearest) return nearest.value;
    }
    return undefined;
  });
}

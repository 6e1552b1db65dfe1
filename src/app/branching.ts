import type { EffectRecord } from '../engine/effects';
import { Table } from '../engine/table';
import type { Segment } from '../storage/branches';
import type { BranchRecord } from '../storage/schema';
import type { SavedRun } from './driver';
import type { Checkpoint, Moment } from './timeMachine';

/**
 * The state a branch forked at `moment` starts from: the moment's simulation and driver, exactly
 * as a driver would save them, as a copy (the moment's re-run must not share objects with it).
 *
 * The effect gateway of a rebuilt moment holds every effect the live run recorded, the old future's
 * included. The branch keeps only those performed by then: an email the old future sent was never
 * sent in the branch's past, so the branch sends it itself if its future asks for it.
 */
export function forkedRun(moment: Moment): SavedRun {
  const run = structuredClone(moment.exportRun());
  const now = run.sim.scheduler.now;
  const all = Table.revive<EffectRecord>(run.sim.effects.records);
  const records = Table.from([...all].filter(([, r]) => r.time <= now));
  return {
    ...run,
    sim: { ...run.sim, effects: { records, performed: Math.min(run.sim.effects.performed, records.size) } },
  };
}

/** The time-travel checkpoint a forked run starts with (so seeks on the branch start at the fork). */
export function checkpointOf(run: SavedRun): Checkpoint {
  return {
    sim: run.sim,
    actions: run.actions.length,
    ordersStarted: run.ordersStarted,
    traffic: run.traffic,
    style: run.style,
  };
}

/** `branch-N`, one more than the highest N taken (ids are never reused, even after a delete). */
export function nextBranchId(branches: Iterable<{ readonly id: string }>): string {
  let highest = 0;
  for (const { id } of branches) {
    const n = /^branch-(\d+)$/.exec(id)?.[1];
    if (n !== undefined) highest = Math.max(highest, Number(n));
  }
  return `branch-${highest + 1}`;
}

/** How the switcher lists a branch: "branch-2 · from main at #123", or "main". */
export function describeBranch(branch: BranchRecord, all: ReadonlyMap<string, BranchRecord>): string {
  if (branch.parent === null) return branch.name;
  const parent = all.get(branch.parent)?.name ?? branch.parent;
  return `${branch.name} · from ${parent} at #${branch.forkPosition}`;
}

/**
 * The last position two branches read from the same stored events: where one forked from the
 * other, or from a common ancestor. Their logs are identical up to it by construction.
 */
export function sharedUpTo(a: readonly Segment[], b: readonly Segment[]): number {
  let shared = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as Segment;
    const y = b[i] as Segment;
    if (x.branch !== y.branch || x.from !== y.from) break;
    shared = Math.min(x.to, y.to);
    if (x.to !== y.to) break;
  }
  return shared;
}

/**
 * Checkpoints of its ancestors that a branch may start a seek from: theirs up to (not at) each
 * fork — a checkpoint taken at the fork position itself may hold later tasks than the moment the
 * branch forked at — then its own, the first of which is the fork itself.
 */
export function inheritedCheckpoints(
  segments: readonly Segment[],
  checkpointsOf: (branch: string) => readonly Checkpoint[],
): Checkpoint[] {
  return segments.flatMap((s) =>
    checkpointsOf(s.branch).filter((c) => c.sim.head >= s.from - 1 && c.sim.head < s.to),
  );
}

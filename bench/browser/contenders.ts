import { openDB } from 'idb';
import type { Message } from '../../src/engine/message';
import { IdbEventLog } from '../../src/storage/idbEventLog';
import { type EventRecord, type EventscapeSchema, STORES } from '../../src/storage/schema';
import { openRaw } from './appenders';
import { foldAll } from './workload';

/*
 * The rebuild contenders. Each opens its own fresh connection (cold: nothing of the log is in the
 * page), times the open, the read and the folds, and checks the folds outside the timed region.
 */

/** Fills `dbName` (our schema, `main` branch) with `records`, untimed. */
export async function populate(dbName: string, records: readonly EventRecord[]): Promise<void> {
  (await IdbEventLog.open({ dbName })).db.close(); // creates the schema and the main branch
  const db = await openRaw(dbName);
  for (let i = 0; i < records.length; i += 10_000) {
    const tx = db.transaction(STORES.events, 'readwrite');
    await Promise.all([...records.slice(i, i + 10_000).map((r) => tx.store.put(r)), tx.done]);
  }
  db.close();
}

/**
 * Cold rebuild through our log: open (load the mirror), then fold every projection. Also times,
 * separately, what the mirror defers to first use: building its id and stream index.
 */
export async function rebuildOurs(
  dbName: string,
  expected: number,
): Promise<{ ms: number; indexMs: number }> {
  const start = performance.now();
  const log = await IdbEventLog.open({ dbName });
  const folded = foldAll(await log.read());
  const ms = performance.now() - start;
  await log.has('not-there'); // the first append, `has` or stream read builds the index
  const indexMs = performance.now() - start - ms;
  log.db.close();
  checkFold(folded, expected, 'ours');
  return { ms, indexMs };
}

/** Cold rebuild, raw: a plain connection, one `getAll` of the store, the same folds. */
export async function rebuildRaw(dbName: string, expected: number): Promise<number> {
  const start = performance.now();
  const db = await openDB<EventscapeSchema>(dbName);
  const folded = foldAll((await db.getAll(STORES.events)) as Message[]);
  const ms = performance.now() - start;
  db.close();
  checkFold(folded, expected, 'raw');
  return ms;
}

function checkFold(folded: ReturnType<typeof foldAll>, expected: number, who: string): void {
  if (folded.byType !== 8 || folded.statuses !== expected / 10) {
    throw new Error(`${who} folded a wrong log: ${JSON.stringify(folded)}`);
  }
}

import Dexie from 'dexie';
import { openDB } from 'idb';
import type { Message, NewMessage } from '../../src/engine/message';
import { IdbEventLog } from '../../src/storage/idbEventLog';
import { DB_VERSION, type EventRecord, type EventscapeSchema, runMigrations, STORES } from '../../src/storage/schema';
import { foldAll } from './workload';

/*
 * The contenders. Each opens its own connection, times only the work, closes, and checks its result
 * outside the timed region. Every one writes the same records into a store with the same key path
 * and the same three indexes (ours via the real schema; raw via the same migration; Dexie via the
 * equivalent schema string), with the same durability, so ratios measure code, not schema.
 */

/** Commit durability for all three contenders (ours defaults to it). */
const durability: IDBTransactionDurability = 'relaxed';

export interface AppendSample {
  readonly perSecond: number;
  readonly commits?: number;
}

/** Our log through its public `append`: `batch` single-message appends per tick, then await them. */
export async function appendOurs(dbName: string, messages: readonly NewMessage[], batch: number): Promise<AppendSample> {
  const log = await IdbEventLog.open({ dbName, durability });
  const start = performance.now();
  for (let i = 0; i < messages.length; i += batch) {
    const appends: Promise<unknown>[] = [];
    for (const m of messages.slice(i, i + batch)) appends.push(log.append([m]));
    await Promise.all(appends);
  }
  const ms = performance.now() - start;
  const commits = log.commits;
  await expectCount(log.db.count(STORES.events), messages.length, 'ours');
  await log.close();
  return { perSecond: (messages.length / ms) * 1000, commits };
}

/** Plain idb: one readwrite transaction per batch, every put fired, then `tx.done`. */
export async function appendRaw(dbName: string, records: readonly EventRecord[], batch: number): Promise<AppendSample> {
  const db = await openRaw(dbName);
  const start = performance.now();
  for (let i = 0; i < records.length; i += batch) {
    const tx = db.transaction(STORES.events, 'readwrite', { durability });
    await Promise.all([...records.slice(i, i + batch).map((r) => tx.store.put(r)), tx.done]);
  }
  const ms = performance.now() - start;
  await expectCount(db.count(STORES.events), records.length, 'raw');
  db.close();
  return { perSecond: (records.length / ms) * 1000 };
}

/** Dexie `bulkAdd`, one call (one transaction) per batch. */
export async function appendDexie(dbName: string, records: readonly EventRecord[], batch: number): Promise<AppendSample> {
  const db = new Dexie(dbName, { chromeTransactionDurability: durability });
  // Same key path and indexes as src/storage/schema.ts, in Dexie's notation (& = unique).
  db.version(1).stores({ events: '[branch+position],&[branch+id],&[branch+subject+streamVersion],[branch+type]' });
  await db.open();
  const table = db.table<EventRecord>('events');
  const start = performance.now();
  for (let i = 0; i < records.length; i += batch) await table.bulkAdd(records.slice(i, i + batch));
  const ms = performance.now() - start;
  await expectCount(table.count(), records.length, 'dexie');
  db.close();
  return { perSecond: (records.length / ms) * 1000 };
}

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

/** Cold rebuild through our log: open (load the mirror), then fold every projection. */
export async function rebuildOurs(dbName: string, expected: number): Promise<number> {
  const start = performance.now();
  const log = await IdbEventLog.open({ dbName });
  const folded = foldAll(await log.read());
  const ms = performance.now() - start;
  log.db.close();
  checkFold(folded, expected, 'ours');
  return ms;
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

function openRaw(dbName: string) {
  return openDB<EventscapeSchema>(dbName, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => runMigrations(db, oldVersion, DB_VERSION, tx),
  });
}

async function expectCount(count: Promise<number>, expected: number, who: string): Promise<void> {
  const actual = await count;
  if (actual !== expected) throw new Error(`${who} stored ${actual} events, expected ${expected}`);
}

function checkFold(folded: ReturnType<typeof foldAll>, expected: number, who: string): void {
  if (folded.byType !== 8 || folded.statuses !== expected / 10) {
    throw new Error(`${who} folded a wrong log: ${JSON.stringify(folded)}`);
  }
}

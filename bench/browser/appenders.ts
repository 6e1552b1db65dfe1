import Dexie from 'dexie';
import { openDB } from 'idb';
import type { NewMessage } from '../../src/engine/message';
import { IdbEventLog } from '../../src/storage/idbEventLog';
import {
  DB_VERSION,
  type EventRecord,
  type EventscapeSchema,
  runMigrations,
  STORES,
} from '../../src/storage/schema';

/*
 * The append contenders, as writers of one batch at a time, so the page can interleave them batch
 * by batch: on a shared machine, load comes and goes within seconds, and only a fine interleave
 * makes all three meet the same load. Every one writes the same records into a fresh database
 * with the same key path and the same three indexes (ours via the real schema; raw via the same
 * migration; Dexie via the equivalent schema string) and the same durability.
 */

/** Commit durability for all three contenders (ours defaults to it). */
export const durability: IDBTransactionDurability = 'relaxed';

export interface Appender {
  /** Writes batch number `index` (records `index * size` …) and resolves when it is durable. */
  write(index: number): Promise<void>;
  /** Checks that everything arrived (untimed), closes, and reports our commit count. */
  finish(): Promise<{ commits?: number }>;
}

/** Our log through its public `append`: `size` single-message appends in one tick, then awaited. */
export async function ourAppender(
  dbName: string,
  messages: readonly NewMessage[],
  size: number,
): Promise<Appender> {
  const log = await IdbEventLog.open({ dbName, durability });
  return {
    async write(index) {
      const appends: Promise<unknown>[] = [];
      for (const m of messages.slice(index * size, (index + 1) * size)) appends.push(log.append([m]));
      await Promise.all(appends);
    },
    async finish() {
      await expectCount(log.db.count(STORES.events), messages.length, 'ours');
      const commits = log.commits;
      await log.close();
      return { commits };
    },
  };
}

/** Plain idb: one readwrite transaction per batch, every `put` fired, then `tx.done`. */
export async function rawAppender(
  dbName: string,
  records: readonly EventRecord[],
  size: number,
): Promise<Appender> {
  const db = await openRaw(dbName);
  return {
    async write(index) {
      const tx = db.transaction(STORES.events, 'readwrite', { durability });
      const puts = records.slice(index * size, (index + 1) * size).map((r) => tx.store.put(r));
      await Promise.all([...puts, tx.done]);
    },
    async finish() {
      await expectCount(db.count(STORES.events), records.length, 'raw');
      db.close();
      return {};
    },
  };
}

/** Dexie `bulkAdd`, one call (one transaction) per batch. */
export async function dexieAppender(
  dbName: string,
  records: readonly EventRecord[],
  size: number,
): Promise<Appender> {
  const db = new Dexie(dbName, { chromeTransactionDurability: durability });
  // Same key path and indexes as src/storage/schema.ts, in Dexie's notation (& = unique).
  db.version(1).stores({
    events: '[branch+position],&[branch+id],&[branch+subject+streamVersion],[branch+type]',
  });
  await db.open();
  const table = db.table<EventRecord>('events');
  return {
    async write(index) {
      await table.bulkAdd(records.slice(index * size, (index + 1) * size));
    },
    async finish() {
      await expectCount(table.count(), records.length, 'dexie');
      db.close();
      return {};
    },
  };
}

/** A plain idb connection with our schema (the same migration), for the baselines. */
export function openRaw(dbName: string) {
  return openDB<EventscapeSchema>(dbName, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => runMigrations(db, oldVersion, DB_VERSION, tx),
  });
}

async function expectCount(count: Promise<number>, expected: number, who: string): Promise<void> {
  const actual = await count;
  if (actual !== expected) throw new Error(`${who} stored ${actual} events, expected ${expected}`);
}

import type { IDBPTransaction } from 'idb';
import type { EventscapeDb, EventscapeSchema, StoreNamesOf } from './schema';

export type Tx<Names extends StoreNamesOf[], Mode extends IDBTransactionMode> = IDBPTransaction<
  EventscapeSchema,
  Names,
  Mode
>;

/**
 * The one way the small helpers touch IndexedDB: open a transaction, let `work` issue requests,
 * then `await tx.done`. `work` may await only requests of `tx` (the idb README's rule: awaiting
 * anything else lets the transaction auto-commit under you). If `work` throws, the transaction is
 * aborted so that none of its writes land.
 */
export async function withTransaction<Names extends StoreNamesOf[], Mode extends IDBTransactionMode, T>(
  db: EventscapeDb,
  stores: Names,
  mode: Mode,
  work: (tx: Tx<Names, Mode>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode);
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    await tx.done.catch(() => {});
    throw error;
  }
}

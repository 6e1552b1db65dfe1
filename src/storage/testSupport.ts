import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { IdbEventLog, type IdbEventLogOptions } from './idbEventLog';

/*
 * Test helpers. Importing this installs fake-indexeddb's globals (idb checks `instanceof IDBDatabase`
 * and the code builds `IDBKeyRange`s); every test still gets its own `new IDBFactory()`, an empty
 * "browser", so tests cannot see each other's databases.
 */

let counter = 0;

/** A fresh, empty IndexedDB and a database name in it. */
export function freshDb(): { factory: IDBFactory; dbName: string } {
  counter++;
  return { factory: new IDBFactory(), dbName: `eventscape-test-${counter}` };
}

/** Opens a log on a fresh database, or on `where` to reopen one. */
export function openLog(
  where: { factory: IDBFactory; dbName: string } = freshDb(),
  options: Omit<IdbEventLogOptions, 'factory' | 'dbName'> = {},
): Promise<IdbEventLog> {
  return IdbEventLog.open({ ...where, ...options });
}

export { msg } from '../engine/eventLogContract';

export const ids = (messages: readonly { id: string }[]): string[] => messages.map((m) => m.id);

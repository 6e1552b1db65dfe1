import type { EventLog } from '../engine/eventLog';
import { isStaging } from '../engine/eventLog';
import { hashMessages } from '../engine/hash';
import type { Store } from './args';

export interface OpenedStore {
  readonly log: EventLog;
  /** Makes everything durable; for idb, reads the log back and returns the stored log's hash. */
  finish(): Promise<string | null>;
}

/**
 * The run's event log. `idb` is the browser's IndexedDB log over fake-indexeddb, loaded only when
 * asked for, so a memory run never touches storage code.
 */
export async function openStore(store: Store, name: string): Promise<OpenedStore> {
  if (store === 'memory') {
    const { MemoryEventLog } = await import('../engine/memoryLog');
    return { log: new MemoryEventLog(), finish: async () => null };
  }
  await import('./fakeIndexedDb');
  const [{ IDBFactory }, { IdbEventLog }] = await Promise.all([
    import('fake-indexeddb'),
    import('../storage/idbEventLog'),
  ]);
  const factory = new IDBFactory();
  const dbName = `eventscape-sim-${name}`;
  const log = await IdbEventLog.open({ dbName, factory });
  return {
    log,
    async finish() {
      if (isStaging(log)) await log.flush();
      await log.close();
      // Read back what IndexedDB holds, from a fresh connection: the proof it was all stored.
      const reopened = await IdbEventLog.open({ dbName, factory });
      const stored = hashMessages(await reopened.read());
      await reopened.close();
      return stored;
    },
  };
}

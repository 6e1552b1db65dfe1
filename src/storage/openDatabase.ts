import { wrap } from 'idb';
import { StorageBlockedError, StorageNewerSchemaError } from './errors';
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  type EventscapeDb,
  type Migration,
  migrations,
  runMigrations,
  type UpgradeTransaction,
} from './schema';

export interface OpenDatabaseOptions {
  readonly dbName?: string;
  /** Defaults to the page's `indexedDB`; tests pass fake-indexeddb's `new IDBFactory()`. */
  readonly factory?: IDBFactory;
  /** How long to wait for other tabs to let go before an upgrade gives up (default 5000 ms). */
  readonly blockedTimeoutMs?: number;
  /**
   * Called after this connection closed itself because a newer tab wants to upgrade the schema.
   * Closing is what lets that tab proceed; this tab must reload to keep writing.
   */
  readonly onVersionChange?: () => void;
  /** For migration tests only: a different list of steps (its length is the version). */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating or upgrading) the Eventscape database. Never hangs: an upgrade that an old tab
 * blocks rejects with {@link StorageBlockedError} after `blockedTimeoutMs`.
 */
export function openDatabase(options: OpenDatabaseOptions = {}): Promise<EventscapeDb> {
  const name = options.dbName ?? DEFAULT_DB_NAME;
  const steps = options.migrations ?? migrations;
  const version = options.migrations ? steps.length : DB_VERSION;
  const timeoutMs = options.blockedTimeoutMs ?? 5000;
  const request = (options.factory ?? indexedDB).open(name, version);

  return new Promise<EventscapeDb>((resolve, reject) => {
    let gaveUp = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    request.onupgradeneeded = (event) => {
      const upgrade = request.transaction as IDBTransaction;
      try {
        runMigrations(
          wrap(request.result) as EventscapeDb,
          event.oldVersion,
          version,
          wrapUpgrade(upgrade),
          steps,
        );
      } catch (error) {
        // Aborting the upgrade leaves the database as it was; the open then fails with `error`.
        upgrade.abort();
        gaveUp = true;
        reject(error);
      }
    };
    request.onblocked = () => {
      timer ??= setTimeout(() => {
        gaveUp = true;
        reject(new StorageBlockedError(name, timeoutMs));
      }, timeoutMs);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      const db = request.result;
      // We already told the caller we failed; a late success must not hold the database open.
      if (gaveUp) return db.close();
      db.onversionchange = () => {
        db.close();
        options.onVersionChange?.();
      };
      resolve(wrap(db) as EventscapeDb);
    };
    request.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault();
      if (gaveUp) return;
      const error = request.error;
      reject(error?.name === 'VersionError' ? new StorageNewerSchemaError(name, error) : error);
    };
  });
}

function wrapUpgrade(tx: IDBTransaction): UpgradeTransaction {
  const wrapped = wrap(tx) as unknown as UpgradeTransaction;
  // idb makes a `done` promise for every wrapped transaction; a failed upgrade is reported
  // through the open request instead, so this one must not surface as an unhandled rejection.
  wrapped.done.catch(() => {});
  return wrapped;
}

/** Deletes a whole database (all branches, runs and snapshots). Rejects if another tab blocks it. */
export function deleteDatabase(
  name: string = DEFAULT_DB_NAME,
  factory: IDBFactory = indexedDB,
  blockedTimeoutMs = 5000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    request.onblocked = () => {
      timer ??= setTimeout(() => reject(new StorageBlockedError(name, blockedTimeoutMs)), blockedTimeoutMs);
    };
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
  });
}

import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Message } from '../engine/message';

/*
 * The IndexedDB schema of Eventscape. Store and index names are part of the data already on people's
 * disks: CHANGE THEM ONLY WITH A MIGRATION (append one to `migrations` and bump DB_VERSION).
 */
export const STORES = {
  events: 'events',
  runtime: 'runtime',
  snapshots: 'snapshots',
  runs: 'runs',
  branches: 'branches',
} as const;

/** Index names of the `events` store; change only with a migration (see above). */
export const EVENT_INDEXES = {
  byId: 'by-id',
  byStream: 'by-stream',
  byType: 'by-type',
} as const;

/** The database name the app uses unless told otherwise. */
export const DEFAULT_DB_NAME = 'eventscape';

/** The branch every run starts on. */
export const MAIN_BRANCH = 'main';

/** A logged message as stored: the engine's {@link Message} plus the branch that owns it. */
export type EventRecord = Message & { readonly branch: string };

/**
 * The simulation's exported state at `head`, saved in the same transaction as the events up to
 * `head`. Broker cursors, unacknowledged deliveries and dead letters live inside `state`.
 */
export interface RuntimeRecord {
  readonly branch: string;
  readonly head: number;
  /** Virtual ms at which the state was exported. */
  readonly savedAt: number;
  /** Plain, structured-clonable data from the engine; storage does not look inside. */
  readonly state: unknown;
}

/** A cached fold (one service's or projection's state) as of `position`; a cache, never a source. */
export interface SnapshotRecord {
  readonly branch: string;
  readonly name: string;
  readonly position: number;
  readonly state: unknown;
}

/** What is needed to reproduce a run: scenario, seed, settings and the person's actions. */
export interface RunRecord {
  /** `current` for the active run. */
  readonly id: string;
  readonly scenario: string;
  readonly seed: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly actions: readonly unknown[];
  readonly createdAt?: string;
}

/** A branch reads its parent's events up to `forkPosition`, then its own (copy-on-write). */
export interface BranchRecord {
  readonly id: string;
  readonly name: string;
  readonly parent: string | null;
  readonly forkPosition: number;
  readonly createdAtPosition?: number;
}

export interface EventscapeSchema extends DBSchema {
  events: {
    key: [string, number];
    value: EventRecord;
    indexes: {
      'by-id': [string, string];
      'by-stream': [string, string, number];
      'by-type': [string, string];
    };
  };
  runtime: { key: string; value: RuntimeRecord };
  snapshots: { key: [string, string, number]; value: SnapshotRecord };
  runs: { key: string; value: RunRecord };
  branches: { key: string; value: BranchRecord };
}

export type EventscapeDb = IDBPDatabase<EventscapeSchema>;
export type StoreNamesOf = StoreNames<EventscapeSchema>;
export type UpgradeTransaction = IDBPTransaction<EventscapeSchema, StoreNamesOf[], 'versionchange'>;

/** One schema step: migration `i` takes the database from version `i` to `i + 1`. */
export type Migration = (db: EventscapeDb, tx: UpgradeTransaction) => void;

/** Version 0 → 1: the first schema. Append v2's step after it; never edit a shipped one. */
const createInitialSchema: Migration = (db) => {
  const events = db.createObjectStore(STORES.events, { keyPath: ['branch', 'position'] });
  events.createIndex(EVENT_INDEXES.byId, ['branch', 'id'], { unique: true });
  events.createIndex(EVENT_INDEXES.byStream, ['branch', 'subject', 'streamVersion'], { unique: true });
  events.createIndex(EVENT_INDEXES.byType, ['branch', 'type']);
  db.createObjectStore(STORES.runtime, { keyPath: 'branch' });
  db.createObjectStore(STORES.snapshots, { keyPath: ['branch', 'name', 'position'] });
  db.createObjectStore(STORES.runs, { keyPath: 'id' });
  db.createObjectStore(STORES.branches, { keyPath: 'id' });
};

export const migrations: readonly Migration[] = [createInitialSchema];

export const DB_VERSION = migrations.length;

/**
 * Runs every migration from `oldVersion` up to `newVersion`, inside the upgrade transaction (an
 * upgrade is atomic: a throw aborts it and the database stays at `oldVersion`).
 */
export function runMigrations(
  db: EventscapeDb,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
  steps: readonly Migration[] = migrations,
): void {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = steps[version];
    if (!step) throw new Error(`No migration from schema version ${version} to ${version + 1}.`);
    step(db, tx);
  }
}

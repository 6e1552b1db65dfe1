/** The IndexedDB event store: the durable event log and its run, snapshot and branch records. */
export * from './branches';
export * from './errors';
export * from './idbEventLog';
export { deleteDatabase, type OpenDatabaseOptions, openDatabase } from './openDatabase';
export * from './records';
export * from './schema';

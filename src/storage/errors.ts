/**
 * Typed storage errors. Each tells the person what happened and what they can do, because a
 * storage failure is theirs to fix (free space, close a tab), not a bug to hide.
 */
export type StorageErrorCode =
  | 'QUOTA_EXCEEDED'
  | 'WRITE_ABORTED'
  | 'CLOSED'
  | 'UPGRADE_BLOCKED'
  | 'NEWER_SCHEMA'
  | 'UNKNOWN_BRANCH';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

const freeSpace =
  'To free space: export the run (Export ▾), delete branches you no longer need, or clear this ' +
  "site's data in the browser settings. Then reload to carry on from the last saved event.";

/**
 * A commit transaction aborted. IndexedDB rolled the whole batch back, so nothing of it is stored;
 * the log shows only what was saved and refuses writes until `recover()`.
 */
export class StorageWriteError extends StorageError {
  /** The last position that is durable; everything after it was not saved. */
  readonly durableHead: number;
  constructor(code: 'QUOTA_EXCEEDED' | 'WRITE_ABORTED' | 'CLOSED', durableHead: number, cause?: unknown) {
    super(code, describeWriteFailure(code, durableHead, cause), { cause });
    this.durableHead = durableHead;
  }

  /** Classifies an abort: quota errors get their own code because the remedy differs. */
  static fromAbort(cause: unknown, durableHead: number): StorageWriteError {
    const name = (cause as { name?: unknown } | null)?.name;
    return new StorageWriteError(
      name === 'QuotaExceededError' ? 'QUOTA_EXCEEDED' : 'WRITE_ABORTED',
      durableHead,
      cause,
    );
  }
}

function describeWriteFailure(code: string, durableHead: number, cause: unknown): string {
  const kept = `The run is paused: events up to position ${durableHead} are saved; nothing after it was written.`;
  if (code === 'QUOTA_EXCEEDED') {
    return `The browser has no storage space left for this site. ${kept} ${freeSpace}`;
  }
  if (code === 'CLOSED') {
    return (
      `The event log was closed (another tab is upgrading the database, or the page is closing). ${kept} ` +
      'Reload this tab to carry on.'
    );
  }
  const why =
    cause instanceof Error || cause instanceof DOMException ? ` (${cause.name}: ${cause.message})` : '';
  return `Saving events to IndexedDB failed${why}. ${kept} If the disk is full: ${freeSpace}`;
}

/** Another tab holds an older version of the database open and did not let go. */
export class StorageBlockedError extends StorageError {
  constructor(dbName: string, waitedMs: number) {
    super(
      'UPGRADE_BLOCKED',
      `Eventscape could not open its database "${dbName}": another tab with an older version of Eventscape ` +
        `still has it open (waited ${waitedMs} ms). Close the other Eventscape tabs, then reload this one.`,
    );
  }
}

/** The database on disk is newer than this code (a newer Eventscape wrote it). */
export class StorageNewerSchemaError extends StorageError {
  constructor(dbName: string, cause: unknown) {
    super(
      'NEWER_SCHEMA',
      `The database "${dbName}" was written by a newer version of Eventscape than this page. ` +
        'Reload the page (shift-reload if it persists) to get the newer version.',
      { cause },
    );
  }
}

/** A branch id with no record in the `branches` store. */
export class UnknownBranchError extends StorageError {
  constructor(branch: string, known: readonly string[]) {
    super('UNKNOWN_BRANCH', `No branch "${branch}" in this database; known: ${known.join(', ') || 'none'}.`);
  }
}

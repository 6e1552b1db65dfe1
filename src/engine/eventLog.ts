import type { Message, NewMessage } from './message';

/**
 * Optimistic concurrency for one append. A number is the version the batch's single stream must be
 * at (0: the stream must not exist yet); a record gives one expected version per subject.
 */
export type ExpectedVersion = number | Readonly<Record<string, number>>;

export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The messages written, as stored (with position and streamVersion), in order. */
  readonly appended: readonly Message[];
  /** Ids that were already in the log (or repeated in the batch) and were ignored. */
  readonly duplicates: readonly string[];
  /** The log's last position after the append. */
  readonly head: number;
}

/** Positions are inclusive; `to` reads the log as of that position. */
export interface ReadRange {
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

export interface StreamRange {
  readonly fromVersion?: number;
  /** Only messages at or before this global position: the stream as of that moment. */
  readonly asOf?: number;
}

/**
 * The append-only event log (DESIGN.md, "Event log"). Implementations: {@link MemoryEventLog}
 * here and the IndexedDB log in src/storage; both pass `eventLogContract`.
 *
 * - `append` is atomic per call: all of the batch's new messages are written, or none.
 * - A stale `expectedVersion` rejects the whole call with `VersionConflictError`.
 * - A repeated message id is ignored (idempotent append) and reported in `duplicates`.
 * - A malformed message rejects the whole call with `InvalidMessageError`.
 */
export interface EventLog {
  append(messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult>;
  /** Messages in position order from `from` (default 1) to `to` (default: the head). */
  read(range?: ReadRange): Promise<readonly Message[]>;
  /** One stream's messages in version order. */
  readStream(subject: string, range?: StreamRange): Promise<readonly Message[]>;
  /** The last position written (0 for an empty log). */
  head(): Promise<number>;
  /** The stream's current version (0 when it has no messages). */
  streamVersion(subject: string): Promise<number>;
  /** True when a message with this id is in the log. */
  has(id: string): Promise<boolean>;
  /**
   * The message at `position`, at once: a log held in memory may offer it, and restoring a saved
   * state then looks up its queued messages without a read (and a promise) per message.
   */
  messageAt?(position: number): Message | undefined;
}

/**
 * A log that can place messages synchronously and make them durable later (group commit). The
 * simulation uses `appendNow` so that a whole frame of work costs one storage transaction; the
 * driver then awaits `flush()`. Reads see staged messages at once.
 */
export interface StagingEventLog extends EventLog {
  /** Validates and places the batch now, with the same rules as `append`; durable after `flush()`. */
  appendNow(messages: readonly NewMessage[], options?: AppendOptions): AppendResult;
  /** Resolves when everything staged so far is durable; rejects if that write failed. */
  flush(): Promise<void>;
}

export function isStaging(log: EventLog): log is StagingEventLog {
  return typeof (log as Partial<StagingEventLog>).appendNow === 'function';
}

import { unwrap } from 'idb';
import type {
  AppendOptions,
  AppendResult,
  ReadRange,
  StagingEventLog,
  StreamRange,
} from '../engine/eventLog';
import type { Message, NewMessage } from '../engine/message';
import { loadBranches, resolveSegments } from './branches';
import { StorageWriteError } from './errors';
import { GroupCommitter } from './groupCommit';
import { loadEvents } from './loadEvents';
import { Mirror } from './mirror';
import { openDatabase } from './openDatabase';
import { type EventRecord, type EventscapeDb, MAIN_BRANCH, type RuntimeRecord } from './schema';

export interface IdbEventLogOptions {
  /** Database name (default `eventscape`); one database holds every branch. */
  readonly dbName?: string;
  /** The branch to read and write (default `main`); it must exist (see `createBranch`). */
  readonly branch?: string;
  /** Defaults to the page's `indexedDB`; tests pass fake-indexeddb's `new IDBFactory()`. */
  readonly factory?: IDBFactory;
  /** How long an upgrade waits for older tabs to close the database (default 5000 ms). */
  readonly blockedTimeoutMs?: number;
  /** Commit durability (default `relaxed`: survives a browser crash; `strict`: also an OS crash). */
  readonly durability?: IDBTransactionDurability;
  /** A newer tab asked to upgrade the schema: this log closed itself and refuses writes. */
  readonly onVersionChange?: () => void;
  /** Commit staged appends only on `flush()` (see GroupCommitOptions.commitOnFlushOnly). */
  readonly commitOnFlushOnly?: boolean;
  /** A commit failed: the log rolled back to what is stored and refuses writes until `recover()`. */
  readonly onWriteFailure?: (error: StorageWriteError) => void;
}

/**
 * The durable {@link StagingEventLog}: an in-memory mirror serves reads and validates appends with
 * the engine's rules; IndexedDB gets every frame's events in one group-commit transaction.
 * Reads show staged messages at once and never show what a failed commit did not store.
 */
export class IdbEventLog implements StagingEventLog {
  readonly branch: string;
  readonly #options: IdbEventLogOptions;
  #db!: EventscapeDb;
  #mirror = new Mirror();
  #committer!: GroupCommitter;
  #closed: StorageWriteError | undefined;

  private constructor(options: IdbEventLogOptions) {
    this.branch = options.branch ?? MAIN_BRANCH;
    this.#options = options;
  }

  /** Opens the database (upgrading it if needed) and loads the branch's log into memory. */
  static async open(options: IdbEventLogOptions = {}): Promise<IdbEventLog> {
    const log = new IdbEventLog(options);
    await log.#connect();
    return log;
  }

  /** The open database, for the run, snapshot and branch helpers (`saveRun(log.db, …)`). */
  get db(): EventscapeDb {
    return this.#db;
  }

  /** Commit transactions so far (diagnostics for tests and the benchmark). */
  get commits(): number {
    return this.#committer.commits;
  }

  /** The last position known to be in IndexedDB. */
  get durableHead(): number {
    return this.#committer.durableHead;
  }

  /** Why writes are refused (a failed commit, or the database was closed), if they are. */
  get failure(): StorageWriteError | undefined {
    return this.#closed ?? this.#committer.failure;
  }

  appendNow(messages: readonly NewMessage[], options?: AppendOptions): AppendResult {
    const failure = this.failure;
    if (failure) throw failure;
    const result = this.#mirror.place(messages, options);
    if (result.appended.length === 0) return result;
    const records: EventRecord[] = [];
    for (const m of result.appended) records.push({ ...m, branch: this.branch });
    this.#committer.stage(records, result.head);
    return result;
  }

  async append(messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult> {
    const result = this.appendNow(messages, options);
    // Duplicates too: the first copy may still be in flight, and "appended" must mean durable.
    await this.flush();
    return result;
  }

  flush(): Promise<void> {
    return this.#closed ? Promise.reject(this.#closed) : this.#committer.flush();
  }

  /**
   * Stages the simulation's exported state as of the current head into the next commit, so that
   * state and the events it has seen land in one transaction (or neither does).
   */
  stageRuntime(record: Omit<RuntimeRecord, 'branch' | 'head'> & { readonly head?: number }): void {
    const failure = this.failure;
    if (failure) throw failure;
    const head = this.#mirror.head;
    if (record.head !== undefined && record.head !== head) {
      throw new RangeError(`Runtime state is as of position ${record.head}, but the log is at ${head}.`);
    }
    this.#committer.stageRuntime({ branch: this.branch, head, savedAt: record.savedAt, state: record.state });
  }

  /** After a failed commit or a closed connection: reconnect if needed and reload from IndexedDB. */
  async recover(): Promise<void> {
    if (this.#closed) await this.#connect();
    else if (this.#committer.failure) await this.#reload();
  }

  /** Closes the connection; staged events are flushed first. */
  /**
   * Closes without committing what is staged: for work that turned out not to be wanted (a shared
   * run that did not reproduce). Only a commit already under way can still land.
   */
  abandon(): void {
    this.#db.close();
    this.#closed ??= new StorageWriteError('CLOSED', this.durableHead);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => {});
    this.#db.close();
    this.#closed ??= new StorageWriteError('CLOSED', this.durableHead);
  }

  async read(range?: ReadRange): Promise<readonly Message[]> {
    return this.#mirror.read(range);
  }

  async readStream(subject: string, range?: StreamRange): Promise<readonly Message[]> {
    return this.#mirror.readStream(subject, range);
  }

  async head(): Promise<number> {
    return this.#mirror.head;
  }

  async streamVersion(subject: string): Promise<number> {
    return this.#mirror.streamVersion(subject);
  }

  async has(id: string): Promise<boolean> {
    return this.#mirror.has(id);
  }

  async #connect(): Promise<void> {
    this.#db = await openDatabase({
      ...this.#options,
      onVersionChange: () => {
        this.#closed = new StorageWriteError('CLOSED', this.durableHead);
        this.#options.onVersionChange?.();
      },
    });
    this.#closed = undefined;
    await this.#reload();
  }

  async #reload(): Promise<void> {
    const segments = resolveSegments(await loadBranches(this.#db), this.branch);
    const mirror = new Mirror();
    await loadEvents(unwrap(this.#db), segments, (messages) => mirror.load(messages));
    this.#mirror = mirror;
    this.#committer = new GroupCommitter(unwrap(this.#db), mirror.head, {
      ...(this.#options.durability ? { durability: this.#options.durability } : {}),
      ...(this.#options.commitOnFlushOnly ? { commitOnFlushOnly: true } : {}),
      onFailure: (error) => {
        // Reads must never show what was not written.
        this.#mirror.truncate(error.durableHead);
        this.#options.onWriteFailure?.(error);
      },
    });
  }
}

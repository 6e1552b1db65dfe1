import { StorageWriteError } from './errors';
import { type EventRecord, type RuntimeRecord, STORES } from './schema';

/** What one commit transaction writes: a frame's events, and the runtime state as of its end. */
interface Batch {
  readonly records: EventRecord[];
  runtime: RuntimeRecord | undefined;
  /** The log's head once this batch is durable. */
  head: number;
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: StorageWriteError) => void;
}

export interface GroupCommitOptions {
  /** `relaxed` (the default) survives a crash of the browser; `strict` also an OS crash, slower. */
  readonly durability?: IDBTransactionDurability;
  /**
   * Commit staged work only when `flush()` asks (default: on the next task). The playground sets
   * this so a frame's events wait for the state that goes with them and both commit together, at
   * the pace the driver saves rather than every frame.
   */
  readonly commitOnFlushOnly?: boolean;
  /** Told once when a commit fails, with the head that is still durable (roll back to it). */
  readonly onFailure: (error: StorageWriteError) => void;
}

/**
 * Group commit: everything staged before a commit starts goes into ONE readwrite transaction.
 * At most one commit is in flight; whatever is staged meanwhile waits and goes in the next one,
 * so batches grow with load and a failed batch can never be followed by a later one that commits
 * (that would leave a gap in positions).
 *
 * Scheduling: `stage` (the simulation's `appendNow`) commits on the next task, so a whole frame of
 * microtask-chained work shares one transaction with the runtime state staged at its end; `flush`
 * (and `append`, which awaits it) commits at the next microtask, so appends made in one tick share
 * one transaction without waiting for a task.
 */
export class GroupCommitter {
  readonly #db: IDBDatabase;
  readonly #options: GroupCommitOptions;
  #pending: Batch | undefined;
  #inFlight: Batch | undefined;
  #durableHead: number;
  /** The head once everything staged so far is durable. */
  #stagedHead: number;
  #failure: StorageWriteError | undefined;
  #microtaskQueued = false;
  #taskQueued = false;
  /** A flush asked for the pending batch to commit (in flush-only mode). */
  #flushAsked = false;
  /** Transactions committed so far; for tests and the benchmark. */
  commits = 0;

  constructor(db: IDBDatabase, durableHead: number, options: GroupCommitOptions) {
    this.#db = db;
    this.#durableHead = durableHead;
    this.#stagedHead = durableHead;
    this.#options = options;
  }

  get durableHead(): number {
    return this.#durableHead;
  }

  /** The error that stopped writes, if any. */
  get failure(): StorageWriteError | undefined {
    return this.#failure;
  }

  /** Adds events (and the head they lead to) to the next commit. */
  stage(records: readonly EventRecord[], head: number): void {
    const batch = this.#batch();
    for (const r of records) batch.records.push(r);
    batch.head = head;
    this.#stagedHead = head;
    if (!this.#options.commitOnFlushOnly) this.#schedule(false);
  }

  /** Puts the runtime state into the same next commit as the events staged before it. */
  stageRuntime(record: RuntimeRecord): void {
    this.#batch().runtime = record;
    if (!this.#options.commitOnFlushOnly) this.#schedule(false);
  }

  /** Resolves when everything staged so far is durable; rejects with the write error otherwise. */
  flush(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const last = this.#pending ?? this.#inFlight;
    if (!last) return Promise.resolve();
    this.#flushAsked = true;
    this.#schedule(true);
    return last.done;
  }

  #batch(): Batch {
    if (this.#failure) throw this.#failure;
    if (this.#pending) return this.#pending;
    let resolve!: () => void;
    let reject!: (error: StorageWriteError) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be awaiting a staged-only batch; its failure still reaches the log via onFailure.
    done.catch(() => {});
    const batch: Batch = { records: [], runtime: undefined, head: this.#stagedHead, done, resolve, reject };
    this.#pending = batch;
    return batch;
  }

  #schedule(urgent: boolean): void {
    if (this.#inFlight) return; // the next commit starts when this one completes
    if (urgent && !this.#microtaskQueued) {
      this.#microtaskQueued = true;
      queueMicrotask(() => {
        this.#microtaskQueued = false;
        this.#start();
      });
    } else if (!urgent && !this.#taskQueued) {
      this.#taskQueued = true;
      setTimeout(() => {
        this.#taskQueued = false;
        this.#start();
      }, 0);
    }
  }

  #start(): void {
    const batch = this.#pending;
    if (this.#inFlight || !batch || this.#failure) return;
    this.#flushAsked = false;
    this.#pending = undefined;
    this.#inFlight = batch;
    let tx: IDBTransaction;
    try {
      const stores = batch.runtime ? [STORES.events, STORES.runtime] : [STORES.events];
      tx = this.#db.transaction(stores, 'readwrite', { durability: this.#options.durability ?? 'relaxed' });
    } catch (error) {
      // The connection is closing (another tab upgrades) or gone: nothing was written.
      this.#fail(new StorageWriteError('CLOSED', this.#durableHead, error));
      return;
    }
    let thrown: unknown;
    tx.oncomplete = () => this.#succeed(batch);
    tx.onabort = () => this.#fail(StorageWriteError.fromAbort(tx.error ?? thrown, this.#durableHead));
    try {
      // Fire every request, await none: the transaction commits once they are all done. `add`,
      // not `put`: a position that is already taken (a second writer) must fail, not overwrite.
      const events = tx.objectStore(STORES.events);
      for (const record of batch.records) events.add(record);
      if (batch.runtime) tx.objectStore(STORES.runtime).put(batch.runtime);
      // Commit now rather than when the page next goes idle: the browser queues the commit behind
      // the last request instead of waiting for the page to say it will issue no more. That saves
      // a round trip per group (Dexie does the same); measured in bench/browser.
      tx.commit?.();
    } catch (error) {
      // e.g. DataCloneError for data that cannot be stored; abort discards the adds already made.
      thrown = error;
      try {
        tx.abort();
      } catch {
        // Already aborting on its own (e.g. quota): the abort event still comes.
      }
    }
  }

  #succeed(batch: Batch): void {
    this.commits++;
    this.#inFlight = undefined;
    this.#durableHead = batch.head;
    batch.resolve();
    if (this.#pending && (!this.#options.commitOnFlushOnly || this.#flushAsked)) this.#start();
  }

  #fail(error: StorageWriteError): void {
    if (this.#failure) return;
    this.#failure = error;
    const lost = [this.#inFlight, this.#pending];
    this.#inFlight = undefined;
    this.#pending = undefined;
    this.#options.onFailure(error);
    for (const batch of lost) batch?.reject(error);
  }
}

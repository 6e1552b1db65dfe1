import type { Message } from '../engine/message';
import { ownRange, type Segment } from './branches';
import { type EventRecord, STORES } from './schema';

/** Records per `getAll` request when loading; tuned with bench/browser (see its README). */
export const LOAD_CHUNK = 5_000;

/**
 * Reads the segments' events in position order, in one readonly transaction, handing each chunk
 * to `onChunk` as a list of engine {@link Message}s (the `branch` column stripped).
 *
 * All chunk requests are issued at once: IndexedDB answers them in order, so the page turns chunk
 * i into messages while the storage backend is already reading chunk i + 1. Uses the raw API:
 * no per-request promise on a path that runs 100,000 records.
 */
export function loadEvents(
  db: IDBDatabase,
  segments: readonly Segment[],
  onChunk: (messages: Message[]) => void,
  chunk = LOAD_CHUNK,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORES.events, 'readonly');
    const store = tx.objectStore(STORES.events);
    let failure: unknown;
    tx.oncomplete = () => (failure ? reject(failure) : resolve());
    tx.onabort = () => reject(failure ?? tx.error);
    const fail = (error: unknown) => {
      failure = error;
      tx.abort();
    };
    const requestChunks = (segment: Segment, to: number) => {
      for (let from = segment.from; from <= to; from += chunk) {
        const request = store.getAll(ownRange(segment.branch, from, Math.min(to, from + chunk - 1)));
        request.onsuccess = () => {
          if (failure) return;
          try {
            onChunk((request.result as EventRecord[]).map(toMessage));
          } catch (error) {
            fail(error);
          }
        };
      }
    };
    for (const segment of segments) {
      if (Number.isFinite(segment.to)) {
        requestChunks(segment, segment.to);
        continue;
      }
      // Open-ended (the branch's own tail, always the last segment): find its end first.
      const last = store.openKeyCursor(ownRange(segment.branch, segment.from, segment.to), 'prev');
      last.onsuccess = () => {
        const key = last.result?.primaryKey as [string, number] | undefined;
        requestChunks(segment, key ? key[1] : segment.from - 1);
      };
    }
  });
}

/**
 * The stored record minus the `branch` column: exactly the engine's message. Field by field on
 * purpose: V8 builds this literal from one cached shape (the same as an appended message's), while
 * `const { branch, ...rest }` takes a generic copy path and `delete` can drop the object into slow
 * dictionary mode; measured on 100,000 records (bench/browser/README.md). The mapped type makes
 * the compiler list any field the envelope gains.
 */
function toMessage(r: EventRecord): Message {
  const message: { [K in keyof Required<Message>]: Message[K] } = {
    id: r.id,
    kind: r.kind,
    type: r.type,
    schemaVersion: r.schemaVersion,
    source: r.source,
    subject: r.subject,
    time: r.time,
    correlationId: r.correlationId,
    causationId: r.causationId,
    data: r.data,
    position: r.position,
    streamVersion: r.streamVersion,
  };
  return message;
}

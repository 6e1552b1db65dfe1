import type { AppendOptions, AppendResult, ReadRange, StreamRange } from '../engine/eventLog';
import { checkExpected, planAppend, upperBound } from '../engine/memoryLog';
import type { Message, NewMessage } from '../engine/message';

/** The lookups appends and stream reads need; built from the log on first use. */
interface Index {
  readonly streams: Map<string, Message[]>;
  readonly ids: Set<string>;
}

/**
 * The in-memory copy of one branch's log that {@link IdbEventLog} serves reads from. It is the
 * engine's memory log plus the two things a durable log needs: `load` (stored messages, no
 * re-validation) and `truncate` (roll back what a failed commit did not store). Validation is the
 * engine's own `planAppend` / `checkExpected`, so both logs follow one set of rules.
 *
 * The id set and per-stream lists are built on first use, not during `load`: hashing 100,000
 * fresh id strings is a tenth of a cold start, and a page that opens the log to show it (fold the
 * projections, render) needs neither. The first append, `has` or stream read pays for them once.
 */
export class Mirror {
  readonly #all: Message[] = [];
  #index: Index | undefined;

  get head(): number {
    return this.#all.length;
  }

  /** Validates and places a batch, exactly as `MemoryEventLog.appendNow` does. */
  place(messages: readonly NewMessage[], options?: AppendOptions): AppendResult {
    const index = this.#indexed();
    const fresh = planAppend(messages, (id) => index.ids.has(id));
    if (fresh.messages.length === 0) return { appended: [], duplicates: fresh.duplicates, head: this.head };
    checkExpected(fresh.messages, options, (subject) => this.streamVersion(subject));
    const appended: Message[] = [];
    for (const m of fresh.messages) {
      const stored: Message = {
        ...m,
        position: this.#all.length + 1,
        streamVersion: this.streamVersion(m.subject) + 1,
      };
      this.#all.push(stored);
      add(index, stored);
      appended.push(stored);
    }
    return { appended, duplicates: fresh.duplicates, head: this.head };
  }

  /**
   * Places messages read back from IndexedDB. They were validated when appended; only the one
   * invariant a damaged database could break is checked: positions follow on without a gap.
   */
  load(stored: readonly Message[]): void {
    for (const m of stored) {
      if (m.position !== this.#all.length + 1) {
        throw new Error(
          `The stored log has a gap: expected position ${this.#all.length + 1}, found ${m.position} ("${m.id}"). ` +
            'The database is damaged; export what you can and clear site data.',
        );
      }
      this.#all.push(m);
      if (this.#index) add(this.#index, m);
    }
  }

  /** Drops every message after `head` (a rollback to the last durable position). */
  truncate(head: number): void {
    while (this.#all.length > head) {
      const m = this.#all.pop() as Message;
      if (!this.#index) continue;
      this.#index.ids.delete(m.id);
      const stream = this.#index.streams.get(m.subject) as Message[];
      stream.pop();
      if (stream.length === 0) this.#index.streams.delete(m.subject);
    }
  }

  read(range: ReadRange = {}): readonly Message[] {
    const from = Math.max(1, range.from ?? 1);
    const to = Math.min(this.#all.length, range.to ?? this.#all.length);
    const end = range.limit === undefined ? to : Math.min(to, from - 1 + range.limit);
    return this.#all.slice(from - 1, Math.max(from - 1, end));
  }

  readStream(subject: string, range: StreamRange = {}): readonly Message[] {
    const stream = this.#indexed().streams.get(subject);
    if (!stream) return [];
    const start = Math.max(0, (range.fromVersion ?? 1) - 1);
    const end = range.asOf === undefined ? stream.length : upperBound(stream, range.asOf);
    return stream.slice(start, Math.max(start, end));
  }

  streamVersion(subject: string): number {
    return this.#indexed().streams.get(subject)?.length ?? 0;
  }

  has(id: string): boolean {
    return this.#indexed().ids.has(id);
  }

  #indexed(): Index {
    if (this.#index) return this.#index;
    const index: Index = { streams: new Map(), ids: new Set() };
    for (const m of this.#all) add(index, m);
    this.#index = index;
    return index;
  }
}

function add(index: Index, m: Message): void {
  index.ids.add(m.id);
  const stream = index.streams.get(m.subject);
  if (stream) stream.push(m);
  else index.streams.set(m.subject, [m]);
}

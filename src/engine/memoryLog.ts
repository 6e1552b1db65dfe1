import { InvalidAppendError, InvalidMessageError, VersionConflictError } from './errors';
import type { AppendOptions, AppendResult, ReadRange, StagingEventLog, StreamRange } from './eventLog';
import { describeMessageProblem, type Message, type NewMessage } from './message';

/**
 * The in-memory {@link EventLog}: an array by position, one array per stream, a set of ids.
 * Append is O(batch); reading a stream as of a position is a binary search.
 */
export class MemoryEventLog implements StagingEventLog {
  readonly #all: Message[] = [];
  readonly #streams = new Map<string, Message[]>();
  readonly #ids = new Set<string>();

  async append(messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult> {
    return this.appendNow(messages, options);
  }

  /** Nothing to wait for: memory is as durable as it gets. */
  async flush(): Promise<void> {}

  /** The synchronous core of {@link append}. */
  appendNow(messages: readonly NewMessage[], options?: AppendOptions): AppendResult {
    const fresh = planAppend(messages, (id) => this.#ids.has(id));
    if (fresh.messages.length === 0) {
      return { appended: [], duplicates: fresh.duplicates, head: this.#all.length };
    }
    checkExpected(fresh.messages, options, (subject) => this.#streams.get(subject)?.length ?? 0);

    const appended: Message[] = [];
    for (const m of fresh.messages) {
      let stream = this.#streams.get(m.subject);
      if (!stream) {
        stream = [];
        this.#streams.set(m.subject, stream);
      }
      const stored = placed(m, this.#all.length + 1, stream.length + 1);
      this.#all.push(stored);
      stream.push(stored);
      this.#ids.add(stored.id);
      appended.push(stored);
    }
    return { appended, duplicates: fresh.duplicates, head: this.#all.length };
  }

  async read(range: ReadRange = {}): Promise<readonly Message[]> {
    return this.readNow(range);
  }

  readNow(range: ReadRange = {}): readonly Message[] {
    const from = Math.max(1, range.from ?? 1);
    const to = Math.min(this.#all.length, range.to ?? this.#all.length);
    const end = range.limit === undefined ? to : Math.min(to, from - 1 + range.limit);
    return this.#all.slice(from - 1, Math.max(from - 1, end));
  }

  async readStream(subject: string, range: StreamRange = {}): Promise<readonly Message[]> {
    return this.readStreamNow(subject, range);
  }

  readStreamNow(subject: string, range: StreamRange = {}): readonly Message[] {
    const stream = this.#streams.get(subject);
    if (!stream) return [];
    const start = Math.max(0, (range.fromVersion ?? 1) - 1);
    const end = range.asOf === undefined ? stream.length : upperBound(stream, range.asOf);
    return stream.slice(start, Math.max(start, end));
  }

  async head(): Promise<number> {
    return this.#all.length;
  }

  async streamVersion(subject: string): Promise<number> {
    return this.#streams.get(subject)?.length ?? 0;
  }

  async has(id: string): Promise<boolean> {
    return this.#ids.has(id);
  }
}

/**
 * The stored message, fields written out: on V8, `{ ...m, position, streamVersion }` is several
 * times slower and makes objects that fold slower too (measured in bench/node, issue 2).
 */
export function placed(m: NewMessage, position: number, streamVersion: number): Message {
  return {
    id: m.id,
    kind: m.kind,
    type: m.type,
    schemaVersion: m.schemaVersion,
    source: m.source,
    subject: m.subject,
    streamVersion,
    position,
    time: m.time,
    correlationId: m.correlationId,
    causationId: m.causationId,
    data: m.data,
  };
}

/** Validates a batch and drops ids already stored or repeated within it. Shared by every log. */
export function planAppend(
  messages: readonly NewMessage[],
  isStored: (id: string) => boolean,
): { messages: NewMessage[]; duplicates: string[] } {
  const seen = new Set<string>();
  const fresh: NewMessage[] = [];
  const duplicates: string[] = [];
  for (const m of messages) {
    const problem = describeMessageProblem(m);
    if (problem) throw new InvalidMessageError(problem, typeof m?.id === 'string' ? m.id : undefined);
    if (seen.has(m.id) || isStored(m.id)) duplicates.push(m.id);
    else fresh.push(m);
    seen.add(m.id);
  }
  return { messages: fresh, duplicates };
}

/** Throws {@link VersionConflictError} when a stream is not where the writer expected it. */
export function checkExpected(
  messages: readonly NewMessage[],
  options: AppendOptions | undefined,
  currentVersion: (subject: string) => number,
): void {
  const expected = options?.expectedVersion;
  if (expected === undefined) return;
  if (typeof expected === 'number') {
    const subject = messages[0]?.subject as string;
    if (messages.some((m) => m.subject !== subject)) {
      throw new InvalidAppendError(
        'one expectedVersion was given for a batch that spans several streams; give a record of subject → version',
      );
    }
    const actual = currentVersion(subject);
    if (actual !== expected) throw new VersionConflictError(subject, expected, actual);
    return;
  }
  for (const subject of Object.keys(expected)) {
    const want = expected[subject] as number;
    const actual = currentVersion(subject);
    if (actual !== want) throw new VersionConflictError(subject, want, actual);
  }
}

/** Index of the first message whose position is greater than `position` (positions ascend). */
export function upperBound(stream: readonly Message[], position: number): number {
  let lo = 0;
  let hi = stream.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((stream[mid] as Message).position <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

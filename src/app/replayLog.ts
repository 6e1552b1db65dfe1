import type {
  AppendOptions,
  AppendResult,
  ReadRange,
  StagingEventLog,
  StreamRange,
} from '../engine/eventLog';
import type { Message, NewMessage } from '../engine/message';

/** The live run's log as the time machine keeps it: messages by position, and where each id is. */
export interface History {
  /** `messages[i]` is at position `i + 1`. */
  readonly messages: readonly Message[];
  readonly positions: ReadonlyMap<string, number>;
}

/**
 * A read-only view of a prefix of the live log, for a simulation re-running that history. It starts
 * with the first `head` messages; each append must be exactly the message the live run logged next
 * (the simulation is deterministic), and then simply moves the head on: nothing is copied and the
 * live log is never touched. A different message means the re-run diverged, which is a bug.
 */
export class ReplayLog implements StagingEventLog {
  readonly #history: History;
  readonly #skipped: ReadonlySet<string>;
  #head: number;

  /** `skipped`: ids the history left out on purpose (a "replay without" branch): dropped again. */
  constructor(history: History, head: number, skipped: Iterable<string> = []) {
    if (head > history.messages.length) throw new RangeError(`The history has no position ${head}.`);
    this.#history = history;
    this.#head = head;
    this.#skipped = new Set(skipped);
  }

  async append(messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult> {
    return this.appendNow(messages, options);
  }

  appendNow(messages: readonly NewMessage[], _options?: AppendOptions): AppendResult {
    const appended: Message[] = [];
    const duplicates: string[] = [];
    for (const draft of messages) {
      if (this.#holds(draft.id) || this.#skipped.has(draft.id)) {
        duplicates.push(draft.id); // an idempotent append ignores a repeated id, as the live log did
        continue;
      }
      const logged = this.#history.messages[this.#head];
      if (!logged || logged.id !== draft.id || logged.type !== draft.type) {
        throw new Error(
          `Replay diverged at position ${this.#head + 1}: the run logged ${logged ? `${logged.type} ${logged.id}` : 'nothing'} there, the re-run ${draft.type} ${draft.id}.`,
        );
      }
      this.#head++;
      appended.push(logged);
    }
    return { appended, duplicates, head: this.#head };
  }

  async flush(): Promise<void> {}

  messageAt(position: number): Message | undefined {
    return position >= 1 && position <= this.#head ? this.#history.messages[position - 1] : undefined;
  }

  async read(range: ReadRange = {}): Promise<readonly Message[]> {
    const from = Math.max(1, range.from ?? 1);
    const to = Math.min(this.#head, range.to ?? this.#head);
    const end = range.limit === undefined ? to : Math.min(to, from - 1 + range.limit);
    return this.#history.messages.slice(from - 1, Math.max(from - 1, end));
  }

  async readStream(subject: string, range: StreamRange = {}): Promise<readonly Message[]> {
    const to = Math.min(this.#head, range.asOf ?? this.#head);
    const from = range.fromVersion ?? 1;
    return this.#history.messages
      .slice(0, to)
      .filter((m) => m.subject === subject && m.streamVersion >= from);
  }

  async head(): Promise<number> {
    return this.#head;
  }

  async streamVersion(subject: string): Promise<number> {
    for (let i = this.#head - 1; i >= 0; i--) {
      const m = this.#history.messages[i] as Message;
      if (m.subject === subject) return m.streamVersion;
    }
    return 0;
  }

  async has(id: string): Promise<boolean> {
    return this.#holds(id);
  }

  #holds(id: string): boolean {
    const position = this.#history.positions.get(id);
    return position !== undefined && position <= this.#head;
  }
}

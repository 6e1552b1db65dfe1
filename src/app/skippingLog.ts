import type {
  AppendOptions,
  AppendResult,
  ReadRange,
  StagingEventLog,
  StreamRange,
} from '../engine/eventLog';
import type { Message, NewMessage } from '../engine/message';

/**
 * A log that never takes the messages named in `skipped` ("Replay without this event", issue 6):
 * when the task that logged one of them in the original run logs it again, it is answered as a
 * repeated id, which the simulation neither routes nor folds — as if it had never been produced.
 * Everything else goes to `inner` unchanged.
 */
export class SkippingLog implements StagingEventLog {
  readonly #inner: StagingEventLog;
  readonly #skipped: ReadonlySet<string>;

  constructor(inner: StagingEventLog, skipped: Iterable<string>) {
    this.#inner = inner;
    this.#skipped = new Set(skipped);
  }

  appendNow(messages: readonly NewMessage[], options?: AppendOptions): AppendResult {
    const { kept, dropped } = this.#split(messages);
    if (dropped.length === 0) return this.#inner.appendNow(messages, options);
    const result = this.#inner.appendNow(kept, options);
    return { ...result, duplicates: [...result.duplicates, ...dropped] };
  }

  async append(messages: readonly NewMessage[], options?: AppendOptions): Promise<AppendResult> {
    const { kept, dropped } = this.#split(messages);
    const result = await this.#inner.append(kept, options);
    return dropped.length === 0 ? result : { ...result, duplicates: [...result.duplicates, ...dropped] };
  }

  flush(): Promise<void> {
    return this.#inner.flush();
  }

  read(range?: ReadRange): Promise<readonly Message[]> {
    return this.#inner.read(range);
  }

  readStream(subject: string, range?: StreamRange): Promise<readonly Message[]> {
    return this.#inner.readStream(subject, range);
  }

  head(): Promise<number> {
    return this.#inner.head();
  }

  streamVersion(subject: string): Promise<number> {
    return this.#inner.streamVersion(subject);
  }

  has(id: string): Promise<boolean> {
    return this.#inner.has(id);
  }

  #split(messages: readonly NewMessage[]): { kept: NewMessage[]; dropped: string[] } {
    const kept: NewMessage[] = [];
    const dropped: string[] = [];
    for (const m of messages) {
      if (this.#skipped.has(m.id)) dropped.push(m.id);
      else kept.push(m);
    }
    return { kept, dropped };
  }
}

import type { PlaygroundDriver } from '../app/driver';
import type { Playground } from '../app/playground';
import type { EventLog } from '../engine/eventLog';
import type { Message } from '../engine/message';

/** What the mirror needs of the driver: to hear it change, and its live log and head. */
export interface MirroredRun {
  readonly subscribe: PlaygroundDriver['subscribe'];
  readonly sim: { readonly head: number; readonly log: Pick<EventLog, 'read'> };
}

/**
 * The first `length` messages of the run's log, read without copying them: the shown moment's log
 * is a prefix of the live one, and a seek must not copy 100,000 messages per panel to show it.
 */
export interface LogView {
  readonly length: number;
  /** The message at `position` (1-based), if the view holds it. */
  at(position: number): Message | undefined;
  /** The message with this id, if the view holds it. */
  find(id: string): Message | undefined;
  /** The last message `test` accepts, searched from the view's end. */
  findLast(test: (m: Message) => boolean): Message | undefined;
  /** One business transaction's messages (by correlation id) in the view, in log order. */
  correlated(correlationId: string): readonly Message[];
  /** The view as an array: a copy, made once per view, for what needs one (the insight worker, tours). */
  toArray(): readonly Message[];
}

/** Views kept for reuse: the live head's, the moment's, and the last few seeks'. */
const KEPT_VIEWS = 4;

/**
 * A copy of the live log kept in step with it (the messages are shared, not copied), so that any
 * prefix can be shown synchronously in the render that shows its moment. It reads what is new
 * each time the driver changes; the log only grows, except when a failed save rolls it back, which
 * starts the copy over.
 */
export class LogMirror {
  readonly #driver: MirroredRun;
  #all: Message[] = [];
  #reading = false;
  #again = false;
  #ids: Map<string, number> | null = null;
  #correlations: Map<string, Message[]> | null = null;
  #views = new Map<number, LogView>();
  readonly #listeners = new Set<() => void>();

  constructor(driver: MirroredRun) {
    this.#driver = driver;
    driver.subscribe(() => this.#catchUp());
    this.#catchUp();
  }

  /** Messages copied so far. */
  get length(): number {
    return this.#all.length;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The logged message at `position` (1-based), if copied yet: for a click, without subscribing. */
  at(position: number): Message | undefined {
    return this.#all[position - 1];
  }

  /** The first `length` messages (at most what is copied so far); the same object for the same length. */
  view(length: number): LogView {
    const n = Math.max(0, Math.min(length, this.#all.length));
    const kept = this.#views.get(n);
    if (kept) {
      // Most recently used last, so the oldest goes first.
      this.#views.delete(n);
      this.#views.set(n, kept);
      return kept;
    }
    const view = this.#makeView(n, this.#all);
    this.#views.set(n, view);
    if (this.#views.size > KEPT_VIEWS) this.#views.delete(this.#views.keys().next().value as number);
    return view;
  }

  #makeView(length: number, all: readonly Message[]): LogView {
    let array: readonly Message[] | null = null;
    const holds = (m: Message | undefined) => (m !== undefined && m.position <= length ? m : undefined);
    return {
      length,
      at: (position) => (position >= 1 && position <= length ? all[position - 1] : undefined),
      find: (id) => {
        const position = this.#idIndex(all).get(id);
        return position === undefined ? undefined : holds(all[position - 1]);
      },
      findLast: (test) => {
        for (let i = length - 1; i >= 0; i--) if (test(all[i] as Message)) return all[i];
        return undefined;
      },
      correlated: (correlationId) => {
        const list = this.#correlationIndex(all).get(correlationId) ?? [];
        let end = list.length;
        while (end > 0 && (list[end - 1] as Message).position > length) end--;
        return list.slice(0, end); // a copy: the index's list grows with the log
      },
      toArray: () => {
        array ??= all.slice(0, length);
        return array;
      },
    };
  }

  /** Position by id, built on first use (a message is picked) and kept up to date after. */
  #idIndex(all: readonly Message[]): Map<string, number> {
    if (all !== this.#all) return new Map(); // the copy started over: this view is stale
    if (!this.#ids) {
      this.#ids = new Map();
      for (const m of all) this.#ids.set(m.id, m.position);
    }
    return this.#ids;
  }

  /** Messages by correlation id, built on first use and kept up to date after. */
  #correlationIndex(all: readonly Message[]): Map<string, Message[]> {
    if (all !== this.#all) return new Map();
    if (!this.#correlations) {
      this.#correlations = new Map();
      for (const m of all) addTo(this.#correlations, m);
    }
    return this.#correlations;
  }

  #catchUp(): void {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    const head = this.#driver.sim.head;
    if (head === this.#all.length) return;
    if (head < this.#all.length) this.#restart();
    this.#reading = true;
    this.#again = false;
    const from = this.#all.length + 1;
    this.#driver.sim.log.read({ from }).then(
      (read) => {
        this.#reading = false;
        if (read.length > 0 && read[0]?.position !== from) {
          this.#restart();
          this.#again = true;
        } else this.#append(read);
        if (this.#again) this.#catchUp();
      },
      (error: unknown) => {
        this.#reading = false;
        console.error('Could not read the log', error);
      },
    );
  }

  #append(read: readonly Message[]): void {
    if (read.length === 0) return;
    for (const m of read) {
      this.#all.push(m);
      this.#ids?.set(m.id, m.position);
      if (this.#correlations) addTo(this.#correlations, m);
    }
    for (const listener of this.#listeners) listener();
  }

  /** The log was rolled back: copy it afresh (views of the old copy keep what they showed). */
  #restart(): void {
    this.#all = [];
    this.#ids = null;
    this.#correlations = null;
    this.#views = new Map();
  }
}

function addTo(index: Map<string, Message[]>, m: Message): void {
  const list = index.get(m.correlationId);
  if (list) list.push(m);
  else index.set(m.correlationId, [m]);
}

const mirrors = new WeakMap<Playground, LogMirror>();

/** One mirror per playground (each page and test gets its own). */
export function logMirrorFor(playground: Playground): LogMirror {
  let mirror = mirrors.get(playground);
  if (!mirror) {
    mirror = new LogMirror(playground.driver);
    mirrors.set(playground, mirror);
  }
  return mirror;
}

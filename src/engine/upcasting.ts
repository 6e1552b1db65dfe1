import type { Catalog } from './catalog';
import { ConfigurationError, SchemaVersionError } from './errors';
import type { Message } from './message';

/**
 * Schema evolution (issue 6, item 6): a type's catalog entry says which `schemaVersion` the code
 * reads today and how to lift older data one version at a time (`upcasters`). Messages are upcast
 * on read — when delivered to a service, when folded by a read model — and never rewritten in the
 * log: the log keeps what was written, as it was written.
 */

/** One declared upcaster and whether this run has it switched on. */
export interface UpcasterView {
  readonly type: string;
  /** It reads v`from` and writes v`from + 1`. */
  readonly from: number;
  readonly on: boolean;
}

/**
 * `message` as this code reads it: the same object when it is already of the catalog's current
 * version (or of a type the catalog does not know: that is checked elsewhere), else a copy with the
 * data upcast step by step and `schemaVersion` set to the current one. Throws a
 * `SchemaVersionError` when a step is missing or `isOn` says it is switched off, or the message is
 * newer than the code.
 */
export function upcast(
  catalog: Catalog,
  message: Message,
  isOn: (type: string, from: number) => boolean = () => true,
): Message {
  const spec = Object.hasOwn(catalog, message.type) ? catalog[message.type] : undefined;
  if (!spec) return message;
  const current = spec.schemaVersion ?? 1;
  const version = message.schemaVersion;
  if (version === current) return message;
  if (version > current) throw new SchemaVersionError(message.type, version, current, null);
  let data = message.data;
  for (let from = version; from < current; from++) {
    const step = spec.upcasters?.[from];
    if (!step) throw new SchemaVersionError(message.type, version, current, from);
    if (!isOn(message.type, from)) throw new SchemaVersionError(message.type, version, current, from, true);
    data = step(data);
  }
  return { ...message, schemaVersion: current, data };
}

const key = (type: string, from: number) => `${type}@${from}`;

/**
 * A run's upcasters and their switches. All are on unless a person switched one off (a recorded
 * action, so replays, reloads and branches switch it at the same moment).
 */
export class Upcasting {
  readonly #catalog: Catalog;
  readonly #off = new Set<string>();

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  /** Every upcaster the catalog declares, in catalog order, oldest step first. */
  views(): UpcasterView[] {
    return Object.entries(this.#catalog).flatMap(([type, spec]) =>
      Object.keys(spec.upcasters ?? {})
        .map(Number)
        .sort((a, b) => a - b)
        .map((from) => ({ type, from, on: !this.#off.has(key(type, from)) })),
    );
  }

  /** Switches the upcaster v`from` → v`from + 1` of `type`; throws unless the catalog declares it. */
  set(type: string, from: number, on: boolean): void {
    const spec = Object.hasOwn(this.#catalog, type) ? this.#catalog[type] : undefined;
    if (!spec?.upcasters?.[from]) {
      const known = this.views().map((v) => `${v.type} v${v.from}→v${v.from + 1}`);
      throw new ConfigurationError(
        `The catalog declares no upcaster ${type} v${from}→v${from + 1}; known: ${known.join(', ') || 'none'}.`,
      );
    }
    if (on) this.#off.delete(key(type, from));
    else this.#off.add(key(type, from));
  }

  /** How a consumer reads `message` now: through the switched-on upcasters only. */
  read(message: Message): Message {
    return this.#off.size === 0
      ? upcast(this.#catalog, message)
      : upcast(this.#catalog, message, (type, from) => !this.#off.has(key(type, from)));
  }

  /**
   * Every declared upcaster, switched on or not: how a service folds the events it wrote itself
   * (it wrote them in the same step, in the version its own code knows; the switch stands for the
   * consumers' read path) and how analysis of the whole log reads it.
   */
  upgrade(message: Message): Message {
    return upcast(this.#catalog, message);
  }

  /** The switched-off upcasters as `type@from`, sorted (empty when all are on). */
  exportState(): string[] {
    return [...this.#off].sort();
  }

  importState(off: readonly string[]): void {
    this.#off.clear();
    for (const k of off) this.#off.add(k);
  }
}

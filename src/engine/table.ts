/**
 * A string-keyed map whose `copy()` costs O(1): the copy and the original share their storage, and
 * each copies only the few small nodes it then changes (copy-on-write, node by node). Folds keep
 * their growing tables in one (issue 6): a time-travel checkpoint shares the live run's tables and
 * costs what changed since the last one, not the whole state. Plain data inside (no prototypes),
 * so a structured clone of a table can be revived in O(1); JSON gets a plain record (`toJSON`).
 *
 * Inside: values sit in a 32-way trie by *slot*, and a `Map` from key to slot is shared by every
 * table copied from the same one (its lineage). A key's slot is fixed the first time any of them
 * sets it, so the map only ever grows and never needs copying: a table holds a key when its own
 * trie has that key in that slot. Updates to recent keys touch the trie's last leaves. Iteration
 * is in slot order: the order keys were first set (a key deleted and set again returns to its
 * place). A deleted key leaves a hole that iteration skips; holes are squeezed out (a new lineage)
 * once they outnumber the keys.
 */
export class Table<V> implements Iterable<[string, V]> {
  /** Marks a table, and a structured clone of one, for `Table.revive`. */
  readonly kind = TABLE_KIND;
  /**
   * Nodes whose `o` is this token belong to this table alone and may be changed in place. Private
   * (#): a structured clone leaves it out, and `copy()` may replace it on a frozen, exported table.
   */
  #owner: Owner = {};
  private lineage: Lineage;
  private slots: SlotNode;
  /** Depth of the slot trie, in bits: 0 while the root is a leaf. */
  private shift: number;
  /** One past the highest slot this table has used (holes included). */
  private length: number;
  private count: number;

  private constructor(lineage: Lineage, slots: SlotNode, shift: number, length: number, count: number) {
    this.lineage = lineage;
    this.slots = slots;
    this.shift = shift;
    this.length = length;
    this.count = count;
  }

  static empty<V>(): Table<V> {
    return new Table<V>({ slots: new Map(), next: 0 }, { o: null, a: [] }, 0, 0, 0);
  }

  /** A table of a plain record's entries, or of any entries, in their order. */
  static from<V>(entries: Readonly<Record<string, V>> | Iterable<readonly [string, V]>): Table<V> {
    const table = Table.empty<V>();
    const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [key, value] of pairs as Iterable<readonly [string, V]>) table.set(key, value);
    return table;
  }

  /**
   * A table as it was saved: the table itself, a structured clone of one (IndexedDB: O(1), its
   * storage is reused), or a plain record (JSON, and states saved before tables existed).
   */
  static revive<V>(saved: unknown): Table<V> {
    if (saved instanceof Table) return saved as Table<V>;
    if (Table.isSaved(saved)) {
      const d = saved as TableData;
      return new Table<V>(d.lineage, d.slots, d.shift, d.length, d.count);
    }
    return saved !== null && typeof saved === 'object'
      ? Table.from(saved as Record<string, V>)
      : Table.empty<V>();
  }

  /** A table, or a structured clone of one (what IndexedDB hands back). */
  static isSaved(value: unknown): boolean {
    return (
      value instanceof Table ||
      (value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === TABLE_KIND)
    );
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const slot = this.lineage.slots.get(key);
    if (slot === undefined || slot >= this.length) return undefined;
    const leaf = this.#leaf(slot);
    const i = 2 * (slot & MASK);
    return leaf?.[i] === key ? (leaf[i + 1] as V) : undefined;
  }

  has(key: string): boolean {
    return this.#slotOf(key) !== undefined;
  }

  /** Sets `key` (a key never set before goes last); changes this table, never a copy of it. */
  set(key: string, value: V): this {
    if (this.#slotOf(key) === undefined) {
      let slot = this.lineage.slots.get(key);
      if (slot === undefined) {
        slot = this.lineage.next++;
        this.lineage.slots.set(key, slot);
      }
      this.count++;
      this.#writeSlot(slot, key, value);
      this.length = Math.max(this.length, slot + 1);
      return this;
    }
    this.#writeSlot(this.lineage.slots.get(key) as number, key, value);
    return this;
  }

  delete(key: string): boolean {
    const slot = this.#slotOf(key);
    if (slot === undefined) return false;
    this.#writeSlot(slot, HOLE, undefined);
    this.count--;
    if (this.length > 64 && this.length > 2 * this.count) this.#squeeze();
    return true;
  }

  /**
   * An O(1) copy: both tables share their storage and, from now on, copy a node before changing
   * it. Neither ever changes what the other holds.
   */
  copy(): Table<V> {
    this.#owner = {};
    return new Table<V>(this.lineage, this.slots, this.shift, this.length, this.count);
  }

  *entries(): IterableIterator<[string, V]> {
    for (let slot = 0; slot < this.length; slot += WIDTH) {
      const leaf = this.#leaf(slot);
      if (!leaf) continue;
      for (let i = 0; i < leaf.length; i += 2) {
        const key = leaf[i];
        if (typeof key === 'string') yield [key, leaf[i + 1] as V];
      }
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** The first `n` entries, without walking the rest. */
  first(n: number): [string, V][] {
    const out: [string, V][] = [];
    if (n <= 0) return out;
    for (const entry of this.entries()) if (out.push(entry) >= n) break;
    return out;
  }

  /** A plain record (for JSON and display). Integer-like keys sort first there, as in any object. */
  toObject(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, value] of this.entries()) out[key] = value;
    return out;
  }

  toJSON(): Record<string, V> {
    return this.toObject();
  }

  #slotOf(key: string): number | undefined {
    const slot = this.lineage.slots.get(key);
    if (slot === undefined || slot >= this.length) return undefined;
    return this.#leaf(slot)?.[2 * (slot & MASK)] === key ? slot : undefined;
  }

  /** The leaf holding `slot`, if this table has one there. */
  #leaf(slot: number): unknown[] | undefined {
    let node: SlotNode | undefined = this.slots;
    for (let s = this.shift; s > 0 && node; s -= BITS)
      node = node.a[(slot >>> s) & MASK] as SlotNode | undefined;
    return node?.a;
  }

  #writeSlot(slot: number, key: string | typeof HOLE, value: unknown): void {
    while (slot >= WIDTH << this.shift) {
      // Full: the root becomes the first child of a new, taller root.
      this.slots = { o: this.#owner, a: [this.slots] };
      this.shift += BITS;
    }
    this.slots = own(this.slots, this.#owner);
    let node = this.slots;
    for (let s = this.shift; s > 0; s -= BITS) {
      const i = (slot >>> s) & MASK;
      const child = node.a[i] as SlotNode | undefined;
      const mine = child ? own(child, this.#owner) : { o: this.#owner, a: [] };
      node.a[i] = mine;
      node = mine;
    }
    const i = 2 * (slot & MASK);
    while (node.a.length < i) node.a.push(HOLE, undefined); // a leaf is never sparse
    node.a[i] = key;
    node.a[i + 1] = value;
  }

  /** Rebuilds without holes, in a lineage of its own (slots renumbered, order kept). */
  #squeeze(): void {
    const fresh = Table.from<V>([...this.entries()]);
    this.#owner = fresh.#owner;
    this.lineage = fresh.lineage;
    this.slots = fresh.slots;
    this.shift = fresh.shift;
    this.length = fresh.length;
  }
}

const TABLE_KIND = 'eventscape.table';
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** A slot without a key (deleted, or never set in this table). */
const HOLE = 0;

type Owner = object | null;
/** A slot-trie node: a branch's `a` holds child nodes; a leaf's holds key, value, key, value… */
interface SlotNode {
  o: Owner;
  a: unknown[];
}
/** Shared by a table and every copy of it: each key's slot, and the next slot to hand out. */
interface Lineage {
  readonly slots: Map<string, number>;
  next: number;
}
/** What a structured clone of a table holds. */
interface TableData {
  readonly lineage: Lineage;
  readonly slots: SlotNode;
  readonly shift: number;
  readonly length: number;
  readonly count: number;
}

function own(node: SlotNode, owner: Owner): SlotNode {
  return node.o === owner ? node : { o: owner, a: node.a.slice() };
}

/** A state as plain data for display and comparison: a table as a record, anything else as it is. */
export function plainOf(value: unknown): unknown {
  return value instanceof Table ? value.toObject() : value;
}

/** `key` of a table or of a plain record (generic readers of scenario states). */
export function entryOf(state: unknown, key: string): unknown {
  if (state instanceof Table) return state.get(key);
  return state !== null && typeof state === 'object' && Object.hasOwn(state, key)
    ? (state as Record<string, unknown>)[key]
    : undefined;
}

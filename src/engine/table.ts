/**
 * A string-keyed map that iterates in insertion order (like a `Map`), whose `copy()` costs O(1):
 * the copy and the original share their storage, and each copies only the few small nodes it then
 * changes (copy-on-write, node by node). Folds keep their growing tables in one (issue 6): a time-
 * travel checkpoint shares the live run's tables, and costs what changed since the last one, not
 * the whole state. Plain data inside (no prototypes), so a structured clone of a table can be
 * revived in O(1); JSON gets a plain record (`toJSON`).
 *
 * Inside: values sit in a 32-way trie by *slot* (the order of insertion), and a hash trie (HAMT)
 * maps each key to its slot. Updates to recent keys touch the trie's last leaves; a new key adds
 * a slot and a few hash-trie nodes. A deleted key leaves a hole that iteration skips; holes are
 * squeezed out once they outnumber the keys.
 */
export class Table<V> implements Iterable<[string, V]> {
  /** Marks a table, and a structured clone of one, for `Table.revive`. */
  readonly kind = TABLE_KIND;
  /**
   * Nodes whose `o` is this token belong to this table alone and may be changed in place. Private
   * (#): a structured clone leaves it out, and `copy()` may replace it on a frozen, exported table.
   */
  #owner: Owner = {};
  private index: HashNode | null;
  private slots: SlotNode;
  /** Depth of the slot trie, in bits: 0 while the root is a leaf. */
  private shift: number;
  /** Slots used, holes included. */
  private length: number;
  private count: number;

  private constructor(index: HashNode | null, slots: SlotNode, shift: number, length: number, count: number) {
    this.index = index;
    this.slots = slots;
    this.shift = shift;
    this.length = length;
    this.count = count;
  }

  static empty<V>(): Table<V> {
    return new Table<V>(null, { o: null, a: [] }, 0, 0, 0);
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
    if (saved === null || typeof saved !== 'object') return Table.empty<V>();
    const s = saved as Partial<Record<keyof TableData, unknown>> & { kind?: unknown };
    if (s.kind === TABLE_KIND) {
      const d = saved as TableData;
      return new Table<V>(d.index, d.slots, d.shift, d.length, d.count);
    }
    return Table.from(saved as Record<string, V>);
  }

  static isTable(value: unknown): value is Table<unknown> {
    return value instanceof Table;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    const slot = this.#slotOf(key);
    return slot === undefined ? undefined : (this.#leaf(slot)[2 * (slot & MASK) + 1] as V);
  }

  has(key: string): boolean {
    return this.#slotOf(key) !== undefined;
  }

  /** Sets `key` (a new key goes last); changes this table, never a copy of it. */
  set(key: string, value: V): this {
    const slot = this.#slotOf(key);
    if (slot !== undefined) {
      this.#writeSlot(slot, key, value);
      return this;
    }
    const added = this.length;
    this.index = hashSet(this.index, key, hashOf(key), 0, added, this.#owner);
    this.#writeSlot(added, key, value);
    this.length++;
    this.count++;
    return this;
  }

  delete(key: string): boolean {
    const slot = this.#slotOf(key);
    if (slot === undefined) return false;
    this.index = hashDelete(this.index, key, hashOf(key), 0, this.#owner);
    this.#writeSlot(slot, HOLE, undefined);
    this.count--;
    if (this.length > 32 && this.length > 2 * this.count) this.#squeeze();
    return true;
  }

  /**
   * An O(1) copy: both tables share their storage and, from now on, copy a node before changing
   * it. Neither ever changes what the other holds.
   */
  copy(): Table<V> {
    this.#owner = {};
    return new Table<V>(this.index, this.slots, this.shift, this.length, this.count);
  }

  *entries(): IterableIterator<[string, V]> {
    for (let slot = 0; slot < this.length; slot += WIDTH) {
      const leaf = this.#leaf(slot);
      for (let i = 0; i < leaf.length; i += 2) {
        const key = leaf[i];
        if (key !== HOLE) yield [key as string, leaf[i + 1] as V];
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
    return this.index === null ? undefined : hashGet(this.index, key, hashOf(key));
  }

  #leaf(slot: number): unknown[] {
    let node = this.slots;
    for (let s = this.shift; s > 0; s -= BITS) node = node.a[(slot >>> s) & MASK] as SlotNode;
    return node.a;
  }

  #writeSlot(slot: number, key: string | typeof HOLE, value: unknown): void {
    if (slot >= WIDTH << this.shift) {
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
    node.a[i] = key;
    node.a[i + 1] = value;
  }

  /** Rebuilds without holes (slots renumbered, order kept). */
  #squeeze(): void {
    const fresh = Table.from<V>([...this.entries()]);
    this.#owner = fresh.#owner;
    this.index = fresh.index;
    this.slots = fresh.slots;
    this.shift = fresh.shift;
    this.length = fresh.length;
  }
}

const TABLE_KIND = 'eventscape.table';
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** A deleted slot's key. */
const HOLE = 0;

type Owner = object | null;
/** A slot-trie node: a branch's `a` holds child nodes; a leaf's holds key, value, key, value… */
interface SlotNode {
  o: Owner;
  a: unknown[];
}
/**
 * A hash-trie node: `m` has a bit per occupied position; `a` holds a pair per bit: (key, slot), or
 * (null, child node). A collision node (`c`) holds (key, slot) pairs whose hashes are all equal.
 */
interface HashNode {
  o: Owner;
  m: number;
  a: unknown[];
  c?: true;
}
/** What a structured clone of a table holds. */
interface TableData {
  readonly index: HashNode | null;
  readonly slots: SlotNode;
  readonly shift: number;
  readonly length: number;
  readonly count: number;
}

function own<N extends { o: Owner; a: unknown[] }>(node: N, owner: Owner): N {
  return node.o === owner ? node : { ...node, o: owner, a: node.a.slice() };
}

/** FNV-1a, 32 bits. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function hashGet(root: HashNode, key: string, hash: number): number | undefined {
  let node = root;
  for (let shift = 0; ; shift += BITS) {
    if (node.c) {
      for (let i = 0; i < node.a.length; i += 2) if (node.a[i] === key) return node.a[i + 1] as number;
      return undefined;
    }
    const bit = 1 << ((hash >>> shift) & MASK);
    if ((node.m & bit) === 0) return undefined;
    const i = 2 * bitCount(node.m & (bit - 1));
    const k = node.a[i];
    if (k === null) node = node.a[i + 1] as HashNode;
    else return k === key ? (node.a[i + 1] as number) : undefined;
  }
}

/** `key` → `slot` (key not present yet). Returns the node to keep in place of `node`. */
function hashSet(
  node: HashNode | null,
  key: string,
  hash: number,
  shift: number,
  slot: number,
  owner: Owner,
) {
  if (node === null) return { o: owner, m: 1 << ((hash >>> shift) & MASK), a: [key, slot] } as HashNode;
  const mine = own(node, owner);
  if (mine.c) {
    mine.a.push(key, slot);
    return mine;
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const i = 2 * bitCount(mine.m & (bit - 1));
  if ((mine.m & bit) === 0) {
    mine.a.splice(i, 0, key, slot);
    mine.m |= bit;
    return mine;
  }
  const k = mine.a[i];
  if (k === null) {
    mine.a[i + 1] = hashSet(mine.a[i + 1] as HashNode, key, hash, shift + BITS, slot, owner);
    return mine;
  }
  // Another key sits here: push both one level down.
  const other = k as string;
  const otherHash = hashOf(other);
  mine.a[i] = null;
  mine.a[i + 1] =
    otherHash === hash
      ? ({ o: owner, m: 0, a: [other, mine.a[i + 1], key, slot], c: true } as HashNode)
      : hashSet(
          hashSet(null, other, otherHash, shift + BITS, mine.a[i + 1] as number, owner),
          key,
          hash,
          shift + BITS,
          slot,
          owner,
        );
  return mine;
}

/** Removes `key` (present). Returns the node to keep in place of `node`, or null when it emptied. */
function hashDelete(node: HashNode | null, key: string, hash: number, shift: number, owner: Owner) {
  if (node === null) return null;
  const mine = own(node, owner);
  if (mine.c) {
    const i = mine.a.indexOf(key);
    if (i >= 0) mine.a.splice(i, 2);
    return mine.a.length === 0 ? null : mine;
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if ((mine.m & bit) === 0) return mine;
  const i = 2 * bitCount(mine.m & (bit - 1));
  const child =
    mine.a[i] === null ? hashDelete(mine.a[i + 1] as HashNode, key, hash, shift + BITS, owner) : null;
  if (child !== null) {
    mine.a[i + 1] = child;
    return mine;
  }
  mine.a.splice(i, 2);
  mine.m &= ~bit;
  return mine.m === 0 ? null : mine;
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

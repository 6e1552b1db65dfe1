/**
 * Seeded randomness: sfc32, a small fast PRNG with 128 bits of plain state, so a run's random
 * stream can be saved and restored. All chance in the engine and scenarios comes from here.
 */
export type RandomState = readonly [number, number, number, number];

/** Hashes a string to four 32-bit words (cyrb128), to seed {@link Random} from any label. */
export function hashToState(text: string): RandomState {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  readonly seed: string;

  /** @param seed any number or string; the same seed always gives the same sequence. */
  constructor(seed: number | string, state?: RandomState) {
    this.seed = String(seed);
    const [a, b, c, d] = state ?? hashToState(this.seed);
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
    if (!state) for (let i = 0; i < 12; i++) this.uint32(); // warm up away from the seed's shape
  }

  /** A uniformly random unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p` (0 never draws, so turning a fault off changes no other decision). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  /** An independent stream for one purpose, so adding draws in one place shifts no other. */
  fork(label: string): Random {
    return new Random(`${this.seed}/${label}`);
  }

  /** Plain state, for snapshots. */
  get state(): RandomState {
    return [this.#a >>> 0, this.#b >>> 0, this.#c >>> 0, this.#d >>> 0];
  }

  /** Continues from a saved state. */
  restore([a, b, c, d]: RandomState): void {
    this.#a = a | 0;
    this.#b = b | 0;
    this.#c = c | 0;
    this.#d = d | 0;
  }
}

/** Deterministic ("sticky") ids: the same seed gives the same ids, formatted as UUID v4. */
export class IdGenerator {
  readonly #random: Random;
  constructor(random: Random) {
    this.#random = random;
  }

  /**
   * Four draws as `aaaaaaaa-bbbb-4bbb-Vccc-ccccdddddddd`: b's top 16 bits, then its low 12 (its 5th
   * hex digit gives way to the version), V the variant from c's top 2 bits. Built from byte pairs
   * in one go: every message gets an id, and a seek re-runs hundreds of messages.
   */
  next(): string {
    const r = this.#random;
    const a = r.uint32();
    const b = r.uint32();
    const c = r.uint32();
    const d = r.uint32();
    return `${hex8(a)}-${HEX[b >>> 24]}${HEX[(b >>> 16) & 255]}-4${HEX_DIGIT[(b >>> 8) & 15]}${HEX[b & 255]}-${HEX_DIGIT[((c >>> 28) & 3) | 8]}${HEX_DIGIT[(c >>> 24) & 15]}${HEX[(c >>> 16) & 255]}-${HEX[(c >>> 8) & 255]}${HEX[c & 255]}${hex8(d)}`;
  }

  get state(): RandomState {
    return this.#random.state;
  }

  restore(state: RandomState): void {
    this.#random.restore(state);
  }
}

/** Two hex digits per byte value: ids are made on every message, so no number formatting per id. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_DIGIT = Array.from({ length: 16 }, (_, i) => i.toString(16));

function hex8(n: number): string {
  return (
    (HEX[n >>> 24] as string) +
    (HEX[(n >>> 16) & 255] as string) +
    (HEX[(n >>> 8) & 255] as string) +
    (HEX[n & 255] as string)
  );
}

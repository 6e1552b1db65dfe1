/**
 * A stable, fast, non-cryptographic hash of the log (cyrb53 over canonical JSON), so two runs can
 * be compared byte for byte: the same seed and actions must give the same `logHash`.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** An incremental hash: feed messages in log order, read `digest()` at any point. */
export class LogHasher {
  #h1 = 0xdeadbeef;
  #h2 = 0x41c6ce57;

  update(value: unknown): this {
    const text = canonicalJson(value);
    let h1 = this.#h1;
    let h2 = this.#h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    this.#h1 = h1 >>> 0;
    this.#h2 = h2 >>> 0;
    return this;
  }

  /** Plain state, so a restored simulation keeps hashing where it left off. */
  get state(): readonly [number, number] {
    return [this.#h1, this.#h2];
  }

  set state([h1, h2]: readonly [number, number]) {
    this.#h1 = h1 >>> 0;
    this.#h2 = h2 >>> 0;
  }

  digest(): string {
    return this.#h2.toString(16).padStart(8, '0') + this.#h1.toString(16).padStart(8, '0');
  }
}

/** Hash of a whole sequence of messages, in order. */
export function hashMessages(messages: Iterable<unknown>): string {
  const hasher = new LogHasher();
  for (const m of messages) hasher.update(m);
  return hasher.digest();
}

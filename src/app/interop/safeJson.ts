/** Keys that could reach an object's prototype if a later copy or merge trusted them. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonLimits {
  /** Longest text accepted, in UTF-16 code units (about bytes for JSON). */
  readonly maxChars: number;
  /** Deepest nesting of objects and arrays accepted. */
  readonly maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxChars: 50_000_000, maxDepth: 64 };

/** Why a text is not acceptable JSON, in words for the person, with where it went wrong. */
export class UnsafeJsonError extends Error {
  override readonly name = 'UnsafeJsonError';
  readonly code: 'TOO_LARGE' | 'NOT_JSON' | 'TOO_DEEP' | 'FORBIDDEN_KEY';
  constructor(code: UnsafeJsonError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * `JSON.parse` for text from outside: capped in size, in depth, and refusing `__proto__`,
 * `constructor` and `prototype` keys anywhere, so nothing parsed can later reach a prototype.
 * Walks the result with an explicit stack (no recursion to overflow on a hostile nesting).
 */
export function parseUntrustedJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  if (text.length > limits.maxChars) {
    const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
    throw new UnsafeJsonError(
      'TOO_LARGE',
      `The file is ${mb(text.length)}; the most this page imports is ${mb(limits.maxChars)}.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UnsafeJsonError('NOT_JSON', `The file is not valid JSON (${detail}).`);
  }
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '$' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limits.maxDepth) {
      throw new UnsafeJsonError(
        'TOO_DEEP',
        `The file nests deeper than ${limits.maxDepth} levels (at ${item.path}); no export of ours does.`,
      );
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => {
        stack.push({ value: v, depth: item.depth + 1, path: `${item.path}[${i}]` });
      });
      continue;
    }
    for (const key of Object.keys(item.value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new UnsafeJsonError(
          'FORBIDDEN_KEY',
          `The file has a key "${key}" (at ${item.path}), which is refused.`,
        );
      }
      stack.push({
        value: (item.value as Record<string, unknown>)[key],
        depth: item.depth + 1,
        path: `${item.path}.${key}`,
      });
    }
  }
  return value;
}

import type { Message } from './message';

/**
 * Where a read model lives, and so how fresh it is — the read-model stores the source material
 * names. `memory`: the playground's own, streaming. `kv` (Redis-like): a hash updated on every
 * message, instantly. `search` (Elasticsearch-like): searchable only after the next index refresh.
 * `warehouse`: loaded by a batch job (an ETL run every virtual minute standing in for hourly).
 */
export type ReadModelStore = 'memory' | 'kv' | 'search' | 'warehouse';

/** Virtual ms between loads; absent: streaming, message by message. */
export const STORE_BATCH: Readonly<Record<ReadModelStore, number | undefined>> = {
  memory: undefined,
  kv: undefined,
  search: 1000,
  warehouse: 60_000,
};

export const STORE_LABEL: Readonly<Record<ReadModelStore, string>> = {
  memory: 'in memory (streaming)',
  kv: 'key-value hash (instant)',
  search: 'search index (refreshes every second)',
  warehouse: 'warehouse table (loaded every minute)',
};

/** A simulated search index's content: per key, the words of its latest document (plain data). */
export type DocumentIndex = Record<string, string>;

/** The words of a message's data, lower case, as a search index would store them. */
export function documentText(message: Message): string {
  // The type's words too ("OrderCancelled" → order cancelled), as an analyzer would split them.
  const words: string[] = message.type.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  const stack: unknown[] = [message.data];
  for (let value = stack.pop(); value !== undefined; value = stack.pop()) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      words.push(String(value).toLowerCase());
    } else if (typeof value === 'object' && value !== null) {
      for (const v of Object.values(value)) stack.push(v);
    }
  }
  return words.join(' ');
}

/** Keys whose document holds every word of `query` (as a prefix), best first: by key. */
export function search(index: DocumentIndex, query: string): string[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  return Object.keys(index)
    .filter((key) => {
      const words = (index[key] ?? '').split(' ');
      return terms.every((t) => words.some((w) => w.startsWith(t)));
    })
    .sort();
}

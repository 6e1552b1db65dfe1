import { expect } from 'vitest';
import { Table } from './engine/table';

/*
 * Vitest compares tables by their entries, in order, as a Map would be compared: two tables with
 * the same entries are equal however their storage is laid out (shared, copied, squeezed), and a
 * table equals the plain record of the same entries, so a test may write the state it expects.
 */
expect.addEqualityTesters([
  function tablesByEntries(a: unknown, b: unknown, customTesters) {
    const [ta, tb] = [asTable(a), asTable(b)];
    if (!ta && !tb) return undefined;
    if (ta && tb) return this.equals([...ta], [...tb], customTesters);
    return this.equals(ta?.toObject() ?? a, tb?.toObject() ?? b, customTesters);
  },
]);

/** A table, or a structured clone of one (IndexedDB, `structuredClone`), as a table. */
function asTable(value: unknown): Table<unknown> | null {
  return Table.isSaved(value) ? Table.revive(value) : null;
}

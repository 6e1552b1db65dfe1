import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Table } from './table';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'copy' };

const key = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((n) => `order-${n}`),
  fc.string({ maxLength: 4 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const) }) },
);

/**
 * Applies `ops` to a table and to a Map plus the order keys were first set in (a table iterates in
 * that order: a key deleted and set again returns to its place). At each copy, the copy is frozen
 * and checked at the end.
 */
function check(ops: readonly Op[]) {
  const table = Table.empty<number>();
  const model = new Map<string, number>();
  const firstSet: string[] = [];
  const expected = (): [string, number][] =>
    firstSet.filter((k) => model.has(k)).map((k) => [k, model.get(k) as number]);
  const frozen: { table: Table<number>; entries: [string, number][] }[] = [];
  for (const o of ops) {
    if (o.kind === 'set') {
      table.set(o.key, o.value);
      if (!firstSet.includes(o.key)) firstSet.push(o.key);
      model.set(o.key, o.value);
    } else if (o.kind === 'delete') {
      expect(table.delete(o.key)).toBe(model.delete(o.key));
    } else {
      frozen.push({ table: table.copy(), entries: expected() });
    }
    expect(table.size).toBe(model.size);
  }
  expect([...table]).toEqual(expected());
  for (const [k, v] of model) expect(table.get(k)).toBe(v);
  expect(table.has('absent-key')).toBe(model.has('absent-key'));
  for (const f of frozen) expect([...f.table]).toEqual(f.entries);
}

describe('Table', () => {
  it('behaves as a Map in the order keys were first set, and a copy never sees later changes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), check), { numRuns: 300 });
  });

  it('changing a copy leaves the original as it was, at any size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 6000 })),
        (n, edits) => {
          const original = Table.from(Array.from({ length: n }, (_, i): [string, number] => [`k${i}`, i]));
          const copy = original.copy();
          for (const e of edits)
            if (e % 3 === 0) copy.delete(`k${e}`);
            else copy.set(`k${e}`, -e);
          for (let i = 0; i < n; i++) expect(original.get(`k${i}`)).toBe(i);
          expect(original.size).toBe(n);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('holds many keys whose hashes share prefixes, and squeezes out holes', () => {
    const table = Table.empty<number>();
    for (let i = 0; i < 20_000; i++) table.set(String(i), i);
    for (let i = 0; i < 20_000; i += 2) table.delete(String(i));
    expect(table.size).toBe(10_000);
    expect(table.first(3)).toEqual([
      ['1', 1],
      ['3', 3],
      ['5', 5],
    ]);
    for (let i = 0; i < 20_000; i++) expect(table.get(String(i))).toBe(i % 2 === 1 ? i : undefined);
  });

  it('copies that go different ways share their lineage and still never see each other', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), op), { maxLength: 300 }), (steps) => {
        const a = Table.from({ start: 0 });
        const b = a.copy();
        const models = [new Map([['start', 0]]), new Map([['start', 0]])];
        for (const [left, o] of steps) {
          const [table, model] = left ? [a, models[0]] : [b, models[1]];
          if (!model) continue;
          if (o.kind === 'set') {
            table.set(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.kind === 'delete') expect(table.delete(o.key)).toBe(model.delete(o.key));
        }
        for (const [table, model] of [
          [a, models[0]],
          [b, models[1]],
        ] as const) {
          expect(new Map(table)).toEqual(model);
          for (const [k, v] of model ?? []) expect(table.get(k)).toBe(v);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('revives from a structured clone in O(1), from a plain record, and from itself', () => {
    const table = Table.from({ a: 1, b: 2 });
    table.set('c', 3);
    const cloned = structuredClone(table);
    expect(cloned).not.toBeInstanceOf(Table);
    const revived = Table.revive<number>(cloned);
    expect([...revived]).toEqual([...table]);
    revived.set('d', 4);
    expect(table.has('d')).toBe(false);
    expect(Table.revive(table)).toBe(table);
    expect(Table.revive<number>(JSON.parse(JSON.stringify(table))).toObject()).toEqual({ a: 1, b: 2, c: 3 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdGenerator, Random } from './random';

describe('Random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const as = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(as);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(as);
  });

  it('stays in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const r = new Random(seed);
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          expect(x >= 0 && x < 1).toBe(true);
          const k = r.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
      { seed: 1 },
    );
  });

  it('resumes exactly from a saved state', () => {
    const r = new Random('run-7');
    r.uint32();
    const resumed = new Random('run-7', r.state);
    expect(Array.from({ length: 10 }, () => resumed.uint32())).toEqual(
      Array.from({ length: 10 }, () => r.uint32()),
    );
  });

  it('forks independent streams: draws in one fork shift no other', () => {
    const first = new Random(5).fork('broker');
    const other = new Random(5);
    other.fork('services').uint32();
    const second = other.fork('broker');
    expect(first.uint32()).toBe(second.uint32());
  });

  it('does not draw for a chance of 0 or 1, so turning a fault off changes no other decision', () => {
    const r = new Random(9);
    const before = r.state;
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(r.state).toEqual(before);
  });
});

describe('IdGenerator', () => {
  it('makes sticky, unique UUID-shaped ids', () => {
    const ids = (seed: number) => {
      const gen = new IdGenerator(new Random(seed));
      return Array.from({ length: 2000 }, () => gen.next());
    };
    const a = ids(3);
    expect(ids(3)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    for (const id of a.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('spells an id from its four draws exactly as it always has (saved runs and log hashes keep it)', () => {
    // The first way of writing it, by hex strings and slices, as the reference.
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const reference = (random: Random) => {
      const [a, b, c, d] = [
        hex(random.uint32()),
        hex(random.uint32()),
        hex(random.uint32()),
        hex(random.uint32()),
      ];
      const variant = ((Number.parseInt(c[0] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
    };
    const gen = new IdGenerator(new Random('ids'));
    const draws = new Random('ids');
    for (let i = 0; i < 5000; i++) expect(gen.next()).toBe(reference(draws));
  });
});

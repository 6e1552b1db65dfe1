import { describe, expect, it } from 'vitest';
import { OwnedState } from './ownedState';

type Table = Record<string, number>;
const add = (state: Table, key: string): Table => {
  state[key] = (state[key] ?? 0) + 1;
  return state;
};
const copy = (state: Table): Table => ({ ...state });

describe('OwnedState', () => {
  it('changes its own state in place while nobody holds it', () => {
    const owned = new OwnedState<Table>({}, copy);
    const before = owned.current;
    owned.evolve(add, 'a');
    owned.evolve(add, 'a');
    expect(owned.current).toBe(before);
    expect(owned.current).toEqual({ a: 2 });
  });

  it('never changes a state it shared: the next change works on a copy, once', () => {
    const owned = new OwnedState<Table>({}, copy);
    owned.evolve(add, 'a');
    const shared = owned.share();
    owned.evolve(add, 'b');
    const afterCopy = owned.current;
    owned.evolve(add, 'c');
    expect(shared).toEqual({ a: 1 });
    expect(owned.current).toBe(afterCopy);
    expect(owned.current).toEqual({ a: 1, b: 1, c: 1 });
  });

  it('leaves a restored state as the caller gave it', () => {
    const saved: Table = { a: 1 };
    const owned = new OwnedState<Table>({}, copy);
    owned.reset(saved);
    owned.evolve(add, 'a');
    expect(saved).toEqual({ a: 1 });
    expect(owned.current).toEqual({ a: 2 });
  });

  it('without copyState, evolve must return a new state, and sharing costs nothing', () => {
    const owned = new OwnedState<readonly number[]>([], undefined);
    const shared = owned.share();
    owned.evolve((state: readonly number[], n: number) => [...state, n], 1);
    expect(shared).toEqual([]);
    expect(owned.current).toEqual([1]);
  });
});

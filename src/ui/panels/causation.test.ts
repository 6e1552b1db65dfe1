import { describe, expect, it } from 'vitest';
import { aMessage } from '../../engine/testing';
import { causationChain } from './causation';

describe('causationChain', () => {
  it('follows causes back to the start and effects forward, and nothing else', () => {
    const m = (id: string, causationId: string | null) => aMessage({ type: 'T', id, causationId });
    const log = [m('a', null), m('b', 'a'), m('c', 'b'), m('d', 'b'), m('e', 'd'), m('x', null), m('y', 'x')];
    expect([...causationChain(log, 'b')].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...causationChain(log, 'e')].sort()).toEqual(['a', 'b', 'd', 'e']);
    expect([...causationChain(log, 'y')].sort()).toEqual(['x', 'y']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Message } from '../engine/message';
import { Mirror } from './mirror';
import { msg } from './testSupport';

const stored = (ids: string[]): Message[] =>
  ids.map((id, i) => ({ ...msg(id, i % 2 ? 'odd' : 'even'), position: i + 1, streamVersion: (i >> 1) + 1 }));

describe('Mirror', () => {
  it('answers lookups the same whether its index was built before or after a load and a rollback', () => {
    const lazy = new Mirror();
    lazy.load(stored(['a', 'b', 'c', 'd']));
    lazy.truncate(3);
    const eager = new Mirror();
    expect(eager.has('a')).toBe(false); // builds the (empty) index first
    eager.load(stored(['a', 'b', 'c', 'd']));
    eager.truncate(3);
    for (const mirror of [lazy, eager]) {
      expect(mirror.has('c')).toBe(true);
      expect(mirror.has('d')).toBe(false);
      expect(mirror.streamVersion('odd')).toBe(1);
      expect(mirror.readStream('even').map((m) => m.id)).toEqual(['a', 'c']);
      expect(mirror.place([msg('e', 'odd')]).appended[0]).toMatchObject({ position: 4, streamVersion: 2 });
    }
  });

  it('refuses a stored log with a gap in positions', () => {
    const mirror = new Mirror();
    const [a, b] = stored(['a', 'b']) as [Message, Message];
    expect(() => mirror.load([a, { ...b, position: 3 }])).toThrow(/gap: expected position 2, found 3/);
  });
});

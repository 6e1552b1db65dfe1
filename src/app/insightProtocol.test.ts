import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../engine/message';
import { aMessage } from '../engine/testing';
import { applyDelta, deltaFor } from './insightProtocol';

const run: Message[] = Array.from({ length: 50 }, (_, i) => aMessage({ type: 'X', position: i + 1 }));

describe('the insight worker’s copy of the log, kept by deltas', () => {
  it('a growing log sends only what is new; a moment in the past keeps a prefix', () => {
    expect(deltaFor(run.slice(0, 10), run.slice(0, 14))).toEqual({ keep: 10, append: run.slice(10, 14) });
    expect(deltaFor(run.slice(0, 40), run.slice(0, 12))).toEqual({ keep: 12, append: [] });
    expect(deltaFor([], run.slice(0, 3))).toEqual({ keep: 0, append: run.slice(0, 3) });
  });

  it('any sequence of logs (growing, scrubbed back, another run) leaves the worker holding the last (property)', () => {
    const other: Message[] = Array.from({ length: 50 }, (_, i) => aMessage({ type: 'Y', position: i + 1 }));
    const log = fc
      .tuple(fc.boolean(), fc.nat({ max: 50 }))
      .map(([mine, n]) => (mine ? run : other).slice(0, n));
    fc.assert(
      fc.property(fc.array(log, { maxLength: 20 }), (logs) => {
        const held: Message[] = [];
        let sent: readonly Message[] = [];
        for (const l of logs) {
          applyDelta(held, deltaFor(sent, l));
          sent = l;
          expect(held).toEqual(l);
        }
      }),
      { seed: 12 },
    );
  });
});

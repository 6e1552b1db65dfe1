import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from './message';
import { aMessage } from './testing';
import { type WindowSpec, windowedDefinition, windowsFor } from './windows';

const at = (time: number, correlationId: string, type = 'PaymentCompleted', amount = 10): Message =>
  aMessage({ type, time, correlationId, data: { order: { amount } } });

function fold(spec: WindowSpec, messages: readonly Message[]) {
  const definition = windowedDefinition('w', ['PaymentCompleted'], spec);
  let state = definition.initialState();
  for (const m of messages) state = definition.evolve(state, m);
  return state;
}

describe('windows over event time', () => {
  it('tumbling windows count and sum, closing as the watermark passes their end', () => {
    const spec: WindowSpec = { kind: 'tumbling', size: 1000, lateness: 0, time: 'log', sum: 'order.amount' };
    const state = fold(spec, [at(100, 'a'), at(900, 'b'), at(1500, 'c'), at(2100, 'd')]);
    expect(state.closed).toEqual([
      { start: 0, end: 1000, count: 2, sum: 20 },
      { start: 1000, end: 2000, count: 1, sum: 10 },
    ]);
    expect(Object.keys(state.open)).toEqual(['2000']);
    expect(state.late).toBe(0);
  });

  it('an event whose transaction began in a closed window is late: counted, not added', () => {
    const spec: WindowSpec = { kind: 'tumbling', size: 1000, lateness: 200, time: 'transaction' };
    const state = fold(spec, [
      at(100, 'slow', 'OrderPlaced'), // transaction "slow" begins at 100
      at(1500, 'fast', 'OrderPlaced'),
      at(1550, 'fast'), // event time 1500
      at(2600, 'later', 'OrderPlaced'), // watermark 2400: window [0,1000) and [1000,2000) close
      at(2700, 'slow'), // event time 100: its window closed long ago
    ]);
    expect(state.late).toBe(1);
    expect(state.closed).toEqual([{ start: 1000, end: 2000, count: 1, sum: 0 }]);
  });

  it('with enough lateness allowed, the same late event still counts', () => {
    const spec: WindowSpec = { kind: 'tumbling', size: 1000, lateness: 5000, time: 'transaction' };
    const state = fold(spec, [
      at(100, 'slow', 'OrderPlaced'),
      at(2600, 'x', 'OrderPlaced'),
      at(2700, 'slow'),
    ]);
    expect(state.late).toBe(0);
    expect(state.open['0']).toEqual({ count: 1, sum: 0 });
  });

  it('sliding windows: every event is in size/slide windows, and each covers it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (t) => {
        const spec: WindowSpec = { kind: 'sliding', size: 1000, slide: 250, lateness: 0, time: 'log' };
        const starts = windowsFor(spec, t);
        expect(starts.length).toBe(t < 750 ? Math.floor(t / 250) + 1 : 4);
        for (const s of starts) expect(s <= t && t < s + 1000).toBe(true);
      }),
      { seed: 5 },
    );
  });
});

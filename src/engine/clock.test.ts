import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from './clock';

describe('Scheduler', () => {
  it('pops tasks in (due time, scheduling order) and moves the clock to each', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const s = new Scheduler<number>();
        for (const [i, t] of times.entries()) s.schedule(t, i);
        const popped: [number, number][] = [];
        for (let next = s.pop(); next; next = s.pop()) {
          expect(s.now).toBe(next.at);
          popped.push([next.at, next.task]);
        }
        const expected = times
          .map((t, i): [number, number] => [t, i])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
      { seed: 11 },
    );
  });

  it('never schedules into the past, and refuses NaN', () => {
    const s = new Scheduler<string>();
    s.schedule(100, 'a');
    s.pop();
    s.schedule(5, 'late');
    expect(s.pop()).toMatchObject({ at: 100, task: 'late' });
    expect(() => s.schedule(Number.NaN, 'x')).toThrow(RangeError);
  });

  it('lets time pass with nothing due, never backwards', () => {
    const s = new Scheduler<string>();
    s.advanceTo(250);
    s.advanceTo(100);
    expect(s.now).toBe(250);
  });
});

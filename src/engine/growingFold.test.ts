import { describe, expect, it } from 'vitest';
import { foldGrowingLog } from './growingFold';
import type { Message } from './message';
import { foldProjection, type ProjectionDefinition } from './projection';

const message = (position: number, type = 'Counted'): Message => ({
  id: `m-${position}`,
  kind: 'event',
  type,
  schemaVersion: 1,
  source: 'counter',
  subject: 'count',
  streamVersion: position,
  position,
  time: position,
  correlationId: 'c',
  causationId: null,
  data: { n: position },
});

const folds: number[] = [];
const sum: ProjectionDefinition<readonly number[]> = {
  name: 'sum',
  initialState: () => [],
  evolve: (state, m) => {
    folds.push(m.position);
    return [...state, (m.data as { n: number }).n];
  },
};

describe('foldGrowingLog', () => {
  it('answers what a fresh fold answers, folding only the messages it has not seen', () => {
    const log = [1, 2, 3].map((p) => message(p));
    expect(foldGrowingLog(sum, log)).toEqual(foldProjection(sum, log));
    folds.length = 0;
    const longer = [...log, message(4), message(5)];
    expect(foldGrowingLog(sum, longer)).toEqual([1, 2, 3, 4, 5]);
    expect(folds).toEqual([4, 5]);
  });

  it('starts over when the log is not the last one extended (another run, a rollback)', () => {
    foldGrowingLog(
      sum,
      [1, 2, 3].map((p) => message(p)),
    );
    const other = [1, 2].map((p) => message(p));
    expect(foldGrowingLog(sum, other)).toEqual([1, 2]);
    expect(foldGrowingLog(sum, [message(1), message(2), message(3)])).toEqual([1, 2, 3]);
  });

  it('sees messages pushed onto the same array since the last call', () => {
    const log = [message(1)];
    foldGrowingLog(sum, log);
    log.push(message(2));
    expect(foldGrowingLog(sum, log)).toEqual([1, 2]);
  });
});

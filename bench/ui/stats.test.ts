import { describe, expect, it } from 'vitest';
import { intervals, median, percentile, round } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks a value that occurred', () => {
    const frames = [16, 17, 16, 17, 50, 16, 17, 16, 17, 16];
    expect(percentile(frames, 95)).toBe(50);
    expect(percentile(frames, 50)).toBe(16);
    expect(percentile(frames, 100)).toBe(50);
    expect(percentile(frames, 0)).toBe(16);
  });

  it('does not reorder its input, and is NaN for nothing', () => {
    const values = [3, 1, 2];
    expect(percentile(values, 95)).toBe(3);
    expect(values).toEqual([3, 1, 2]);
    expect(percentile([], 95)).toBeNaN();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });
});

describe('median, intervals, round', () => {
  it('takes the middle, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('turns frame timestamps into frame intervals', () => {
    expect(intervals([0, 16.5, 33, 83])).toEqual([16.5, 16.5, 50]);
    expect(intervals([7])).toEqual([]);
  });

  it('rounds for the JSON', () => {
    expect(round(16.666)).toBe(16.7);
    expect(round(1.23456, 2)).toBe(1.23);
  });
});

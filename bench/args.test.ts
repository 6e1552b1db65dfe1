import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  const available = ['node', 'browser'];

  it('runs every available suite when no flag is given', () => {
    expect(parseBenchArgs([], available)).toEqual({ kind: 'run', suites: ['node', 'browser'] });
  });

  it('runs only the suites named, once each', () => {
    expect(parseBenchArgs(['--node', '--node'], available)).toEqual({ kind: 'run', suites: ['node'] });
  });

  it('refuses unknown flags and bare words', () => {
    expect(parseBenchArgs(['--fast'], available)).toMatchObject({ kind: 'error' });
    expect(parseBenchArgs(['node'], available)).toMatchObject({ kind: 'error' });
    expect(parseBenchArgs(['--browser'], ['node'])).toMatchObject({ kind: 'error' });
  });

  it('answers --help', () => {
    expect(parseBenchArgs(['--node', '--help'], available)).toEqual({ kind: 'help' });
  });
});

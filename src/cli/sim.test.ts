import { describe, expect, it } from 'vitest';
import { parseSimArgs } from './args';
import { runSim } from './runSim';

describe('sim CLI', () => {
  it('parses its flags', () => {
    expect(parseSimArgs(['--orders', '3', '--seed', 'abc', '--json'])).toEqual({
      options: { scenario: 'shop', orders: 3, seed: 'abc', json: true },
    });
  });

  it.each([
    [['--scenario', 'nope'], /unknown scenario "nope"/],
    [['--orders', 'ten'], /whole number/],
    [['--orders', '-1'], /whole number/],
    [['--orders'], /whole number/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--seed', '--json'], /--seed needs a value/],
  ])('explains bad input %j', (argv, message) => {
    const parsed = parseSimArgs(argv);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('runs a scenario to the end and gives the same log hash for the same seed', async () => {
    const options = { scenario: 'shop', orders: 5, seed: '9', json: true };
    const first = await runSim(options);
    expect(first).toMatchObject({ messages: 25, deadLetters: 0 });
    expect((await runSim(options)).logHash).toBe(first.logHash);
    expect((await runSim({ ...options, seed: '10' })).logHash).not.toBe(first.logHash);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSimArgs, type SimOptions } from './args';
import { type OrderSagaResult, runSim } from './runSim';

const defaults: SimOptions = {
  scenario: 'shop',
  orders: 10,
  seed: '1',
  json: false,
  mode: 'choreography',
  faults: 'none',
  idempotency: true,
  outbox: true,
  store: 'memory',
};

describe('sim CLI', () => {
  it('parses its flags', () => {
    expect(parseSimArgs(['--orders', '3', '--seed', 'abc', '--json'])).toEqual({
      options: { ...defaults, orders: 3, seed: 'abc', json: true },
    });
    const saga = ['--scenario', 'order-saga', '--mode', 'orchestration', '--faults', 'chaos'];
    expect(parseSimArgs([...saga, '--no-idempotency', '--no-outbox', '--store', 'idb'])).toEqual({
      options: {
        ...defaults,
        scenario: 'order-saga',
        mode: 'orchestration',
        faults: 'chaos',
        idempotency: false,
        outbox: false,
        store: 'idb',
      },
    });
  });

  it.each([
    [['--scenario', 'nope'], /unknown scenario "nope"/],
    [['--orders', 'ten'], /whole number/],
    [['--orders', '-1'], /whole number/],
    [['--orders'], /whole number/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--seed', '--json'], /--seed needs a value/],
    [
      ['--scenario', 'order-saga', '--mode', 'telepathy'],
      /--mode needs one of: choreography, orchestration, not "telepathy"/,
    ],
    [['--scenario', 'order-saga', '--faults', 'some'], /--faults needs one of: none, chaos/],
    [['--store', 'disk'], /--store needs one of: memory, idb/],
    [['--mode', 'orchestration'], /--mode applies to --scenario order-saga only/],
  ])('explains bad input %j', (argv, message) => {
    const parsed = parseSimArgs(argv);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('runs a scenario to the end and gives the same log hash for the same seed', async () => {
    const options = { ...defaults, orders: 5, seed: '9', json: true };
    const first = await runSim(options);
    expect(first).toMatchObject({ messages: 25, deadLetters: 0 });
    expect((await runSim(options)).logHash).toBe(first.logHash);
    expect((await runSim({ ...options, seed: '10' })).logHash).not.toBe(first.logHash);
  });

  it('runs the order saga: same seed, same log hash, three times and on both stores', async () => {
    const options: SimOptions = {
      ...defaults,
      scenario: 'order-saga',
      orders: 12,
      seed: '5',
      faults: 'chaos',
    };
    for (const mode of ['choreography', 'orchestration'] as const) {
      const runs = [
        await runSim({ ...options, mode }),
        await runSim({ ...options, mode }),
        await runSim({ ...options, mode }),
        await runSim({ ...options, mode, store: 'idb' }),
      ] as OrderSagaResult[];
      const [first] = runs;
      expect(first).toMatchObject({ orders: 12, unfinished: 0, violations: [] });
      expect(new Set(runs.map((r) => r.logHash)).size).toBe(1);
      expect(runs[3]?.storedLogHash).toBe(first?.logHash);
    }
  }, 30_000);
});

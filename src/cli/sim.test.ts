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
  broker: 'log',
};

describe('sim CLI', () => {
  it('parses its flags', () => {
    expect(parseSimArgs(['--orders', '3', '--seed', 'abc', '--json'])).toEqual({
      options: { ...defaults, orders: 3, seed: 'abc', json: true },
    });
    expect(parseSimArgs(['--broker', 'sqs'])).toEqual({ options: { ...defaults, broker: 'sqs' } });
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
    [['--broker', 'kafka'], /--broker needs one of: log, queue, sqs, not "kafka"/],
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

  it.each(['queue', 'sqs'] as const)(
    'runs the order saga under chaos on the %s broker: every order finished, every invariant ok',
    async (broker) => {
      const options: SimOptions = {
        ...defaults,
        scenario: 'order-saga',
        orders: 40,
        // Seed 3's chaos slows Payment threefold: past the SQS run's visibility timeout.
        seed: '3',
        faults: 'chaos',
        mode: 'orchestration',
        broker,
      };
      const first = (await runSim(options)) as OrderSagaResult;
      expect(first).toMatchObject({ broker, orders: 40, unfinished: 0, violations: [] });
      if (broker === 'sqs') expect(first.visibilityTimeouts).toBeGreaterThan(0);
      expect((await runSim(options)).logHash).toBe(first.logHash);
      expect((await runSim({ ...options, broker: 'log' })).logHash).not.toBe(first.logHash);
    },
    30_000,
  );
});

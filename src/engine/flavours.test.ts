import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailer, orders, type PaymentsState, payments, shopCatalog } from '../scenarios/shop/shop';
import { Broker, type BrokerSettings, type BrokerTask } from './broker';
import { Scheduler } from './clock';
import { ConfigurationError } from './errors';
import { type BrokerFlavour, flavourLabel, startFromProblems } from './flavours';
import type { SubscriberSpec } from './growth';
import { MemoryEventLog } from './memoryLog';
import type { Message, NewMessage } from './message';
import { Random } from './random';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

/** A bare broker on a virtual clock, as in broker.test.ts. */
function harness(settings: Partial<BrokerSettings>) {
  const scheduler = new Scheduler<BrokerTask>();
  const log = new MemoryEventLog();
  const broker = new Broker(
    {
      now: () => scheduler.now,
      schedule: (at, task) => scheduler.schedule(at, task),
      log,
      random: new Random(7),
    },
    shopCatalog,
    { latency: { base: 10, jitter: 0 }, ...settings },
  );
  let n = 0;
  return {
    scheduler,
    broker,
    async publish(subject = 'order-1'): Promise<Message> {
      const m: NewMessage = {
        id: `m${++n}`,
        kind: 'event',
        type: 'OrderPlaced',
        schemaVersion: 1,
        source: 'user',
        subject,
        time: scheduler.now,
        correlationId: subject,
        causationId: null,
        data: {},
      };
      const { appended } = await log.append([m]);
      broker.route(appended);
      return appended[0] as Message;
    },
    async run(until = Number.POSITIVE_INFINITY): Promise<void> {
      for (let at = scheduler.peekTime(); at !== undefined && at <= until; at = scheduler.peekTime()) {
        await broker.run((scheduler.pop() as { task: BrokerTask }).task);
      }
    },
  };
}

function shop(flavour: BrokerFlavour, extra: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    seed: 'flavours',
    catalog: shopCatalog,
    services: [orders, payments, mailer],
    broker: { flavour },
    ...extra,
  };
}

const counter = (startFrom: 'now' | 'beginning'): SubscriberSpec => ({
  name: 'Audit',
  types: ['OrderPlaced'],
  behaviour: { kind: 'count' },
  startFrom,
});

async function placeOrders(sim: Simulation, from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++)
    await sim.dispatch({ type: 'PlaceOrder', subject: `order-${n}`, data: {} });
  await sim.runUntilIdle();
}

const heard = (sim: Simulation) => sim.serviceState<{ heard: number }>('Audit').heard;

describe('log flavour (Kafka-like, the default)', () => {
  it('lets a new consumer group start from the earliest offset and replay the history', async () => {
    const sim = new Simulation(shop('log'));
    expect(sim.getSnapshot().brokerFlavour).toBe('log');
    await placeOrders(sim, 1, 3);
    sim.addSubscriber(counter('beginning'));
    await placeOrders(sim, 4, 4);
    expect(heard(sim)).toBe(4);
  });

  it('is what a run without a flavour gets: the same log, byte for byte', async () => {
    const plain = new Simulation({ ...shop('log'), broker: {} });
    const named = new Simulation(shop('log'));
    await placeOrders(plain, 1, 5);
    await placeOrders(named, 1, 5);
    expect(named.logHash).toBe(plain.logHash);
  });
});

describe('queue flavour (RabbitMQ-like)', () => {
  it('refuses a subscriber from the beginning, saying why; a new queue sees only what comes after', async () => {
    const sim = new Simulation(shop('queue'));
    await placeOrders(sim, 1, 3);
    expect(() => sim.addSubscriber(counter('beginning'))).toThrow(ConfigurationError);
    expect(() => sim.addSubscriber(counter('beginning'))).toThrow(/gone once acked/);
    sim.addSubscriber(counter('now'));
    await placeOrders(sim, 4, 5);
    expect(heard(sim)).toBe(2);
    expect(sim.getSnapshot().brokerFlavour).toBe('queue');
  });

  it('holds a message only until it is acked', async () => {
    const h = harness({ flavour: 'queue' });
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => {});
    await h.publish();
    expect(h.broker.deliveries('A')).toHaveLength(1);
    await h.run();
    expect(h.broker.deliveries('A')).toEqual([]);
    // A queue bound now gets nothing of what was acked before it existed.
    h.broker.subscribe({ name: 'B', types: ['OrderPlaced'] }, () => {});
    await h.run();
    expect(h.broker.deliveries('B')).toEqual([]);
    expect(h.broker.describe('B').delivered).toBe(0);
  });

  it('requeues a nacked message at once, where the log broker backs off', async () => {
    const times = async (flavour: BrokerFlavour) => {
      const h = harness({ flavour, retry: { maxAttempts: 5, baseBackoff: 50, maxBackoff: 1_000 } });
      const at: number[] = [];
      h.broker.subscribe({ name: 'A', types: ['OrderPlaced'], processingTime: 5 }, () => {
        at.push(h.scheduler.now);
        if (at.length === 1) throw new Error('not yet');
      });
      await h.publish();
      await h.run();
      return at;
    };
    expect(await times('queue')).toEqual([15, 20]);
    expect(await times('log')).toEqual([15, 70]);
  });

  it('routes a message past its delivery limit to the dead-letter exchange', async () => {
    const h = harness({ flavour: 'queue', deliveryLimit: 3 });
    let calls = 0;
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => {
      calls++;
      throw new Error('always');
    });
    await h.publish();
    await h.run();
    expect(calls).toBe(3);
    const [letter] = h.broker.deadLetters();
    expect(letter).toMatchObject({ subscription: 'A', attempts: 3 });
    expect(letter?.reason).toMatch(
      /always — nacked 3 times \(delivery limit 3\): routed to the dead-letter exchange/,
    );
  });
});

describe('sqs flavour (SNS/SQS-like)', () => {
  it('refuses a subscriber from the beginning, saying why', () => {
    const sim = new Simulation(shop('sqs'));
    expect(() => sim.addSubscriber(counter('beginning'))).toThrow(/a new queue starts empty/);
    expect(startFromProblems('log', 'beginning')).toEqual([]);
    expect(flavourLabel('sqs')).toBe('sqs (SNS/SQS-like)');
  });

  const slowPayments = () =>
    shop('sqs', {
      services: [orders, { ...payments, instances: 2, processingTime: 30 }, mailer],
      broker: { flavour: 'sqs', visibilityTimeout: 20, maxReceiveCount: 2 },
    });

  it('makes a slow consumer’s message reappear and another instance process it again', async () => {
    for (const idempotent of [false, true]) {
      const sim = new Simulation(slowPayments());
      sim.setIdempotent('Payments', idempotent);
      await placeOrders(sim, 1, 1);
      const view = sim.getSnapshot().services.find((s) => s.name === 'Payments');
      expect(view?.visibilityTimeouts).toBeGreaterThan(0);
      // Both instances took it; idempotency decides whether that charged twice.
      expect(view?.members.every((m) => m.handled > 0)).toBe(true);
      const charges = sim.serviceState<PaymentsState>('Payments').charges['order-1'];
      expect(charges).toBe(idempotent ? 1 : 2);
      if (idempotent) expect(view?.duplicatesSuppressed).toBeGreaterThan(0);
      // It kept outlasting the timeout: past maxReceiveCount the redrive policy moved it to the DLQ.
      expect(sim.getSnapshot().deadLetters.map((d) => d.errorCode)).toEqual(['MAX_RECEIVE_COUNT']);
    }
  });

  it('does not redeliver while no other instance polls, nor when it is deleted in time', async () => {
    for (const [instances, processingTime] of [
      [1, 30],
      [2, 15],
    ] as const) {
      const sim = new Simulation(
        shop('sqs', {
          services: [orders, { ...payments, instances, processingTime }, mailer],
          broker: { flavour: 'sqs', visibilityTimeout: 20 },
        }),
      );
      sim.setIdempotent('Payments', false);
      await placeOrders(sim, 1, 3);
      expect(sim.getSnapshot().services.find((s) => s.name === 'Payments')?.visibilityTimeouts).toBe(0);
      expect(Object.values(sim.serviceState<PaymentsState>('Payments').charges)).toEqual([1, 1, 1]);
    }
  });

  it('leaves a failed message invisible until its timeout, then redrives it after maxReceiveCount', async () => {
    const h = harness({ flavour: 'sqs', visibilityTimeout: 100, maxReceiveCount: 3 });
    const at: number[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => {
      at.push(h.scheduler.now);
      throw new Error('boom');
    });
    await h.publish();
    await h.run();
    expect(at).toEqual([10, 110, 210]);
    const [letter] = h.broker.deadLetters();
    expect(letter?.errorCode).toBe('MAX_RECEIVE_COUNT');
    expect(letter?.reason).toMatch(
      /received 3 times \(maxReceiveCount 3\).*dead-letter queue; last error: boom/,
    );
  });
});

describe('every flavour', () => {
  const faulty = (flavour: BrokerFlavour): SimulationOptions =>
    shop(flavour, {
      services: [orders, { ...payments, instances: 2, processingTime: 25 }, mailer],
      broker: {
        flavour,
        duplicateRate: 0.3,
        latency: { base: 5, jitter: 25 },
        visibilityTimeout: 20,
        retry: { maxAttempts: 4, baseBackoff: 10, maxBackoff: 80 },
      },
    });
  /** A run whose Payments also fail a fifth of their attempts (saved with the broker's state). */
  const faultySim = (flavour: BrokerFlavour, log?: MemoryEventLog) => {
    const sim = new Simulation({ ...faulty(flavour), ...(log ? { log } : {}) });
    sim.broker.tune('Payments', { failureRate: 0.2 });
    return sim;
  };

  it.each(['log', 'queue', 'sqs'] as const)('is deterministic: same seed, same log (%s)', async (flavour) => {
    const hashes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sim = faultySim(flavour);
      await placeOrders(sim, 1, 8);
      hashes.push(sim.logHash);
    }
    expect(hashes[1]).toBe(hashes[0]);
  });

  it.each(['log', 'queue', 'sqs'] as const)(
    'saves mid-run through JSON and resumes exactly (%s)',
    async (flavour) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom('advance', 'kill', 'revive')), {
            maxLength: 30,
          }),
          fc.nat(30),
          async (actions, cut) => {
            const act = async (sim: Simulation, a: number | string) => {
              if (typeof a === 'number')
                await sim.dispatch({ type: 'PlaceOrder', subject: `order-${a}`, data: {} });
              else if (a === 'advance') await sim.advance(17);
              else if (a === 'kill') sim.kill('Payments');
              else sim.revive('Payments');
            };
            const finish = async (sim: Simulation) => {
              sim.revive('Payments');
              await sim.runUntilIdle();
            };
            const straight = faultySim(flavour);
            for (const a of actions) await act(straight, a);
            await finish(straight);

            const log = new MemoryEventLog();
            const first = faultySim(flavour, log);
            const split = Math.min(cut, actions.length);
            for (const a of actions.slice(0, split)) await act(first, a);
            const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
            expect(saved.broker.settings.flavour).toBe(flavour);
            const resumed = await Simulation.restore({ ...faulty(flavour), log }, saved);
            expect(resumed.getSnapshot()).toEqual(first.getSnapshot());
            for (const a of actions.slice(split)) await act(resumed, a);
            await finish(resumed);
            expect(resumed.logHash).toBe(straight.logHash);
            expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
          },
        ),
        { numRuns: 25, seed: 909 },
      );
    },
    30_000,
  );

  it('refuses to resume a saved run on another flavour', async () => {
    const log = new MemoryEventLog();
    const sim = faultySim('queue', log);
    await placeOrders(sim, 1, 2);
    await expect(Simulation.restore({ ...faulty('sqs'), log }, sim.exportState())).rejects.toThrow(
      /ran on the queue \(RabbitMQ-like\) broker, but this one is set up for sqs/,
    );
  });
});

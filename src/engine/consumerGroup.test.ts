import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailer, orders, type PaymentsState, payments, shopCatalog } from '../scenarios/shop/shop';
import { Broker, type BrokerTask, instanceFor } from './broker';
import { Scheduler } from './clock';
import { MemoryEventLog } from './memoryLog';
import type { Message, NewMessage } from './message';
import { Random } from './random';
import { Simulation, type SimulationState } from './simulation';

/** A broker alone, with one consumer group that records who handled what, in order. */
function group(instances: number, processingTime = 10) {
  const scheduler = new Scheduler<BrokerTask>();
  const log = new MemoryEventLog();
  const broker = new Broker(
    { now: () => scheduler.now, schedule: (at, t) => scheduler.schedule(at, t), log, random: new Random(3) },
    shopCatalog,
    { latency: { base: 5, jitter: 5 } },
  );
  const handled: { subject: string; n: number; instance: number }[] = [];
  broker.subscribe({ name: 'G', types: ['OrderPlaced'], instances, processingTime }, (m, d) => {
    handled.push({ subject: m.subject, n: (m.data as { n: number }).n, instance: d.instance });
  });
  let id = 0;
  return {
    broker,
    handled,
    async publish(subject: string, n: number): Promise<void> {
      const draft: NewMessage = {
        id: `m${++id}`,
        kind: 'event',
        type: 'OrderPlaced',
        schemaVersion: 1,
        source: 'test',
        subject,
        time: scheduler.now,
        correlationId: subject,
        causationId: null,
        data: { n },
      };
      const { appended } = await log.append([draft]);
      broker.route(appended as Message[]);
    },
    async run(ms = Number.POSITIVE_INFINITY): Promise<void> {
      const until = scheduler.now + ms;
      for (let at = scheduler.peekTime(); at !== undefined && at <= until; at = scheduler.peekTime()) {
        await broker.run((scheduler.pop() as { task: BrokerTask }).task);
      }
    },
  };
}

/** Every subject's messages were handled in the order they were published, each exactly once. */
function expectInOrderOnce(handled: readonly { subject: string; n: number }[], published: number): void {
  const bySubject = new Map<string, number[]>();
  for (const h of handled) bySubject.set(h.subject, [...(bySubject.get(h.subject) ?? []), h.n]);
  for (const ns of bySubject.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
  expect(handled.map((h) => h.n).sort((a, b) => a - b)).toEqual(
    Array.from({ length: published }, (_, i) => i),
  );
}

describe('Consumer groups', () => {
  it('sends every message of one subject to one instance: its home by hash', async () => {
    const g = group(3);
    for (let n = 0; n < 30; n++) await g.publish(`order-${n % 7}`, n);
    await g.run();
    for (const h of g.handled) expect(h.instance).toBe(instanceFor(h.subject, 3));
    expectInOrderOnce(g.handled, 30);
    const members = g.broker.describe('G').members;
    expect(members.map((m) => m.handled).reduce((a, b) => a + b)).toBe(30);
    expect(members.every((m) => m.recent.every((s) => instanceFor(s, 3) === m.index))).toBe(true);
  });

  it('kills one instance: its subjects and queue move to the live ones; nothing lost, order kept', async () => {
    const g = group(3, 20);
    for (let n = 0; n < 24; n++) await g.publish(`order-${n % 6}`, n);
    await g.run(50);
    const victim = instanceFor('order-0', 3);
    g.broker.killInstance('G', victim);
    expect(g.broker.describe('G').members[victim]).toMatchObject({ up: false, inbox: 0 });
    for (let n = 24; n < 36; n++) await g.publish(`order-${n % 6}`, n);
    await g.run();
    // The victim handled nothing after its death; its subjects went on elsewhere.
    expect(g.handled.filter((h) => h.instance === victim).every((h) => h.n < 24)).toBe(true);
    expect(
      g.handled.filter((h) => h.subject === 'order-0' && h.n >= 24).map((h) => h.instance),
    ).not.toContain(victim);
    expectInOrderOnce(g.handled, 36);
  });

  it('revived, an instance gets its subjects back once their backlog elsewhere has drained', async () => {
    const g = group(2, 10);
    const home = instanceFor('order-a', 2);
    g.broker.killInstance('G', home);
    for (let n = 0; n < 4; n++) await g.publish('order-a', n);
    await g.run(15);
    g.broker.reviveInstance('G', home);
    await g.publish('order-a', 4); // still queued elsewhere: it follows its subject
    await g.run();
    await g.publish('order-a', 5); // drained: home again
    await g.run();
    expect(g.handled.map((h) => h.instance)).toEqual([
      1 - home,
      1 - home,
      1 - home,
      1 - home,
      1 - home,
      home,
    ]);
    expectInOrderOnce(g.handled, 6);
  });

  it('scales up and down: retired instances hand their queues over', async () => {
    const g = group(1, 10);
    for (let n = 0; n < 10; n++) await g.publish(`order-${n}`, n);
    g.broker.scale('G', 4);
    for (let n = 10; n < 20; n++) await g.publish(`order-${n}`, n);
    await g.run(40);
    g.broker.scale('G', 2);
    expect(g.broker.describe('G').instances).toBe(2);
    await g.run();
    expect(g.handled.filter((h) => h.n >= 10).some((h) => h.instance > 0)).toBe(true);
    expectInOrderOnce(g.handled, 20);
    expect(() => g.broker.scale('G', 0)).toThrow(/1 to 8 instances/);
  });

  it('with the idempotent consumer, kills and rebalances neither lose nor repeat a charge', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('place' as const), n: fc.integer({ min: 0, max: 5 }) }),
            fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 60 }) }),
            fc.record({ kind: fc.constant('scale' as const), n: fc.integer({ min: 1, max: 4 }) }),
            fc.record({ kind: fc.constantFrom('kill' as const, 'revive' as const), i: fc.nat(3) }),
          ),
          { maxLength: 30 },
        ),
        fc.nat(30),
        async (steps, cut) => {
          const options = (log: MemoryEventLog) => ({
            seed: 'groups',
            catalog: shopCatalog,
            services: [orders, { ...payments, processingTime: 15 }, mailer],
            log,
            broker: { duplicateRate: 0.3, latency: { base: 5, jitter: 10 } },
          });
          const log = new MemoryEventLog();
          let sim = new Simulation(options(log));
          let placed = 0;
          for (const [i, s] of steps.entries()) {
            if (i === cut) {
              const saved = JSON.parse(JSON.stringify(sim.exportState())) as SimulationState;
              const resumed = await Simulation.restore(options(log), saved);
              expect(resumed.getSnapshot()).toEqual(sim.getSnapshot());
              sim = resumed;
            }
            const size = sim.getSnapshot().services.find((v) => v.name === 'Payments')?.instances ?? 1;
            if (s.kind === 'place') {
              placed++;
              await sim.dispatch({ type: 'PlaceOrder', subject: `order-${placed}`, data: {} });
            } else if (s.kind === 'advance') await sim.advance(s.ms);
            else if (s.kind === 'scale') sim.scale('Payments', s.n);
            else if (s.i < size) {
              if (s.kind === 'kill') sim.killInstance('Payments', s.i);
              else sim.reviveInstance('Payments', s.i);
            }
          }
          const view = sim.getSnapshot().services.find((v) => v.name === 'Payments');
          for (const m of view?.members ?? []) if (!m.up) sim.reviveInstance('Payments', m.index);
          await sim.runUntilIdle();
          const charges = sim.serviceState<PaymentsState>('Payments').charges;
          expect(Object.keys(charges)).toHaveLength(placed);
          expect(Object.values(charges).every((c) => c === 1)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 1707 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { shopCatalog } from '../scenarios/shop/shop';
import { Broker, type BrokerSettings, type BrokerTask, instanceFor } from './broker';
import { Scheduler } from './clock';
import { ConfigurationError } from './errors';
import { MemoryEventLog } from './memoryLog';
import type { Message, NewMessage } from './message';
import { Random } from './random';

function harness(settings: Partial<BrokerSettings> = {}) {
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
    log,
    broker,
    async publish(type: keyof typeof shopCatalog, subject = 'order-1', data: unknown = {}): Promise<Message> {
      const m: NewMessage = {
        id: `m${++n}`,
        kind: shopCatalog[type].kind,
        type,
        schemaVersion: 1,
        source: 'user',
        subject,
        time: scheduler.now,
        correlationId: subject,
        causationId: null,
        data,
      };
      const { appended } = await log.append([m]);
      broker.route(appended);
      return appended[0] as Message;
    },
    async run(until = Number.POSITIVE_INFINITY): Promise<void> {
      for (let at = scheduler.peekTime(); at !== undefined && at <= until; at = scheduler.peekTime()) {
        await broker.run((scheduler.pop() as { task: BrokerTask }).task);
      }
      scheduler.advanceTo(until === Number.POSITIVE_INFINITY ? scheduler.now : until);
    },
  };
}

describe('Broker', () => {
  it('gives every subscription its own copy of an event; adding one changes no producer', async () => {
    const h = harness();
    const seen: string[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, (m) => void seen.push(`A:${m.id}`));
    await h.publish('OrderPlaced');
    h.broker.subscribe({ name: 'B', types: ['OrderPlaced'] }, (m) => void seen.push(`B:${m.id}`));
    await h.publish('OrderPlaced');
    await h.run();
    expect(seen).toEqual(['A:m1', 'A:m2', 'B:m2']);
  });

  it('delivers after the edge latency, never synchronously inside route', async () => {
    const h = harness({ edgeLatency: { 'user->A': { base: 40, jitter: 0 } } });
    const times: number[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => void times.push(h.scheduler.now));
    await h.publish('OrderPlaced');
    expect(times).toEqual([]);
    expect(h.broker.describe('A').inFlight).toBe(1);
    await h.run();
    expect(times).toEqual([40]);
  });

  it('sends a command to its one handler, and refuses a second handler for it', () => {
    const h = harness();
    h.broker.subscribe({ name: 'Orders', types: ['PlaceOrder'] }, () => {});
    expect(() => h.broker.subscribe({ name: 'Rogue', types: ['PlaceOrder'] }, () => {})).toThrow(
      ConfigurationError,
    );
    expect(() => h.broker.subscribe({ name: 'X', types: ['Nonsense'] }, () => {})).toThrow(
      /Unknown message type/,
    );
  });

  it('dead-letters a command that nobody handles, saying why', async () => {
    const h = harness();
    await h.publish('SendReceipt');
    expect(h.broker.deadLetters()).toMatchObject([
      {
        subscription: '(no handler)',
        errorCode: 'NO_HANDLER',
        reason: 'No service handles command "SendReceipt".',
      },
    ]);
  });

  it('keeps a killed subscription’s deliveries queued and drains them in order on revival', async () => {
    const h = harness();
    const seen: string[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, (m) => void seen.push(m.id));
    h.broker.kill('A');
    for (let i = 0; i < 5; i++) await h.publish('OrderPlaced', `order-${i}`);
    await h.run(1000);
    expect(seen).toEqual([]);
    expect(h.broker.describe('A')).toMatchObject({ up: false, inbox: 5 });
    h.broker.revive('A');
    await h.run();
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(h.broker.describe('A').inbox).toBe(0);
  });

  it('redelivers a message whose processing a kill interrupted (at-least-once)', async () => {
    const h = harness();
    const seen: string[] = [];
    h.broker.subscribe(
      { name: 'A', types: ['OrderPlaced'], processingTime: 100 },
      (m) => void seen.push(m.id),
    );
    await h.publish('OrderPlaced');
    await h.run(50); // arrived at 10, busy until 110
    expect(h.broker.describe('A').busy).toBe(true);
    h.broker.kill('A');
    await h.run(500);
    expect(seen).toEqual([]);
    h.broker.revive('A');
    await h.run();
    expect(seen).toEqual(['m1']);
  });

  it('retries a throwing handler with backoff, then dead-letters it with the reason', async () => {
    const h = harness({ retry: { maxAttempts: 3, baseBackoff: 100, maxBackoff: 1000 } });
    const attempts: number[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => {
      attempts.push(h.scheduler.now);
      throw new Error('card network unreachable');
    });
    await h.publish('OrderPlaced');
    await h.run();
    expect(attempts).toEqual([10, 110, 310]);
    expect(h.broker.deadLetters()).toMatchObject([
      { subscription: 'A', attempts: 3, reason: 'card network unreachable', errorCode: 'HANDLER_ERROR' },
    ]);
    expect(h.broker.describe('A').inbox).toBe(0);
  });

  it('succeeds on a retry after transient failures, without a dead letter', async () => {
    const h = harness();
    let calls = 0;
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, () => {
      if (++calls < 3) throw new Error('flaky');
    });
    await h.publish('OrderPlaced');
    await h.run();
    expect(calls).toBe(3);
    expect(h.broker.deadLetters()).toEqual([]);
    expect(h.broker.stats).toMatchObject({ delivered: 1, failedAttempts: 2 });
  });

  it('injects handler failures at the configured rate and still delivers everything eventually', async () => {
    const h = harness({ retry: { maxAttempts: 50, baseBackoff: 1, maxBackoff: 10 } });
    const seen = new Set<string>();
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'], failureRate: 0.5 }, (m) => void seen.add(m.id));
    for (let i = 0; i < 40; i++) await h.publish('OrderPlaced', `order-${i}`);
    await h.run();
    expect(seen.size).toBe(40);
    expect(h.broker.stats.failedAttempts).toBeGreaterThan(10);
  });

  it('makes duplicate deliveries at the configured rate', async () => {
    const h = harness({ duplicateRate: 1 });
    const seen: string[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, (m) => void seen.push(m.id));
    await h.publish('OrderPlaced');
    await h.run();
    expect(seen).toEqual(['m1', 'm1']);
    expect(h.broker.stats.duplicatesInjected).toBe(1);
  });

  it('keeps per-subject order inside a consumer group, even with jitter and failures', async () => {
    const h = harness({
      latency: { base: 5, jitter: 30 },
      retry: { maxAttempts: 99, baseBackoff: 3, maxBackoff: 20 },
    });
    const byInstance = new Map<number, string[]>();
    const bySubject = new Map<string, number[]>();
    h.broker.subscribe(
      { name: 'G', types: ['OrderPlaced'], instances: 3, processingTime: 2, failureRate: 0.3 },
      (m, d) => {
        byInstance.set(d.instance, [...(byInstance.get(d.instance) ?? []), m.subject]);
        bySubject.set(m.subject, [...(bySubject.get(m.subject) ?? []), (m.data as { n: number }).n]);
      },
    );
    for (let n = 0; n < 60; n++) await h.publish('OrderPlaced', `order-${n % 7}`, { n });
    await h.run();
    for (const [subject, ns] of bySubject) {
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
      expect(ns).toHaveLength(
        subject === 'order-0' || subject === 'order-1' || subject === 'order-2' || subject === 'order-3'
          ? 9
          : 8,
      );
    }
    for (const [instance, subjects] of byInstance) {
      for (const s of subjects) expect(instanceFor(s, 3)).toBe(instance);
    }
    expect(byInstance.size).toBeGreaterThan(1);
  });

  it('lets a new subscription start from the beginning and catch up on history, then go live', async () => {
    const h = harness({ catchUpBatch: 2 });
    for (let i = 0; i < 5; i++) await h.publish('OrderPlaced', `order-${i}`);
    await h.publish('PaymentCompleted');
    const seen: string[] = [];
    h.broker.subscribe(
      { name: 'Late', types: ['OrderPlaced'], startFrom: 'beginning' },
      (m) => void seen.push(m.id),
    );
    expect(h.broker.describe('Late')).toMatchObject({ catchingUp: true, cursor: 0 });
    await h.run();
    expect(h.broker.describe('Late')).toMatchObject({ catchingUp: false, cursor: 6 });
    await h.publish('OrderPlaced', 'order-9');
    await h.run();
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm7']);
  });
});

describe('Broker dead letters', () => {
  it('redelivers a dead letter for a fresh round of attempts, or discards it', async () => {
    const h = harness({ retry: { maxAttempts: 2, baseBackoff: 10, maxBackoff: 10 } });
    let broken = true;
    const handled: string[] = [];
    h.broker.subscribe({ name: 'A', types: ['OrderPlaced'] }, (m) => {
      if (broken) throw new Error('bug in A');
      handled.push(m.id);
    });
    const first = await h.publish('OrderPlaced', 'order-1');
    const second = await h.publish('OrderPlaced', 'order-2');
    await h.run();
    expect(h.broker.deadLetters().map((d) => d.message.id)).toEqual(['m1', 'm2']);
    broken = false; // the bug is fixed
    expect(h.broker.redeliverDeadLetter('A', first.position)).toBe(true);
    expect(h.broker.discardDeadLetter('A', second.position)).toBe(true);
    expect(h.broker.discardDeadLetter('A', second.position)).toBe(false);
    await h.run();
    expect(handled).toEqual(['m1']);
    expect(h.broker.deadLetters()).toEqual([]);
  });
});

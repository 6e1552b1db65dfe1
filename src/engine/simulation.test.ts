import { describe, expect, it } from 'vitest';
import {
  mailer,
  orders,
  ordersByStatus,
  type PaymentsState,
  payments,
  shopCatalog,
} from '../scenarios/shop/shop';
import { UnknownMessageTypeError } from './errors';
import { MemoryEventLog } from './memoryLog';
import type { Message } from './message';
import { foldProjection } from './projection';
import { foldService } from './service';
import { Simulation, type SimulationOptions } from './simulation';
import { drive } from './testing';

function shop(options: Partial<SimulationOptions> = {}): Simulation {
  return new Simulation({
    seed: 42,
    catalog: shopCatalog,
    services: [orders, payments, mailer],
    projections: [ordersByStatus],
    ...options,
  });
}

const place = (n: number) => ({ type: 'PlaceOrder', subject: `order-${n}`, data: { n } });

describe('Simulation', () => {
  it('runs a command through the services to completion, linking causes and the business transaction', async () => {
    const sim = await drive(shop())
      .dispatch(place(1))
      .runUntilIdle()
      .expectTypes(['PlaceOrder', 'OrderPlaced', 'PaymentCompleted', 'SendReceipt', 'ReceiptSent']);
    const log = await sim.log.read();
    const idOf = (type: string) => log.find((m) => m.type === type)?.id;
    expect(log.map((m) => [m.type, m.causationId])).toEqual([
      ['PlaceOrder', null],
      ['OrderPlaced', idOf('PlaceOrder')],
      ['PaymentCompleted', idOf('OrderPlaced')],
      ['SendReceipt', idOf('OrderPlaced')],
      ['ReceiptSent', idOf('SendReceipt')],
    ]);
    expect(new Set(log.map((m) => m.correlationId))).toEqual(new Set([idOf('PlaceOrder')]));
    expect(sim.serviceState<PaymentsState>('Payments').charges).toEqual({ 'order-1': 1 });
  });

  it('runs to a log position task by task as advance would, stopping there with the clock at that task', async () => {
    const whole = shop();
    await whole.dispatch(place(1));
    await whole.dispatch(place(2));
    await whole.advance(10_000);
    const full = await whole.log.read();

    const sim = shop();
    await sim.dispatch(place(1));
    await sim.dispatch(place(2));
    expect(await sim.runToHead(10_000, 5)).toBe(true);
    expect(sim.head).toBeGreaterThanOrEqual(5);
    expect(sim.now).toBe(full[sim.head - 1]?.time); // not moved on to 10,000
    expect(await sim.log.read()).toEqual(full.slice(0, sim.head));
    // Past the run's end: every due task runs, and it says the position was not reached.
    expect(await sim.runToHead(10_000, full.length + 1)).toBe(false);
    expect(await sim.log.read()).toEqual(full);
  });

  it('refuses a message type outside the catalog with a typed error and logs nothing', async () => {
    const sim = shop();
    await expect(sim.dispatch({ type: 'LaunchRocket', subject: 'x', data: {} })).rejects.toBeInstanceOf(
      UnknownMessageTypeError,
    );
    expect(await sim.log.head()).toBe(0);
  });

  it('dead-letters at once, with the reason, when a service decides an unknown message type', async () => {
    const sim = shop({
      services: [
        orders,
        { ...mailer, handles: ['OrderPlaced'], decide: () => [{ type: 'Oops', subject: 's', data: 1 }] },
      ],
    });
    await sim.dispatch(place(1));
    await sim.runUntilIdle();
    expect(sim.getSnapshot().deadLetters).toMatchObject([
      {
        subscription: 'Mailer',
        attempts: 1,
        errorCode: 'UNKNOWN_MESSAGE_TYPE',
        reason: /Unknown message type "Oops"/,
      },
    ]);
  });

  it('loses nothing across kill and revive: the inbox fills, then drains', async () => {
    const sim = shop();
    sim.kill('Payments');
    for (let n = 0; n < 10; n++) await sim.dispatch(place(n));
    await sim.advance(5_000);
    const down = sim.getSnapshot().services.find((s) => s.name === 'Payments');
    expect(down).toMatchObject({ up: false, inbox: 10 });
    sim.revive('Payments');
    await sim.runUntilIdle();
    const up = sim.getSnapshot().services.find((s) => s.name === 'Payments');
    expect(up).toMatchObject({ up: true, inbox: 0, handled: 10 });
    expect(Object.keys(sim.serviceState<PaymentsState>('Payments').charges)).toHaveLength(10);
  });

  it('suppresses duplicate deliveries with idempotent consumers on', async () => {
    const sim = shop({ broker: { duplicateRate: 1 } });
    for (let n = 0; n < 5; n++) await sim.dispatch(place(n));
    await sim.runUntilIdle();
    const charges = sim.serviceState<PaymentsState>('Payments').charges;
    expect(Object.values(charges)).toEqual([1, 1, 1, 1, 1]);
    expect(sim.getSnapshot().services.find((s) => s.name === 'Payments')?.duplicatesSuppressed).toBe(5);
  });

  it('charges twice when de-duplication is off, and the effect gateway still charges the card once', async () => {
    const sim = shop({ broker: { duplicateRate: 1 } });
    sim.setIdempotent('Payments', false);
    await sim.dispatch(place(1));
    await sim.runUntilIdle();
    expect(sim.serviceState<PaymentsState>('Payments').charges).toEqual({ 'order-1': 2 });
    expect(sim.effects.performed).toBe(1);
  });

  it('keeps read models behind the log by their lag, and a caught-up one equals a fresh fold', async () => {
    const sim = shop({ projectionLag: 500 });
    await sim.dispatch(place(1));
    await sim.advance(100);
    const stale = sim.getSnapshot().projections[0];
    expect(stale?.behind).toBeGreaterThan(0);
    expect(stale?.state).toEqual({});
    await sim.runUntilIdle();
    const caughtUp = sim.getSnapshot().projections[0];
    expect(caughtUp?.behind).toBe(0);
    expect(caughtUp?.state).toEqual(foldProjection(ordersByStatus, await sim.log.read()));
    expect(caughtUp?.state).toEqual({ 'order-1': 'paid' });
  });

  it('keeps each service’s state equal to the fold of its own logged events', async () => {
    const sim = shop({ broker: { duplicateRate: 0.3, latency: { base: 5, jitter: 20 } } });
    for (let n = 0; n < 20; n++) await sim.dispatch(place(n % 6));
    await sim.runUntilIdle();
    const log = await sim.log.read();
    for (const service of [orders, payments, mailer]) {
      expect(sim.serviceState(service.name)).toEqual(foldService(service as never, log as Message[]));
    }
  });

  it('gives the same log hash for the same seed and actions, and another for another seed', async () => {
    async function run(seed: number): Promise<string> {
      const sim = shop({
        seed,
        log: new MemoryEventLog(),
        broker: { duplicateRate: 0.2, latency: { base: 5, jitter: 40 } },
      });
      for (let n = 0; n < 30; n++) {
        await sim.dispatch(place(n));
        await sim.advance(7);
      }
      sim.kill('Mailer');
      await sim.advance(300);
      sim.revive('Mailer');
      await sim.runUntilIdle();
      return sim.logHash;
    }
    const a = await run(1);
    expect(await run(1)).toBe(a);
    expect(await run(1)).toBe(a);
    expect(await run(2)).not.toBe(a);
  });

  it('notifies subscribers and keeps the snapshot identical until something changes', async () => {
    const sim = shop();
    let calls = 0;
    const unsubscribe = sim.subscribe(() => calls++);
    const first = sim.getSnapshot();
    expect(sim.getSnapshot()).toBe(first);
    await sim.dispatch(place(1));
    expect(calls).toBe(1);
    expect(sim.getSnapshot()).not.toBe(first);
    unsubscribe();
    await sim.runUntilIdle();
    expect(calls).toBe(1);
  });
});

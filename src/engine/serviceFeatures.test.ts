import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shopCatalog } from '../scenarios/shop/shop';
import { isLocalCommit, LOCAL_COMMIT_TYPE } from './localCommit';
import { MemoryEventLog } from './memoryLog';
import type { Message } from './message';
import { foldProjection, type ProjectionDefinition } from './projection';
import { foldService, type ServiceDefinition } from './service';
import { Simulation, type SimulationOptions, type SimulationState } from './simulation';

/** Places orders; reminds itself (a timer) to send the receipt 100 ms later. */
const clerk: ServiceDefinition<{ placed: number; receipts: number }> = {
  name: 'Clerk',
  handles: ['PlaceOrder', 'SendReceipt'],
  initialState: () => ({ placed: 0, receipts: 0 }),
  decide: (_state, m) =>
    m.type === 'PlaceOrder'
      ? [
          { type: 'OrderPlaced', subject: m.subject, data: m.data },
          { type: 'SendReceipt', subject: m.subject, data: m.data, after: 100 },
        ]
      : [{ type: 'ReceiptSent', subject: m.subject, data: m.data }],
  evolve: (s, e) =>
    e.type === 'OrderPlaced' ? { ...s, placed: s.placed + 1 } : { ...s, receipts: s.receipts + 1 },
  idempotencyKey: (m) => (m.type === 'PlaceOrder' ? (m.data as { request: string }).request : m.id),
};

const auditor: ServiceDefinition<number> = {
  name: 'Auditor',
  handles: ['OrderPlaced', 'ReceiptSent'],
  initialState: () => 0,
  decide: (_s, m) => [{ type: 'Audited', subject: m.subject, data: { seen: m.type } }],
  evolve: (n) => n + 1,
};

const everything: ProjectionDefinition<string[]> = {
  name: 'everything',
  initialState: () => [],
  evolve: (s, m) => [...s, m.type],
};

function options(overrides: Partial<SimulationOptions> = {}): SimulationOptions {
  return {
    seed: 'features',
    catalog: shopCatalog,
    services: [clerk, auditor],
    projections: [everything],
    broker: { latency: { base: 5, jitter: 0 } },
    ...overrides,
  };
}

const place = (n: number, request = `req-${n}`) => ({
  type: 'PlaceOrder',
  subject: `order-${n}`,
  data: { n, request },
});

const types = async (sim: Simulation) => (await sim.log.read()).map((m) => m.type);

describe('Service timers', () => {
  it('logs and routes a timer message only when it fires', async () => {
    const sim = new Simulation(options());
    await sim.dispatch(place(1));
    await sim.advance(50);
    expect(await types(sim)).not.toContain('SendReceipt');
    await sim.runUntilIdle();
    const receipt = (await sim.log.read()).find((m) => m.type === 'SendReceipt') as Message;
    expect(receipt.time).toBe(105);
    expect(receipt.source).toBe('Clerk');
    expect(await types(sim)).toContain('ReceiptSent');
  });

  it('fires while its service is dead; the message waits in the inbox until revival', async () => {
    const sim = new Simulation(options());
    await sim.dispatch(place(1));
    await sim.advance(10);
    sim.kill('Clerk');
    await sim.advance(500);
    expect(await types(sim)).toContain('SendReceipt');
    expect(await types(sim)).not.toContain('ReceiptSent');
    sim.revive('Clerk');
    await sim.runUntilIdle();
    expect(await types(sim)).toContain('ReceiptSent');
  });
});

describe('Idempotency keys', () => {
  it('treats a retry under a new message id but the same request key as the same request', async () => {
    const sim = new Simulation(options());
    await sim.dispatch(place(1, 'same'));
    await sim.dispatch(place(1, 'same'));
    await sim.runUntilIdle();
    expect(sim.serviceState<{ placed: number }>('Clerk').placed).toBe(1);
    expect(sim.exportState().services.Clerk?.processedKeys).toEqual(['same']);

    const naive = new Simulation(options());
    naive.setIdempotent('Clerk', false);
    await naive.dispatch(place(1, 'same'));
    await naive.dispatch(place(1, 'same'));
    await naive.runUntilIdle();
    expect(naive.serviceState<{ placed: number }>('Clerk').placed).toBe(2);
  });
});

describe('Outbox off', () => {
  it('commits locally first (a private, unrouted record), then publishes the same messages', async () => {
    const sim = new Simulation(options());
    sim.setOutbox('Clerk', false);
    await sim.dispatch(place(1));
    await sim.runUntilIdle();
    const log = await sim.log.read();
    const record = log.find(isLocalCommit) as Message;
    expect(record).toMatchObject({ source: 'Clerk', subject: '$local-Clerk', type: LOCAL_COMMIT_TYPE });
    const placed = log.find((m) => m.type === 'OrderPlaced') as Message;
    expect(placed.position).toBeGreaterThan(record.position);
    expect(sim.serviceState('Clerk')).toEqual(foldService(clerk, log));
    expect(sim.serviceState('Clerk')).toEqual({ placed: 1, receipts: 1 });
    expect(sim.projectionState('everything')).not.toContain(LOCAL_COMMIT_TYPE);
    expect(sim.projectionState('everything')).toEqual(foldProjection(everything, log));
    expect(sim.getSnapshot().services.find((s) => s.name === 'Clerk')?.outbox).toBe(false);
  });

  it('loses the publish when it crashes between commit and publish; the record proves it', async () => {
    const sim = new Simulation(options());
    sim.setOutbox('Clerk', false);
    sim.broker.tune('Clerk', { failureRate: 0.5 });
    for (let n = 1; n <= 20; n++) await sim.dispatch(place(n));
    await sim.runUntilIdle();
    const log = await sim.log.read();
    const published = new Set(log.map((m) => m.id));
    const lost = log
      .filter(isLocalCommit)
      .flatMap((r) => r.data.messages)
      .filter((m) => !published.has(m.id));
    expect(lost.length).toBeGreaterThan(0);
    // The service's own state counts what it committed, lost or not: it is the fold of its records.
    expect(sim.serviceState('Clerk')).toEqual(foldService(clerk, log));
    const placedInLog = log.filter((m) => m.type === 'OrderPlaced').length;
    expect(sim.serviceState<{ placed: number }>('Clerk').placed).toBeGreaterThan(placedInLog);
  });

  it('keeps the outbox on by default, with no local records', async () => {
    const sim = new Simulation(options());
    await sim.dispatch(place(1));
    await sim.runUntilIdle();
    expect(await types(sim)).not.toContain(LOCAL_COMMIT_TYPE);
  });
});

type Action =
  | { kind: 'place'; n: number; request: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'kill' | 'revive'; service: 'Clerk' | 'Auditor' }
  | { kind: 'outbox' | 'idempotent'; service: 'Clerk' | 'Auditor'; on: boolean };

const service = fc.constantFrom('Clerk' as const, 'Auditor' as const);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), n: fc.nat(5), request: fc.nat(3) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 150 }) }),
  fc.record({ kind: fc.constantFrom('kill' as const, 'revive' as const), service }),
  fc.record({ kind: fc.constantFrom('outbox' as const, 'idempotent' as const), service, on: fc.boolean() }),
);

function resumable(log: MemoryEventLog): SimulationOptions {
  return options({
    log,
    projectionLag: 30,
    broker: {
      duplicateRate: 0.3,
      latency: { base: 5, jitter: 20 },
      retry: { maxAttempts: 4, baseBackoff: 10, maxBackoff: 80 },
    },
  });
}

async function act(sim: Simulation, a: Action): Promise<void> {
  if (a.kind === 'place') await sim.dispatch(place(a.n, `req-${a.request}`));
  else if (a.kind === 'advance') await sim.advance(a.ms);
  else if (a.kind === 'kill') sim.kill(a.service);
  else if (a.kind === 'revive') sim.revive(a.service);
  else if (a.kind === 'outbox') sim.setOutbox(a.service, a.on);
  else if (a.kind === 'idempotent') sim.setIdempotent(a.service, a.on);
}

async function start(log: MemoryEventLog): Promise<Simulation> {
  const sim = new Simulation(resumable(log));
  sim.broker.tune('Clerk', { failureRate: 0.3 });
  return sim;
}

describe('Resuming with timers, request keys and the outbox off', () => {
  it('resumes from a saved state (through JSON) exactly as if it had never stopped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 30 }), fc.nat(30), async (actions, cut) => {
        const straightLog = new MemoryEventLog();
        const straight = await start(straightLog);
        for (const a of actions) await act(straight, a);
        straight.revive('Clerk');
        straight.revive('Auditor');
        await straight.runUntilIdle();

        const log = new MemoryEventLog();
        const first = await start(log);
        const split = Math.min(cut, actions.length);
        for (const a of actions.slice(0, split)) await act(first, a);
        const saved = JSON.parse(JSON.stringify(first.exportState())) as SimulationState;
        const resumed = await Simulation.restore(resumable(log), saved);
        for (const a of actions.slice(split)) await act(resumed, a);
        resumed.revive('Clerk');
        resumed.revive('Auditor');
        await resumed.runUntilIdle();

        expect(resumed.logHash).toBe(straight.logHash);
        expect(resumed.getSnapshot()).toEqual(straight.getSnapshot());
        expect(resumed.serviceState('Clerk')).toEqual(foldService(clerk, await log.read()));
      }),
      { numRuns: 60, seed: 2024 },
    );
  });
});

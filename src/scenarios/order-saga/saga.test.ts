import { describe, expect, it } from 'vitest';
import type { Message } from '../../engine/message';
import { foldProjection, type ProjectionDefinition } from '../../engine/projection';
import { foldService } from '../../engine/service';
import type { Simulation } from '../../engine/simulation';
import type { Table } from '../../engine/table';
import { createOrderSaga } from './index';
import { checkInvariants, isAtRest } from './invariants';
import type { Style } from './messages';
import { placeOrder } from './placeOrder';
import { orderSagaSimulation } from './runner';
import type { OrchestratorState } from './saga/orchestrator';
import { certain } from './testFixtures';

function world(projectionLag = 0): Simulation {
  return orderSagaSimulation({ seed: 'saga', settings: certain, projectionLag });
}

const place = (sim: Simulation, n: number, style: Style, forceDecline = false) =>
  sim.dispatch(placeOrder(n, style, { sku: 'SKU-RED', quantity: 2, forceDecline }, certain));

const typesOf = (log: readonly Message[], orderId = 'order-1') =>
  log.filter((m) => m.correlationId === orderId && m.type !== 'WakeSaga').map((m) => m.type);

async function atRest(sim: Simulation) {
  const log = await sim.log.read();
  return checkInvariants({ log, settings: certain, atRest: true });
}

describe('The order saga', () => {
  it('in choreography, is a chain of events that no service coordinates', async () => {
    const sim = world();
    await place(sim, 1, 'choreography');
    await sim.runUntilIdle();
    expect(typesOf(await sim.log.read())).toEqual([
      'PlaceOrder',
      'OrderPlaced',
      'InventoryReserved',
      'PaymentCompleted',
      'ShipmentScheduled',
      'OrderConfirmed',
      'EmailSent',
    ]);
  });

  it('in orchestration, is the statechart sending commands and hearing replies', async () => {
    const sim = world();
    await place(sim, 1, 'orchestration');
    await sim.runUntilIdle();
    const types = typesOf(await sim.log.read()).filter((t) => !t.startsWith('Saga'));
    expect(types).toEqual([
      'PlaceOrder',
      'OrderPlaced',
      'ReserveInventory',
      'InventoryReserved',
      'ChargePayment',
      'PaymentCompleted',
      'ScheduleShipment',
      'ShipmentScheduled',
      'ConfirmOrder',
      'OrderConfirmed',
      'SendEmail',
      'EmailSent',
    ]);
    expect((await atRest(sim)).violations).toEqual([]);
  });

  it.each(['choreography', 'orchestration'] as const)(
    'compensates a declined payment (%s)',
    async (style) => {
      const sim = world();
      await place(sim, 1, style, true);
      await sim.runUntilIdle();
      const types = typesOf(await sim.log.read());
      expect(types).toContain('InventoryReleased');
      expect(types).toContain('OrderCancelled');
      expect(types).not.toContain('PaymentRefunded');
      expect(sim.projectionState('orders')).toMatchObject({ 'order-1': { status: 'Cancelled' } });
      expect((await atRest(sim)).violations).toEqual([]);
    },
  );

  it('lets orders in flight finish in the style they began when the style changes', async () => {
    const sim = world();
    await place(sim, 1, 'choreography');
    await sim.advance(30);
    await place(sim, 2, 'orchestration');
    await sim.runUntilIdle();
    const log = await sim.log.read();
    expect(
      log.filter((m) => m.correlationId === 'order-1' && m.kind === 'command').map((m) => m.type),
    ).toEqual(['PlaceOrder']);
    expect(typesOf(log, 'order-2')).toContain('ChargePayment');
    expect(sim.projectionState('orders')).toMatchObject({
      'order-1': { style: 'choreography', status: 'Confirmed' },
      'order-2': { style: 'orchestration', status: 'Confirmed' },
    });
  });

  it('resumes every saga when the orchestrator is killed and revived', async () => {
    const sim = world();
    for (let n = 1; n <= 5; n++) await place(sim, n, 'orchestration');
    await sim.advance(40);
    sim.kill('Orchestrator');
    await sim.advance(3_000);
    const stalled = sim.serviceState<OrchestratorState>('Orchestrator');
    expect([...stalled.sagas.values()].every((s) => s.snapshot.status === 'active')).toBe(true);
    sim.revive('Orchestrator');
    expect(isAtRest(sim.getSnapshot())).toBe(false);
    await sim.runUntilIdle();
    expect(isAtRest(sim.getSnapshot())).toBe(true);
    const log = await sim.log.read();
    const orchestrator = createOrderSaga(certain).services[5];
    expect(sim.serviceState('Orchestrator')).toEqual(foldService(orchestrator, log));
    expect(
      [...sim.projectionState<Table<{ status: string }>>('orders').values()].map((r) => r.status),
    ).toEqual(['Confirmed', 'Confirmed', 'Confirmed', 'Confirmed', 'Confirmed']);
  });

  it('against a dead Inventory: choreography waits it out, orchestration times out and compensates', async () => {
    const sim = world();
    sim.kill('Inventory');
    await place(sim, 1, 'choreography');
    await place(sim, 2, 'orchestration');
    await sim.advance(15_000); // longer than the saga's three tries: 1.5 s + 3 s + 6 s
    sim.revive('Inventory');
    await sim.runUntilIdle();
    expect(sim.projectionState('orders')).toMatchObject({
      'order-1': { status: 'Confirmed' },
      'order-2': { status: 'Cancelled', reason: 'Inventory did not answer' },
    });
    expect(sim.projectionState('stock')).toMatchObject({
      'SKU-RED': { available: 298, reserved: 0, shipped: 2 },
    });
    expect((await atRest(sim)).violations).toEqual([]);
  });

  it('keeps read models behind by their lag; caught up, each equals a fresh fold', async () => {
    const sim = world(500);
    await place(sim, 1, 'choreography');
    await sim.advance(200);
    expect(sim.getSnapshot().projections.every((p) => p.behind > 0)).toBe(true);
    expect(sim.projectionState('orders')).toEqual({});
    await sim.runUntilIdle();
    const log = await sim.log.read();
    for (const definition of createOrderSaga(certain).projections as readonly ProjectionDefinition[]) {
      expect(sim.projectionState(definition.name)).toEqual(foldProjection(definition, log));
    }
    expect(sim.projectionState('revenue')).toMatchObject({ net: 40, byStyle: { choreography: 40 } });
  });
});

import { describe, expect, it } from 'vitest';
import type { Message } from '../../../engine/message';
import { given } from '../../../engine/testing';
import type { OrderSagaType } from '../catalog';
import { certain, msg, ticket } from '../testFixtures';
import { type OrchestratorState, orchestratorService } from './orchestrator';

const orchestrator = orchestratorService(certain);
const order = ticket('orchestration');
const reply = (type: OrderSagaType) => msg(type, { order });

const context = { now: 0 } as never;

function fold(events: readonly Message[]): OrchestratorState {
  return events.reduce((s, e) => orchestrator.evolve(s, e), orchestrator.initialState());
}

/**
 * The orchestrator's own events after it handled `incoming` in turn (on top of `past`): the "given"
 * of a spec, written by the orchestrator itself, so no test builds a statechart snapshot by hand.
 */
function history(incoming: readonly Message[], past: readonly Message[] = []): Message[] {
  const events = [...past];
  for (const m of incoming) {
    for (const out of orchestrator.decide(fold(events), m, context)) {
      if (out.type === 'SagaStarted' || out.type === 'SagaStepRecorded') {
        events.push(msg(out.type, out.data as object, { source: 'Orchestrator' }));
      }
    }
  }
  return events;
}

/** The WakeSaga a saga's latest step armed, as it will arrive when it fires. */
function lastTimer(events: readonly Message[]): Message {
  const [timerId, token] = Object.entries(fold(events).sagas.get('order-1')?.timers ?? {})[0] ?? ['none', 0];
  return msg(
    'WakeSaga',
    { orderId: 'order-1', timerId, token, event: { type: timerId } },
    { kind: 'command' },
  );
}

const placed = msg('OrderPlaced', { order });
const reserved = reply('InventoryReserved');
const charged = reply('PaymentCompleted');

describe('Orchestrator', () => {
  it('starts a saga for an orchestrated order: reserve first, with a reply timeout', () => {
    given(orchestrator)
      .when(placed)
      .thenSends([
        { type: 'SagaStarted', subject: 'saga-order-1' },
        {
          type: 'ReserveInventory',
          subject: 'inventory-SKU-RED',
          data: { order, requestId: 'order-1/ReserveInventory' },
        },
        { type: 'WakeSaga', after: certain.replyTimeout },
      ]);
    given(orchestrator)
      .when(msg('OrderPlaced', { order: ticket('choreography') }))
      .thenSends([]);
  });

  it('walks the happy path: reserve, charge, ship, confirm, email', () => {
    const steps: [OrderSagaType, string][] = [
      ['InventoryReserved', 'ChargePayment'],
      ['PaymentCompleted', 'ScheduleShipment'],
      ['ShipmentScheduled', 'ConfirmOrder'],
      ['OrderConfirmed', 'SendEmail'],
    ];
    const seen: Message[] = [placed];
    for (const [type, command] of steps) {
      given(orchestrator, history(seen))
        .when(reply(type))
        .thenSends([{ type: 'SagaStepRecorded' }, { type: command }, { type: 'WakeSaga' }]);
      seen.push(reply(type));
    }
    const [done] = given(orchestrator, history(seen))
      .when(reply('EmailSent'))
      .thenSends([{ type: 'SagaStepRecorded' }]);
    expect(done?.data).toMatchObject({
      status: 'Confirmed',
      saga: { snapshot: { status: 'done' }, timers: {} },
    });
  });

  it('compensates in reverse order of the steps done: refund, then release, then cancel', () => {
    const seen = [placed, reserved, charged];
    const [failed] = given(orchestrator, history(seen))
      .when(reply('ShipmentFailed'))
      .thenSends([{ type: 'SagaStepRecorded' }, { type: 'RefundPayment' }, { type: 'WakeSaga' }]);
    expect(failed?.data).toMatchObject({ status: 'Compensating' });
    seen.push(reply('ShipmentFailed'));
    given(orchestrator, history(seen))
      .when(reply('PaymentRefunded'))
      .thenSends([{ type: 'SagaStepRecorded' }, { type: 'ReleaseInventory' }, { type: 'WakeSaga' }]);
    seen.push(reply('PaymentRefunded'));
    given(orchestrator, history(seen))
      .when(reply('InventoryReleased'))
      .thenSends([
        { type: 'SagaStepRecorded' },
        { type: 'CancelOrder', data: { order, requestId: 'order-1/CancelOrder', reason: 'shipment failed' } },
        { type: 'WakeSaga' },
      ]);
  });

  it('releases stock, and only that, when the payment is declined', () => {
    given(orchestrator, history([placed, reserved]))
      .when(reply('PaymentDeclined'))
      .thenSends([{ type: 'SagaStepRecorded' }, { type: 'ReleaseInventory' }, { type: 'WakeSaga' }]);
  });

  it('retries a silent step with the same request id and a doubled timeout', () => {
    const events = history([placed]);
    given(orchestrator, events)
      .when(lastTimer(events))
      .thenSends([
        { type: 'SagaStepRecorded' },
        { type: 'ReserveInventory', data: { order, requestId: 'order-1/ReserveInventory' } },
        { type: 'WakeSaga', after: 2 * certain.replyTimeout },
      ]);
  });

  it('gives up on a step that stays silent and undoes it too, since it may have happened', () => {
    let events = history([placed, reserved]);
    for (let attempt = 1; attempt < certain.attemptsBeforeCompensating; attempt++) {
      events = history([lastTimer(events)], events);
    }
    given(orchestrator, events)
      .when(lastTimer(events))
      .thenSends([{ type: 'SagaStepRecorded' }, { type: 'RefundPayment' }, { type: 'WakeSaga' }]);
  });

  it('never gives up on shipping, the pivot: it retries, then waits for Shipping to answer', () => {
    let events = history([placed, reserved, charged]);
    for (let attempt = 1; attempt < certain.attemptsBeforeWaiting; attempt++) {
      given(orchestrator, events)
        .when(lastTimer(events))
        .thenSends([{ type: 'SagaStepRecorded' }, { type: 'ScheduleShipment' }, { type: 'WakeSaga' }]);
      events = history([lastTimer(events)], events);
    }
    given(orchestrator, events).when(lastTimer(events)).thenSends([]);
    given(orchestrator, events)
      .when(reply('ShipmentScheduled'))
      .thenSends([{ type: 'SagaStepRecorded' }, { type: 'ConfirmOrder' }, { type: 'WakeSaga' }]);
  });

  it('ignores a timer that was cancelled or re-armed, and a reply it no longer waits for', () => {
    const started = history([placed]);
    const stale = lastTimer(started);
    const moved = history([placed, reserved]);
    given(orchestrator, moved).when(stale).thenSends([]);
    given(orchestrator, moved).when(reply('InventoryReserved')).thenSends([]);
    const state = fold(moved);
    expect(orchestrator.isTimerCurrent?.(state, stale)).toBe(false);
    expect(orchestrator.isTimerCurrent?.(state, lastTimer(moved))).toBe(true);
  });
});

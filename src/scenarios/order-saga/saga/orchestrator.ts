import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { canonicalJson } from '../../../engine/hash';
import type { Outgoing, ServiceDefinition } from '../../../engine/service';
import { Table } from '../../../engine/table';
import { assertNever, type OrderSagaMessage, PARTICIPANT_EVENTS, read, type SagaStepData } from '../messages';
import { ORCHESTRATOR, type OrderSagaSettings, PROCESSING_TIME, streams } from '../settings';
import { createSagaMachine, type SagaEvent, type SagaMachine, type SagaSend } from './machine';
import { type PersistedSaga, type SagaRecord, sagaStatus } from './sagaRecord';

export interface OrchestratorState {
  /** Changed in place by `evolve` (a record is replaced, never changed); copied in O(1) (table.ts). */
  readonly sagas: Table<SagaRecord>;
  /** Sagas still running, kept beside the table so the graph's summary never walks it. */
  active: number;
}

const replies = PARTICIPANT_EVENTS satisfies readonly SagaEvent['type'][];
const handles = ['OrderPlaced', 'WakeSaga', ...replies] as const;
type Handled = Extract<OrderSagaMessage, { type: (typeof handles)[number] }>;

/**
 * The orchestrator: one statechart per orchestrated order. Its `decide` computes the next snapshot
 * with XState's pure `transition` and returns, as data, a `SagaStepRecorded` event carrying that
 * snapshot, the commands the chart sent, and a timer per timeout it armed. Its state is the fold of
 * those events, so a killed orchestrator, revived, carries every saga on from where it was.
 */
export function orchestratorService(settings: OrderSagaSettings): ServiceDefinition<OrchestratorState> {
  const machine = createSagaMachine(settings);
  return {
    name: ORCHESTRATOR,
    handles,
    processingTime: PROCESSING_TIME[ORCHESTRATOR],
    // It hears ~10 messages per order, every participant's only 1–3: a failed attempt holds the head
    // of its partition for the retry backoff, so one partition makes it the hot spot. Scale it out.
    instances: 4,
    initialState: () => ({ sagas: Table.empty(), active: 0 }),
    decide(state, message) {
      const m = read(message) as Handled;
      switch (m.type) {
        case 'OrderPlaced': {
          const { order } = m.data;
          if (order.style !== 'orchestration' || state.sagas.has(order.orderId)) return [];
          const [snapshot, actions] = initialTransition(machine, order);
          const empty: SagaRecord = { snapshot: persist(machine, snapshot), timers: {}, nextToken: 1 };
          return record('SagaStarted', order.orderId, m.type, empty, machine, snapshot, actions);
        }
        case 'WakeSaga': {
          const saga = state.sagas.get(m.data.orderId);
          if (!saga || saga.timers[m.data.timerId] !== m.data.token) return []; // cancelled or re-armed
          return step(machine, m.data.orderId, saga, m.data.event as unknown as SagaEvent, m.type);
        }
        case 'InventoryReserved':
        case 'InventoryOutOfStock':
        case 'InventoryReleased':
        case 'PaymentCompleted':
        case 'PaymentDeclined':
        case 'PaymentRefunded':
        case 'ShipmentScheduled':
        case 'ShipmentFailed':
        case 'OrderConfirmed':
        case 'OrderCancelled':
        case 'EmailSent': {
          const { order } = m.data;
          const saga = state.sagas.get(order.orderId);
          if (order.style !== 'orchestration' || !saga) return [];
          return step(machine, order.orderId, saga, { type: m.type }, m.type);
        }
        default:
          return assertNever(m);
      }
    },
    isTimerCurrent(state, timer) {
      const { orderId, timerId, token } = timer.data as { orderId: string; timerId: string; token: number };
      return state.sagas.get(orderId)?.timers[timerId] === token;
    },
    evolve(state, event) {
      if (event.type !== 'SagaStarted' && event.type !== 'SagaStepRecorded') return state;
      const { orderId, saga } = event.data as SagaStepData;
      const running = (s: SagaRecord | undefined) => (s?.snapshot.status === 'active' ? 1 : 0);
      state.active += running(saga) - running(state.sagas.get(orderId));
      state.sagas.set(orderId, saga); // the event's own record: stored as is, never changed
      return state;
    },
    copyState: (state) => ({ sagas: state.sagas.copy(), active: state.active }),
    reviveState: (saved) => {
      const { sagas, active } = saved as Partial<OrchestratorState>;
      const table = Table.revive<SagaRecord>(sagas);
      // Saved before the count was kept: count once.
      return {
        sagas: table,
        active: active ?? [...table.values()].filter((s) => s.snapshot.status === 'active').length,
      };
    },
  };
}

function step(
  machine: SagaMachine,
  orderId: string,
  saga: SagaRecord,
  event: SagaEvent,
  trigger: string,
): Outgoing[] {
  if (saga.snapshot.status !== 'active') return [];
  const before = machine.resolveState(saga.snapshot as never);
  const [after, actions] = transition(machine, before, event);
  const persisted = persist(machine, after);
  // A reply the chart does not wait for (late, duplicate, of an old step) changes nothing: record nothing.
  if (actions.length === 0 && canonicalJson(persisted) === canonicalJson(saga.snapshot)) return [];
  return record('SagaStepRecorded', orderId, trigger, saga, machine, after, actions);
}

interface ActionLike {
  readonly type: string;
  readonly params?: unknown;
}

/** Turns the chart's actions into messages: `send` → a command, a delayed raise → a timer. */
function record(
  type: 'SagaStarted' | 'SagaStepRecorded',
  orderId: string,
  trigger: string,
  saga: SagaRecord,
  machine: SagaMachine,
  snapshot: AnyMachineSnapshot,
  actions: readonly ActionLike[],
): Outgoing[] {
  const timers: Record<string, number> = { ...saga.timers };
  let nextToken = saga.nextToken;
  const out: Outgoing[] = [];
  for (const action of actions) {
    if (action.type === 'send') out.push(command(action.params as SagaSend));
    else if (action.type === 'xstate.raise') {
      const { event, id, delay } = action.params as { event: { type: string }; id?: string; delay?: number };
      if (delay === undefined) continue; // an immediate raise is handled inside `transition`
      const timerId = id ?? event.type;
      const token = nextToken++;
      timers[timerId] = token;
      const data = { orderId, timerId, token, event };
      out.push({ type: 'WakeSaga', subject: streams.saga(orderId), data, after: delay });
    } else if (action.type === 'xstate.cancel') {
      delete timers[(action.params as { sendId: string }).sendId];
    }
  }
  const persisted = persist(machine, snapshot);
  if (persisted.status !== 'active') for (const id of Object.keys(timers)) delete timers[id];
  const next: SagaRecord = { snapshot: persisted, timers, nextToken };
  const data: SagaStepData = { orderId, trigger, status: sagaStatus(persisted), saga: next };
  return [{ type, subject: streams.saga(orderId), data }, ...out];
}

function command(send: SagaSend): Outgoing {
  const { order, requestId } = send;
  const base = { order, requestId };
  switch (send.command) {
    case 'ReserveInventory':
    case 'ReleaseInventory':
      return { type: send.command, subject: streams.inventory(order.sku), data: base };
    case 'ChargePayment':
    case 'RefundPayment':
      return { type: send.command, subject: streams.payment(order.orderId), data: base };
    case 'ScheduleShipment':
      return { type: send.command, subject: streams.shipment(order.orderId), data: base };
    case 'ConfirmOrder':
      return { type: send.command, subject: streams.order(order.orderId), data: base };
    case 'CancelOrder':
      return {
        type: send.command,
        subject: streams.order(order.orderId),
        data: { ...base, reason: send.reason ?? 'cancelled' },
      };
    case 'SendEmail':
      return {
        type: send.command,
        subject: streams.email(order.orderId),
        data: { ...base, template: send.template ?? 'cancelled' },
      };
    default:
      return assertNever(send.command);
  }
}

function persist(machine: SagaMachine, snapshot: AnyMachineSnapshot): PersistedSaga {
  // Through JSON, so what the event carries is exactly what a reload will read back.
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))) as PersistedSaga;
}

import { startFromProblems } from '../engine/flavours';
import {
  type ProjectionSpec,
  projectionProblems,
  type SubscriberSpec,
  subscriberProblems,
} from '../engine/growth';
import type { Dispatch, Simulation } from '../engine/simulation';
import type { SampleOptions } from '../scenarios/scenario';

/**
 * What a person can do to a run, named as events (`service.killed`, not `setDown`). Every action is
 * recorded with the virtual time it happened at, so seed + actions reproduce the run exactly.
 */
export type UserAction =
  /** The scenario's sample transaction, numbered by the run (order 1, 2, …). */
  | { readonly type: 'order.placed'; readonly options?: SampleOptions }
  /** New transactions use this coordination style; those in flight keep theirs. */
  | { readonly type: 'style.changed'; readonly style: string }
  /** Automatic traffic: this many sample transactions per virtual second (0 stops it). */
  | { readonly type: 'traffic.changed'; readonly perSecond: number }
  | { readonly type: 'message.dispatched'; readonly dispatch: Dispatch }
  | { readonly type: 'service.killed'; readonly name: string }
  | { readonly type: 'service.revived'; readonly name: string }
  | {
      readonly type: 'service.tuned';
      readonly name: string;
      readonly processingTime?: number;
      readonly failureRate?: number;
    }
  | { readonly type: 'idempotency.switched'; readonly name: string; readonly on: boolean }
  /** A service with optimistic concurrency writes with (on) or without (off: last writer wins) its version check. */
  | { readonly type: 'versionCheck.switched'; readonly name: string; readonly on: boolean }
  /** Change data capture: the service keeps its state in a table and publishes no events. */
  | { readonly type: 'tableBacked.switched'; readonly name: string; readonly on: boolean }
  /** Change data capture: a Debezium-like connector on the service's table. */
  | { readonly type: 'connector.switched'; readonly name: string; readonly on: boolean }
  | { readonly type: 'readModels.lagChanged'; readonly ms: number }
  /** Latency (and jitter) on the given edges, keyed `source->target`. */
  | {
      readonly type: 'latency.changed';
      readonly edges: readonly string[];
      readonly base: number;
      readonly jitter: number;
    }
  | { readonly type: 'deadLetter.retried'; readonly subscription: string; readonly position: number }
  | { readonly type: 'deadLetter.discarded'; readonly subscription: string; readonly position: number }
  /** "Replay dead letters": every dead letter held now is retried (read models' too). */
  | { readonly type: 'deadLetters.replayed' }
  /** Schema evolution: the upcaster of `messageType` from v`from` to v`from + 1` on or off. */
  | {
      readonly type: 'upcaster.switched';
      readonly messageType: string;
      readonly from: number;
      readonly on: boolean;
    }
  /** A subscriber dragged in while running (issue 7), as a plain spec: it replays as it was. */
  | { readonly type: 'subscriber.added'; readonly spec: SubscriberSpec }
  | { readonly type: 'subscriber.removed'; readonly name: string }
  | { readonly type: 'projection.added'; readonly spec: ProjectionSpec }
  | { readonly type: 'projection.removed'; readonly name: string }
  /** A service runs as a consumer group of this many instances. */
  | { readonly type: 'service.scaled'; readonly name: string; readonly instances: number }
  /** One instance of a consumer group dies (its subjects rebalance onto the others) or comes back. */
  | { readonly type: 'instance.killed'; readonly name: string; readonly index: number }
  | { readonly type: 'instance.revived'; readonly name: string; readonly index: number };

export interface RecordedAction {
  /** Virtual ms at which it was applied. */
  readonly at: number;
  readonly action: UserAction;
  /**
   * Set when the action went in ahead of tasks already due at `at` (right after a fork at a moment
   * in the middle of a step, or a second click before the next frame): the log head it was applied
   * at. A re-run then applies it right after the task that logged this position, not after every
   * task due at `at`.
   */
  readonly after?: number;
}

/** Applies an action that only concerns the simulation (the driver handles orders and traffic). */
export async function applyToSimulation(
  sim: Simulation,
  action: Exclude<UserAction, { type: 'order.placed' | 'traffic.changed' | 'style.changed' }>,
): Promise<void> {
  switch (action.type) {
    case 'message.dispatched':
      await sim.dispatch(action.dispatch);
      return;
    case 'service.killed':
      sim.kill(action.name);
      return;
    case 'service.revived':
      sim.revive(action.name);
      return;
    case 'service.tuned':
      sim.broker.tune(action.name, {
        ...(action.processingTime === undefined ? {} : { processingTime: action.processingTime }),
        ...(action.failureRate === undefined ? {} : { failureRate: action.failureRate }),
      });
      return;
    case 'idempotency.switched':
      sim.setIdempotent(action.name, action.on);
      return;
    case 'versionCheck.switched':
      sim.setVersionCheck(action.name, action.on);
      return;
    case 'tableBacked.switched':
      sim.setTableBacked(action.name, action.on);
      return;
    case 'connector.switched':
      await sim.setConnector(action.name, action.on);
      return;
    case 'readModels.lagChanged':
      sim.setProjectionLag(action.ms);
      return;
    case 'latency.changed': {
      const edgeLatency = { ...sim.broker.settings.edgeLatency };
      for (const edge of action.edges) edgeLatency[edge] = { base: action.base, jitter: action.jitter };
      sim.broker.configure({ edgeLatency });
      return;
    }
    case 'deadLetter.retried':
      sim.retryDeadLetter(action.subscription, action.position);
      return;
    case 'deadLetter.discarded':
      sim.discardDeadLetter(action.subscription, action.position);
      return;
    case 'deadLetters.replayed':
      sim.retryAllDeadLetters();
      return;
    case 'upcaster.switched':
      sim.setUpcaster(action.messageType, action.from, action.on);
      return;
    case 'subscriber.added':
      sim.addSubscriber(action.spec);
      return;
    case 'subscriber.removed':
      sim.removeSubscriber(action.name);
      return;
    case 'projection.added':
      sim.addProjection(action.spec);
      return;
    case 'projection.removed':
      sim.removeProjection(action.name);
      return;
    case 'service.scaled':
      sim.scale(action.name, action.instances);
      return;
    case 'instance.killed':
      sim.killInstance(action.name, action.index);
      return;
    case 'instance.revived':
      sim.reviveInstance(action.name, action.index);
      return;
    default:
      return assertNever(action);
  }
}

const CHECKED: ReadonlySet<UserAction['type']> = new Set([
  'subscriber.added',
  'subscriber.removed',
  'projection.added',
  'projection.removed',
  'instance.killed',
  'instance.revived',
  'upcaster.switched',
]);

/**
 * Why `action` cannot be applied to `sim` now, in words (empty when it can). Checked before an
 * action is recorded, so a refused one never enters the history that replays and reloads re-run.
 */
export function actionProblems(sim: Simulation, action: UserAction): string[] {
  if (!CHECKED.has(action.type)) return [];
  const snapshot = sim.getSnapshot();
  const names = {
    taken: ['user', ...snapshot.services.map((s) => s.name), ...snapshot.projections.map((p) => p.name)],
    retired: sim.retiredNames,
  };
  switch (action.type) {
    case 'subscriber.added':
      return [
        ...subscriberProblems(action.spec, sim.catalog, names),
        ...startFromProblems(sim.broker.flavour, action.spec.startFrom),
      ];
    case 'projection.added':
      return projectionProblems(action.spec, sim.catalog, names);
    case 'subscriber.removed':
      return snapshot.subscribers.some((s) => s.spec.name === action.name)
        ? []
        : [`No added subscriber is named "${action.name}".`];
    case 'projection.removed':
      return snapshot.grownProjections.some((p) => p.spec.name === action.name)
        ? []
        : [`No added read model is named "${action.name}".`];
    case 'instance.killed':
    case 'instance.revived': {
      const size = snapshot.services.find((s) => s.name === action.name)?.instances ?? 0;
      return action.index >= 0 && action.index < size
        ? []
        : [`"${action.name}" has no instance ${action.index}.`];
    }
    case 'upcaster.switched':
      return snapshot.upcasters.some((u) => u.type === action.messageType && u.from === action.from)
        ? []
        : [`There is no upcaster ${action.messageType} v${action.from}→v${action.from + 1}.`];
    default:
      return [];
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown action: ${JSON.stringify(value)}`);
}

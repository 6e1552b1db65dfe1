import type { Dispatch, Simulation } from '../engine/simulation';

/**
 * What a person can do to a run, named as events (`service.killed`, not `setDown`). Every action is
 * recorded with the virtual time it happened at, so seed + actions reproduce the run exactly.
 */
export type UserAction =
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
  | { readonly type: 'readModels.lagChanged'; readonly ms: number };

export interface RecordedAction {
  /** Virtual ms at which it was applied. */
  readonly at: number;
  readonly action: UserAction;
}

/** Applies one action to the simulation now. */
export async function applyAction(sim: Simulation, action: UserAction): Promise<void> {
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
    case 'readModels.lagChanged':
      sim.setProjectionLag(action.ms);
      return;
    default:
      return assertNever(action);
  }
}

/**
 * Re-runs recorded actions from a fresh simulation: advance to each action's time, apply it. Task
 * order does not depend on how time was chunked, so this reproduces the live run's log exactly.
 */
export async function replayActions(sim: Simulation, actions: readonly RecordedAction[]): Promise<void> {
  for (const { at, action } of actions) {
    if (at > sim.now) await sim.advance(at - sim.now);
    await applyAction(sim, action);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown action: ${JSON.stringify(value)}`);
}

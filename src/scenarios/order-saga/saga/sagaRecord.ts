import type { SagaContext } from './machine';

/** The saga status an order shows (DESIGN.md, "UI contract"). */
export type SagaStatus = 'Running' | 'Compensating' | 'Confirmed' | 'Cancelled';

/** A statechart snapshot as XState persists it: plain JSON. */
export interface PersistedSaga {
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly value: unknown;
  readonly context: SagaContext;
  readonly [key: string]: unknown;
}

/**
 * What the orchestrator holds per order, all of it carried by its own events: the statechart's
 * snapshot, and which arming of each pending timeout is live. A timer that fires after it was
 * cancelled, or re-armed by a retry, carries an older token and is ignored (the scheduler cannot
 * delete a task, so cancelling is remembering what not to act on).
 */
export interface SagaRecord {
  readonly snapshot: PersistedSaga;
  readonly timers: Readonly<Record<string, number>>;
  readonly nextToken: number;
}

export function sagaStatus(snapshot: PersistedSaga): SagaStatus {
  const { outcome, reason } = snapshot.context;
  if (outcome === 'confirmed') return 'Confirmed';
  if (outcome === 'cancelled') return 'Cancelled';
  return reason === null ? 'Running' : 'Compensating';
}

/** The statechart's state as a path, e.g. `compensating.refunding`. */
export function sagaState(snapshot: PersistedSaga): string {
  const path: string[] = [];
  let value = snapshot.value;
  while (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value)[0] ?? [];
    if (key === undefined) break;
    path.push(key);
    value = inner;
  }
  if (typeof value === 'string') path.push(value);
  return path.join('.');
}

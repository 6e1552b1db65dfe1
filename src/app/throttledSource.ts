/** A `subscribe` / `getSnapshot` pair, as React's useSyncExternalStore wants. */
export interface SnapshotSource<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

export interface ThrottleOptions<T> {
  readonly schedule?: (run: () => void, ms: number) => unknown;
  /** When true, a change passes at once (e.g. a seek, which the person waits to see). */
  readonly urgent?: (shown: T, next: T) => boolean;
  /**
   * While true, changes are not passed on at all (nor kept for later): the next change after it
   * ends passes as usual. For a change the person should not see on its own.
   */
  readonly held?: () => boolean;
}

/**
 * Passes a source's changes on at most every `ms` (the last one always arrives), so panels
 * re-render at a readable rate while the graph's overlay reads the simulation every frame.
 */
export function throttle<T>(
  source: SnapshotSource<T>,
  ms: number,
  options: ThrottleOptions<T> = {},
): SnapshotSource<T> {
  const { schedule = setTimeout, urgent = () => false, held = () => false } = options;
  let snapshot = source.getSnapshot();
  let pending = false;
  let last = Number.NEGATIVE_INFINITY;
  const listeners = new Set<() => void>();
  const emit = () => {
    pending = false;
    if (held()) return;
    const next = source.getSnapshot();
    if (next === snapshot) return; // an urgent change already passed it on
    last = performance.now();
    snapshot = next;
    for (const listener of listeners) listener();
  };
  let unsubscribe: (() => void) | null = null;
  return {
    subscribe(listener) {
      listeners.add(listener);
      // A change may have come between the first render and this subscription.
      if (!unsubscribe) snapshot = source.getSnapshot();
      unsubscribe ??= source.subscribe(() => {
        if (held()) return;
        if (urgent(snapshot, source.getSnapshot())) return emit();
        if (pending) return;
        const wait = last + ms - performance.now();
        if (wait <= 0) emit();
        else {
          pending = true;
          schedule(emit, wait);
        }
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
    getSnapshot: () => snapshot,
  };
}

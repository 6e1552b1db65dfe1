import type { SnapshotSource } from '../app/throttledSource';
import type { TimelineView } from '../app/timeTravel';

interface ViewSource {
  subscribe(listener: () => void): () => void;
  getView(): TimelineView;
}

/** True when `next` differs from `shown` only by a longer log. */
function onlyGrew(shown: TimelineView, next: TimelineView): boolean {
  return (
    next.mode === shown.mode &&
    next.mode !== 'scrubbing' &&
    next.moment === shown.moment &&
    next.seeking === shown.seeking &&
    next.error === shown.error &&
    next.length > shown.length
  );
}

/**
 * The timeline view, passing on "the log grew" at most every `ms` and every other change at once.
 * (The position follows the length while live, so both wait together.)
 */
export function paceGrowth(
  source: ViewSource,
  ms: number,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
): SnapshotSource<TimelineView> {
  let shown = source.getView();
  let last = Number.NEGATIVE_INFINITY;
  let pending = false;
  const listeners = new Set<() => void>();
  const emit = () => {
    pending = false;
    const next = source.getView();
    if (next === shown) return;
    shown = next;
    last = performance.now();
    for (const listener of listeners) listener();
  };
  let unsubscribe: (() => void) | null = null;
  return {
    subscribe(listener) {
      listeners.add(listener);
      unsubscribe ??= source.subscribe(() => {
        const next = source.getView();
        if (next === shown) return;
        if (!onlyGrew(shown, next)) return emit();
        if (pending) return;
        const wait = last + ms - performance.now();
        if (wait <= 0) emit();
        else {
          pending = true;
          schedule(emit, wait);
        }
      });
      // A change may have come between the first render and this subscription.
      shown = source.getView();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
    getSnapshot: () => (unsubscribe ? shown : source.getView()),
  };
}

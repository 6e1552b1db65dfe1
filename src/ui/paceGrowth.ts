import { type SnapshotSource, throttle } from '../app/throttledSource';
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
  return throttle({ subscribe: source.subscribe, getSnapshot: source.getView }, ms, {
    schedule,
    urgent: (shown, next) => next !== shown && !onlyGrew(shown, next),
  });
}

import { memo, useMemo, useRef, useSyncExternalStore } from 'react';
import type { RecordedAction } from '../../app/actions';
import type { Message } from '../../engine/message';
import { usePlayground, useShowingPast, useTimelineValue } from '../PlaygroundContext';
import { useInsight } from '../useInsight';
import { type LogView, useLogUpTo, useThrottled } from '../useLog';

export interface Marker {
  readonly position: number;
  readonly kind: 'kill' | 'revive' | 'compensation' | 'dead-letter';
  readonly text: string;
}

/** Past this many, only the first are drawn: a tick per pixel says nothing more. */
const MAX_MARKERS = 300;

const MARKERS_EVERY_MS = 1000;

/**
 * Ticks on the timeline where something went wrong or was undone; hovering names the message.
 * Memoised, and reading nothing of the moment shown: a seek does not re-render it.
 */
export const TimelineMarkers = memo(function TimelineMarkers() {
  const { driver, panels } = usePlayground();
  const scrubbing = useShowingPast();
  const liveLength = useTimelineValue((v) => v.length);
  // Re-read at the panels' pace while live (new kills, dead letters); in the past the marks are of
  // the whole (frozen) run, so a seek does not re-render them.
  useSyncExternalStore(panels.subscribe, () => (scrubbing ? null : panels.getSnapshot()));
  // The whole live log (frozen while scrubbing), as long as the timeline says, not as of the moment
  // shown. Compensations come from a pass over the whole log: once a second is enough for ticks.
  const log = useThrottled(useLogUpTo(liveLength), MARKERS_EVERY_MS);
  const actions = driver.actions.length;
  const deadLetters = driver.getSnapshot().sim.deadLetters;
  // Insight follows the shown moment; while scrubbing, keep the live run's marks on the whole bar.
  const shownCompensations = useInsight()?.compensations;
  const live = useRef(shownCompensations);
  if (!scrubbing) live.current = shownCompensations;
  const compensations = live.current;
  const markers = useMemo(() => {
    const found: Marker[] = (compensations ?? []).map((c) => ({ ...c, kind: 'compensation' }));
    for (const a of driver.actions.slice(0, actions)) {
      if (a.action.type === 'service.killed' || a.action.type === 'service.revived')
        found.push(serviceMarker(a, log));
    }
    for (const d of deadLetters) {
      const m = d.message;
      found.push({
        position: m.position,
        kind: 'dead-letter',
        text: `#${m.position} ${m.type} dead-lettered: ${d.reason}`,
      });
    }
    return found.sort((a, b) => a.position - b.position).slice(0, MAX_MARKERS);
  }, [driver, compensations, log, actions, deadLetters]);
  const length = Math.max(1, log.length);
  // The same ticks for every seek (they mark the whole run): the same elements, nothing to compare.
  const ticks = useMemo(
    () =>
      markers.map((m) => (
        <span
          key={`${m.kind}-${m.position}-${m.text}`}
          className={`marker ${m.kind}`}
          style={{ left: `${(Math.min(m.position, length) / length) * 100}%` }}
          title={m.text}
        />
      )),
    [markers, length],
  );
  return (
    <div className="timeline-markers" aria-hidden="true">
      {ticks}
    </div>
  );
});

/** A kill or revive is not a message: it sits after the last message logged before it. */
function serviceMarker(recorded: RecordedAction, log: LogView): Marker {
  const { action, at } = recorded;
  const name = action.type === 'service.killed' || action.type === 'service.revived' ? action.name : '';
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((log.at(mid + 1) as Message).time <= at) low = mid + 1;
    else high = mid;
  }
  const killed = action.type === 'service.killed';
  return {
    position: low,
    kind: killed ? 'kill' : 'revive',
    text: `${name} ${killed ? 'killed' : 'revived'} at ${at} ms`,
  };
}

import { memo, useSyncExternalStore } from 'react';
import { usePlayground } from '../PlaygroundContext';

/**
 * While a reopened long run's timeline is being prepared (checkpoints re-built in idle time, see
 * src/app/timelinePreparation.ts): how far it is. Seeks work meanwhile, only slower.
 */
export const TimelinePreparation = memo(function TimelinePreparation() {
  const { preparation } = usePlayground();
  const shown = useSyncExternalStore(preparation.subscribe, preparation.getSnapshot);
  if (shown === null) return null;
  const percent = Math.floor((100 * shown.done) / Math.max(1, shown.total));
  return (
    <p
      className="timeline-preparing"
      title="Rebuilding the checkpoints this run had in memory: seeks work meanwhile, and are quicker once it is done"
    >
      Preparing <progress aria-label="Preparing the timeline" max={shown.total} value={shown.done} />{' '}
      {percent}%
    </p>
  );
});

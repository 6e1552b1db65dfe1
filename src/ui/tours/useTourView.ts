import { useMemo } from 'react';
import type { TourView } from '../../app/tours/types';
import { useBranches } from '../branches/useBranches';
import { usePlaybackMode, usePlayground, useRunSnapshot, useTimeline } from '../PlaygroundContext';
import { useLog, useThrottled } from '../useLog';

/** How often a tour's check looks at the run: each look may pass over the whole log. */
const CHECK_EVERY_MS = 250;

/**
 * The run as the tour panel's checks see it: the shown snapshot and log (live, or the moment
 * scrubbed to), the live head, the playback mode and the branch. Null while the log read so far is
 * not of the snapshot's moment (a check comparing the two would see a mismatch that is not there).
 */
export function useTourView(): TourView | null {
  const { driver } = usePlayground();
  const snapshot = useRunSnapshot();
  const log = useLog();
  const liveHead = useTimeline().length;
  const mode = usePlaybackMode();
  const branches = useBranches();
  const current = branches?.current ?? 'main';
  const diff = branches?.diff ?? null;
  const view = useMemo<TourView | null>(
    () =>
      log.length === snapshot.sim.head
        ? {
            snapshot,
            log: log.toArray(),
            liveHead,
            mode,
            branch: { current, skipped: driver.skipped, diff },
          }
        : null,
    [snapshot, log, liveHead, mode, current, diff, driver],
  );
  return useThrottled(view, CHECK_EVERY_MS);
}

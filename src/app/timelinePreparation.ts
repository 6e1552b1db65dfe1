import type { PlaygroundDriver } from './driver';
import type { SnapshotSource } from './throttledSource';
import type { TimeMachine } from './timeMachine';

/** How far preparing the timeline is: null when there is nothing (more) to do. */
export type Preparation = { readonly done: number; readonly total: number } | null;

interface IdleDeadline {
  timeRemaining(): number;
}
type IdleScheduler = (work: (deadline: IdleDeadline) => void) => unknown;

/**
 * Fills the time machine's gaps between checkpoints while the page is idle (a reopened long run
 * has only the few checkpoints kept in IndexedDB), a slice of a few ms at a time, so that every
 * seek afterwards re-runs at most a few hundred messages. Tells `onProgress` as it goes and null
 * when done. Returns a function that stops it.
 */
export function prepareTimeline(
  machine: TimeMachine,
  driver: PlaygroundDriver,
  onProgress: (preparation: Preparation) => void,
  whenIdle: IdleScheduler = browserIdle,
): () => void {
  let stopped = false;
  let total = 0;
  const slice = async (deadline: IdleDeadline) => {
    try {
      do {
        if (stopped) return;
        if (!(await machine.densify(driver))) {
          onProgress(null);
          return;
        }
        const left = machine.unfilled(driver.sim.head);
        total = Math.max(total, left);
        onProgress({ done: total - left, total });
      } while (deadline.timeRemaining() > 4);
      whenIdle((d) => void slice(d));
    } catch (error) {
      // A cache: failing to prepare only leaves seeks slower. Say so on the console, stop.
      console.warn('Could not prepare the timeline', error);
      onProgress(null);
    }
  };
  whenIdle((d) => void slice(d));
  return () => {
    stopped = true;
  };
}

/** `requestIdleCallback`, or a short timeout where there is none (Safari). */
function browserIdle(work: (deadline: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else {
    setTimeout(() => {
      const start = performance.now();
      work({ timeRemaining: () => Math.max(0, 10 - (performance.now() - start)) });
    }, 50);
  }
}

/**
 * Prepares the timeline in the background where the page has idle callbacks (not in Node), as a
 * source the timeline can show ("Preparing the timeline…"); `stop` ends it.
 */
export function timelinePreparation(
  machine: TimeMachine,
  driver: PlaygroundDriver,
): { readonly source: SnapshotSource<Preparation>; readonly stop: () => void } {
  let shown: Preparation = null;
  const listeners = new Set<() => void>();
  const source: SnapshotSource<Preparation> = {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => shown,
  };
  if (typeof requestIdleCallback !== 'function') return { source, stop: () => {} };
  const stop = prepareTimeline(machine, driver, (next) => {
    // Whole percents only: the timeline need not re-render for every slice.
    const same =
      next !== null &&
      shown !== null &&
      Math.floor((100 * next.done) / next.total) === Math.floor((100 * shown.done) / shown.total);
    if (same || (next === null && shown === null)) return;
    shown = next;
    for (const listener of listeners) listener();
  });
  return { source, stop };
}

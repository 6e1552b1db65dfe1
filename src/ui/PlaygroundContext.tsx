import { createContext, useContext, useDeferredValue, useMemo, useRef, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { PlaygroundSnapshot, StorageStatus } from '../app/driver';
import type { Playground } from '../app/playground';
import type { TimelineView } from '../app/timeTravel';
import type { UiState } from '../app/uiStore';
import { paceGrowth } from './paceGrowth';

const PlaygroundContext = createContext<Playground | null>(null);

export const PlaygroundProvider = PlaygroundContext.Provider;

export function usePlayground(): Playground {
  const playground = useContext(PlaygroundContext);
  if (!playground) throw new Error('usePlayground must be used inside <PlaygroundProvider>.');
  return playground;
}

/** The run as panels see it, at most ~10 times a second (a moment scrubbed to at once). */
export function useRunSnapshot(): PlaygroundSnapshot {
  const { panels, timeTravel } = usePlayground();
  const snapshot = useSyncExternalStore(panels.subscribe, panels.getSnapshot);
  // While live, deferred: panels re-render in the background and never hold up the frame that
  // moves the dots. A moment scrubbed to is what the person waits for: it shows in the render that
  // names it, and the deferred value stays put meanwhile (no background render of every panel).
  const scrubbing = timeTravel.showingPast;
  const live = useRef(snapshot);
  if (!scrubbing) live.current = snapshot;
  const deferred = useDeferredValue(live.current);
  return scrubbing ? snapshot : deferred;
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(usePlayground().ui, selector);
}

/**
 * Where the timeline stands: live, paused, or scrubbing through the past. A seek, a step or a mode
 * change shows at once; the log merely growing while live shows at the panels' pace (10 Hz), since
 * every frame logs messages and a synchronous re-render per frame costs the moving dots their frames.
 */
export function useTimeline(): TimelineView {
  const paced = usePacedTimeline();
  return useSyncExternalStore(paced.subscribe, paced.getSnapshot);
}

/** The timeline view with the log's growth passed on at the panels' pace (10 Hz). */
function usePacedTimeline() {
  const { timeTravel } = usePlayground();
  return useMemo(() => paceGrowth(timeTravel, 100), [timeTravel]);
}

/**
 * One primitive of the timeline (at the pace of useTimeline), re-rendering only when it changes:
 * a seek moves the slider's position at once but its moment a little later, and the panels that
 * show the moment should render once per seek, when it is ready, not also for the position.
 */
export function useTimelineValue<T extends string | number | boolean | null>(
  select: (view: TimelineView) => T,
): T {
  const paced = usePacedTimeline();
  return useSyncExternalStore(paced.subscribe, () => select(paced.getSnapshot()));
}

/** Live, paused or scrubbing — only that, so a growing log does not re-render whoever reads it. */
export function usePlaybackMode(): TimelineView['mode'] {
  const { timeTravel } = usePlayground();
  return useSyncExternalStore(timeTravel.subscribe, () => timeTravel.mode);
}

/**
 * True while a moment of the past is on screen. Panels switch to the past with it: the first seek
 * changes the mode at once, but the panels only when its moment lands, in one render, not two.
 */
export function useShowingPast(): boolean {
  const { timeTravel } = usePlayground();
  return useSyncExternalStore(timeTravel.subscribe, () => timeTravel.showingPast);
}

/**
 * Why this tab cannot change the run — another tab writes it, or saving failed — or null. The same
 * status object until it changes: a save or a seek does not re-render whoever asks.
 */
export function useStorageProblem(): Extract<StorageStatus, { kind: 'readOnly' | 'failed' }> | null {
  const { panels } = usePlayground();
  return useSyncExternalStore(panels.subscribe, () => {
    const status = panels.getSnapshot().storage;
    return status.kind === 'readOnly' || status.kind === 'failed' ? status : null;
  });
}

/** True when another tab writes the run or saving failed (run controls still work in the past). */
export function useStorageReadOnly(): boolean {
  // Only the flag: every service node asks, and none should re-render because the run moved.
  return useStorageProblem() !== null;
}

/**
 * One primitive value from the driver, read at once rather than at the panels' pace: controls must
 * show a click's effect immediately. Re-renders only when the value changes.
 */
export function useDriverValue<T extends string | number | boolean | null>(
  select: (snapshot: PlaygroundSnapshot) => T,
): T {
  const { driver } = usePlayground();
  return useSyncExternalStore(driver.subscribe, () => select(driver.getSnapshot()));
}

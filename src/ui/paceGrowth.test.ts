import { describe, expect, it } from 'vitest';
import type { TimelineView } from '../app/timeTravel';
import { paceGrowth } from './paceGrowth';

function fakeTimeline() {
  let view: TimelineView = {
    mode: 'live',
    position: 0,
    length: 0,
    moment: null,
    seeking: false,
    error: null,
  };
  const listeners = new Set<() => void>();
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getView: () => view,
    set(change: Partial<TimelineView>) {
      view = { ...view, ...change };
      for (const l of listeners) l();
    },
  };
}

function manualTimers() {
  const due: (() => void)[] = [];
  return {
    schedule: (run: () => void) => due.push(run),
    runAll: () => {
      for (const run of due.splice(0)) run();
    },
  };
}

describe('paceGrowth', () => {
  it('passes the first growth at once, then holds growth until the timer fires', () => {
    const timeline = fakeTimeline();
    const timers = manualTimers();
    const paced = paceGrowth(timeline, 100, timers.schedule);
    let renders = 0;
    paced.subscribe(() => renders++);
    timeline.set({ length: 1, position: 1 });
    expect(renders).toBe(1);
    timeline.set({ length: 2, position: 2 });
    timeline.set({ length: 3, position: 3 });
    expect(renders).toBe(1);
    expect(paced.getSnapshot().length).toBe(1);
    timers.runAll();
    expect(renders).toBe(2);
    expect(paced.getSnapshot().length).toBe(3);
  });

  it('passes a mode change or a seek at once, even while growth is held', () => {
    const timeline = fakeTimeline();
    const timers = manualTimers();
    const paced = paceGrowth(timeline, 100, timers.schedule);
    const seen: TimelineView[] = [];
    paced.subscribe(() => seen.push(paced.getSnapshot()));
    timeline.set({ length: 1, position: 1 });
    timeline.set({ length: 2, position: 2 });
    timeline.set({ mode: 'scrubbing', position: 1 });
    expect(seen.at(-1)).toMatchObject({ mode: 'scrubbing', position: 1, length: 2 });
    timeline.set({ position: 2 });
    expect(seen.at(-1)).toMatchObject({ mode: 'scrubbing', position: 2 });
    const count = seen.length;
    timers.runAll(); // the held growth was already shown by the mode change: nothing new
    expect(seen.length).toBe(count);
  });
});

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Insight } from '../app/insightProtocol';
import { usePlayground, useRunSnapshot, useShowingPast } from './PlaygroundContext';
import { useLog } from './useLog';

/** Ask for fresh whole-log figures at most this often (they are computed in a worker). */
const ASK_EVERY_MS = 1000;
/** While scrubbing, ask only once the moment shown has stayed this long. */
const SETTLE_MS = 300;

/** The latest whole-log figures (invariants, sagas, metrics) for the shown moment, or null at first. */
export function useInsight(): Insight | null {
  const { insight } = usePlayground();
  return useSyncExternalStore(insight.subscribe, insight.getSnapshot);
}

/**
 * While scrubbing, the figures shown may still be of another moment (they are asked for once the
 * slider rests, and arrive from the worker): then the position they are as of, for the panels to
 * say so; null when they are of the moment on screen (or while live, where they always lag a bit).
 */
export function useInsightAsOf(): number | null {
  const { insight, panels, timeTravel } = usePlayground();
  const subscribe = useCallback(
    (listener: () => void) => {
      const stops = [insight.subscribe(listener), panels.subscribe(listener), timeTravel.subscribe(listener)];
      return () => {
        for (const stop of stops) stop();
      };
    },
    [insight, panels, timeTravel],
  );
  // A number or null, so a seek re-renders the panels that ask only when the answer changes
  // (when scrubbing starts, and when the figures for the moment arrive), not at every moment.
  return useSyncExternalStore(subscribe, () => {
    const figures = insight.getSnapshot();
    if (!timeTravel.showingPast || !figures) return null;
    return figures.head === panels.getSnapshot().sim.head ? null : figures.head;
  });
}

/** "as of #N, updating…" beside a panel's title while its figures are of another moment. */
export function asOfNote(asOf: number | null): string {
  return asOf === null ? '' : ` · as of #${asOf}, updating…`;
}

/**
 * Keeps the insight worker fed: whenever the shown log and snapshot are of the same moment, and not
 * more often than every ASK_EVERY_MS, it asks for that moment's figures. While the person scrubs,
 * it asks once the slider has rested for SETTLE_MS: each ask posts the log's change to the worker
 * (a jump ahead posts every message jumped over), and the figures of a moment already left would
 * arrive too late to be seen anyway. Render it once.
 */
export function InsightFeeder() {
  const { insight } = usePlayground();
  const { sim } = useRunSnapshot();
  const log = useLog();
  const scrubbing = useShowingPast();
  const [asker] = useState(createAsker);
  useEffect(() => {
    // A read model compared with a shorter log would look wrong when it is not: same moment only.
    if (log.length !== sim.head) return asker.drop();
    asker.request(() => insight.ask(log.toArray(), sim), scrubbing ? SETTLE_MS : 0);
  }, [asker, insight, log, sim, scrubbing]);
  useEffect(() => () => asker.drop(), [asker]);
  return null;
}

/**
 * Runs the latest request once it has rested `settle` ms, and no sooner than ASK_EVERY_MS after the
 * last one ran. One timer at a time, moved on when it fires early: a seek per frame re-armed a
 * timer per frame before.
 */
function createAsker() {
  let last = Number.NEGATIVE_INFINITY;
  let changed = 0;
  let settle = 0;
  let next: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    if (!next) return;
    const wait = Math.max(last + ASK_EVERY_MS, changed + settle) - performance.now();
    if (wait > 0) {
      timer = setTimeout(fire, wait);
      return;
    }
    const ask = next;
    next = null;
    last = performance.now();
    ask();
  };
  return {
    request(ask: () => void, settleMs: number) {
      next = ask;
      changed = performance.now();
      settle = settleMs;
      if (timer === undefined) fire();
    },
    drop() {
      next = null;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

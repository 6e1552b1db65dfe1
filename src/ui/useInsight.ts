import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Insight } from '../app/insightProtocol';
import { usePlayground, useRunSnapshot } from './PlaygroundContext';
import { useLog } from './useLog';

/** Ask for fresh whole-log figures at most this often (they are computed in a worker). */
const ASK_EVERY_MS = 1000;

/** The latest whole-log figures (invariants, sagas, metrics) for the shown moment, or null at first. */
export function useInsight(): Insight | null {
  const { insight } = usePlayground();
  return useSyncExternalStore(insight.subscribe, insight.getSnapshot);
}

/**
 * Keeps the insight worker fed: whenever the shown log and snapshot are of the same moment, and not
 * more often than every ASK_EVERY_MS, it asks for that moment's figures. Render it once.
 */
export function InsightFeeder() {
  const { insight } = usePlayground();
  const { sim } = useRunSnapshot();
  const log = useLog();
  const last = useRef(0);
  useEffect(() => {
    // A read model compared with a shorter log would look wrong when it is not: same moment only.
    if (log.length !== sim.head) return;
    const ask = () => {
      last.current = performance.now();
      insight.ask(log, sim);
    };
    const wait = last.current + ASK_EVERY_MS - performance.now();
    if (wait <= 0) return ask();
    const timer = setTimeout(ask, wait);
    return () => clearTimeout(timer);
  }, [insight, log, sim]);
  return null;
}

import { startTransition, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type LogView, logMirrorFor } from './logMirror';
import { usePlayground, useRunSnapshot } from './PlaygroundContext';

export type { LogView } from './logMirror';

/**
 * The log up to the shown run's head (the live head, or the moment scrubbed to), as a view of the
 * page's copy of the live log: a seek shows its moment's log in the same render, without copying
 * it. `to` views up to another position of the live log instead.
 */
export function useLog(to?: number): LogView {
  const shown = useRunSnapshot().sim.head;
  return useLogUpTo(to ?? shown);
}

/**
 * The log's first `head` messages, without following the moment shown: only `head` changing, or
 * the copy catching up with it, re-renders.
 */
export function useLogUpTo(head: number): LogView {
  const mirror = logMirrorFor(usePlayground());
  // Re-renders only when the copy was behind `head` and caught up, not each time the log grows.
  const length = useSyncExternalStore(mirror.subscribe, () => Math.min(head, mirror.length));
  return mirror.view(length);
}

/**
 * `value`, but changing at most every `ms` (the last change always arrives): for panels whose
 * figures cost a pass over the whole log, such as invariants and the comparison.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const show = () => {
      last.current = performance.now();
      startTransition(() => setShown(value));
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

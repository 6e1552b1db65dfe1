import { startTransition, useEffect, useRef, useState } from 'react';
import type { Message } from '../engine/message';
import { usePlayground, useRunSnapshot } from './PlaygroundContext';

/**
 * The log up to the shown run's head (the live head, or the moment scrubbed to), re-read when it
 * moves (at the panels' pace); `to` reads up to another position of the live log instead.
 */
export function useLog(to?: number): readonly Message[] {
  const { driver } = usePlayground();
  const shown = useRunSnapshot().sim.head;
  const head = to ?? shown;
  const [messages, setMessages] = useState<readonly Message[]>([]);
  useEffect(() => {
    let current = true;
    void driver.sim.log.read({ to: head }).then((read) => {
      if (current) startTransition(() => setMessages(read));
    });
    return () => {
      current = false;
    };
  }, [driver, head]);
  return messages;
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

import { useEffect, useState } from 'react';
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
      if (current) setMessages(read);
    });
    return () => {
      current = false;
    };
  }, [driver, head]);
  return messages;
}

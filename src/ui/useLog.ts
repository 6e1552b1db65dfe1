import { useEffect, useState } from 'react';
import type { Message } from '../engine/message';
import { usePlayground, useRunSnapshot } from './PlaygroundContext';

/** The whole log up to the run's head, re-read when the head moves (at the panels' pace). */
export function useLog(): readonly Message[] {
  const { driver } = usePlayground();
  const { sim } = useRunSnapshot();
  const [messages, setMessages] = useState<readonly Message[]>([]);
  useEffect(() => {
    let current = true;
    void driver.sim.log.read({ to: sim.head }).then((read) => {
      if (current) setMessages(read);
    });
    return () => {
      current = false;
    };
  }, [driver, sim.head]);
  return messages;
}

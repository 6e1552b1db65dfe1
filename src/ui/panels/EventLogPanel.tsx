import { useEffect, useState } from 'react';
import type { Message } from '../../engine/message';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';

const SHOWN = 200;

/** The log itself, newest last: every message, with what caused it. */
export function EventLogPanel() {
  const { driver } = usePlayground();
  const { sim } = useRunSnapshot();
  const [messages, setMessages] = useState<readonly Message[]>([]);

  useEffect(() => {
    let current = true;
    void driver.sim.log.read({ from: Math.max(1, sim.head - SHOWN + 1), to: sim.head }).then((read) => {
      if (current) setMessages(read);
    });
    return () => {
      current = false;
    };
  }, [driver, sim.head]);

  return (
    <section className="panel event-log" aria-label="Event log">
      <h2>
        Event log <small>{sim.head} messages</small>
      </h2>
      {messages.length === 0 ? (
        <p className="empty">Nothing has happened yet. Place an order to start.</p>
      ) : (
        <ol>
          {messages.map((m) => (
            <li key={m.position} className={`kind-${m.kind}`}>
              <span className="position">#{m.position}</span>
              <span className="time">{m.time} ms</span>
              <span className="type">{m.type}</span>
              <span className="route">
                {m.source} · {m.subject}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

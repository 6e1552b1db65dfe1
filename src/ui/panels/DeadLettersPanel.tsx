import { useRunSnapshot } from '../PlaygroundContext';

/** Messages that could not be delivered, and why. */
export function DeadLettersPanel() {
  const { sim } = useRunSnapshot();
  return (
    <section className="panel dead-letters" aria-label="Dead letters">
      <h2>
        Dead letters <small>{sim.deadLetters.length}</small>
      </h2>
      {sim.deadLetters.length === 0 ? (
        <p className="empty">None: every message reached its handler.</p>
      ) : (
        <ul>
          {sim.deadLetters.map((d) => (
            <li key={`${d.subscription}-${d.message.position}-${d.time}`}>
              <strong>{d.message.type}</strong> to {d.subscription} after {d.attempts} attempt
              {d.attempts === 1 ? '' : 's'}: {d.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useAct } from '../branches/useAct';
import { useRunSnapshot } from '../PlaygroundContext';

/** Messages that could not be delivered, why, and what to do with them: retry or discard. */
export function DeadLettersPanel() {
  const { sim } = useRunSnapshot();
  const { act, disabled } = useAct();
  return (
    <section className="panel dead-letters" aria-label="Dead letters">
      <h2>
        Dead letters <small>{sim.deadLetters.length}</small>{' '}
        {sim.deadLetters.length > 0 ? (
          <button type="button" disabled={disabled} onClick={() => act({ type: 'deadLetters.replayed' })}>
            Replay dead letters
          </button>
        ) : null}
      </h2>
      {sim.deadLetters.length === 0 ? (
        <p className="empty">None: every message reached its handler.</p>
      ) : (
        <ul>
          {sim.deadLetters.map((d) => {
            const key = { subscription: d.subscription, position: d.message.position };
            return (
              <li key={`${d.subscription}-${d.message.position}`}>
                <strong>{d.message.type}</strong> #{d.message.position} to {d.subscription}
                {d.readModel ? ' (read model, stopped here)' : ''} after {d.attempts} attempt
                {d.attempts === 1 ? '' : 's'}: {d.reason}{' '}
                <button
                  type="button"
                  disabled={disabled}
                  aria-label={`Retry ${d.message.type} #${d.message.position}`}
                  onClick={() => act({ type: 'deadLetter.retried', ...key })}
                >
                  Retry
                </button>{' '}
                <button
                  type="button"
                  disabled={disabled}
                  aria-label={`Discard ${d.message.type} #${d.message.position}`}
                  onClick={() => act({ type: 'deadLetter.discarded', ...key })}
                >
                  Discard
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

import { logMirrorFor } from '../logMirror';
import { usePlayground } from '../PlaygroundContext';
import { asOfNote, useInsight, useInsightAsOf } from '../useInsight';

/**
 * Each order's saga: its status and steps; a compensation points back at the step it undoes. It
 * re-renders only when the worker's figures change, not with every moment scrubbed to (a step's
 * message is looked up when clicked).
 */
export function SagasPanel() {
  const playground = usePlayground();
  const { ui } = playground;
  const insight = useInsight();
  const shown = insight?.recent ?? [];
  const asOf = useInsightAsOf();
  return (
    <section
      className={`panel sagas${asOf === null ? '' : ' other-moment'}`}
      aria-label="Sagas"
      aria-busy={asOf !== null}
    >
      <h2>
        Sagas <small>{`${insight?.transactionCount ?? 0}${asOfNote(asOf)}`}</small>
      </h2>
      {shown.length === 0 ? <p className="empty">No orders yet.</p> : null}
      <ul>
        {shown.map((t) => (
          <li key={t.id} aria-label={t.id}>
            <header>
              <strong>{t.id}</strong>{' '}
              <span className={`saga-status ${t.status.toLowerCase()}`}>{t.status}</span>
              {t.style ? <small> {t.style}</small> : null}
            </header>
            {t.problem ? <p className="problem">{t.problem}</p> : null}
            <ol className="steps">
              {t.steps.map((step) => (
                <li key={step.position} className={step.undoes ? 'compensation' : undefined}>
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      ui
                        .getState()
                        .events.messageSelected(logMirrorFor(playground).at(step.position)?.id ?? null)
                    }
                  >
                    {step.label}
                  </button>
                  {step.undoes ? <span className="undoes"> ↩ undoes #{step.undoes}</span> : null}
                  <span className="at"> #{step.position}</span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </section>
  );
}

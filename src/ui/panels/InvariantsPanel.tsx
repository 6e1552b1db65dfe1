import { usePlayground } from '../PlaygroundContext';
import { asOfNote, useInsight, useInsightAsOf } from '../useInsight';

/** The scenario's invariants, checked live on the log: each `ok` or `violated`, with its proof. */
export function InvariantsPanel() {
  const { scenario } = usePlayground();
  const insight = useInsight();
  const checks = insight?.checks ?? [];
  const asOf = useInsightAsOf();
  if (!scenario.insight) return null;
  return (
    <section
      className={`panel invariants${asOf === null ? '' : ' other-moment'}`}
      aria-label="Invariants"
      aria-busy={asOf !== null}
    >
      <h2>Invariants{asOf === null ? null : <small>{asOfNote(asOf)}</small>}</h2>
      {insight ? null : <p className="empty">Checking…</p>}
      <ul>
        {checks.map((c) => (
          <li key={c.name} className={c.status} aria-label={`${c.label}: ${c.status}`}>
            <span className={`badge ${c.status}`}>{c.status}</span> {c.label}
            {c.violations.length > 0 ? (
              <ul className="violations">
                {c.violations.slice(0, 5).map((v) => (
                  <li key={`${v.message}-${v.positions.join(',')}`}>{v.message}</li>
                ))}
                {c.violations.length > 5 ? <li>…and {c.violations.length - 5} more</li> : null}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useMemo } from 'react';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';
import { useLog } from '../useLog';

/** The scenario's invariants, checked live on the log: each `ok` or `violated`, with its proof. */
export function InvariantsPanel() {
  const { scenario } = usePlayground();
  const { sim } = useRunSnapshot();
  const log = useLog();
  const checks = useMemo(() => scenario.insight?.checks(log, sim) ?? [], [scenario, log, sim]);
  if (checks.length === 0) return null;
  return (
    <section className="panel invariants" aria-label="Invariants">
      <h2>Invariants</h2>
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

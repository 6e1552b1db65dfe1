import { useMemo, useRef } from 'react';
import type { Message } from '../../engine/message';
import type { SimulationSnapshot } from '../../engine/simulation';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';
import { useLog, useThrottled } from '../useLog';

/** Checking the whole log costs; once a second is live enough for a badge. */
const INSIGHT_EVERY_MS = 1000;

/** The scenario's invariants, checked live on the log: each `ok` or `violated`, with its proof. */
export function InvariantsPanel() {
  const { scenario } = usePlayground();
  const { sim } = useRunSnapshot();
  const log = useLog();
  // Check a log and a snapshot of the same moment only: a read model compared with a shorter log
  // would look wrong when it is not. Keep the last such pair, refreshed at most once a second.
  const paired = useRef<{ log: readonly Message[]; sim: SimulationSnapshot } | null>(null);
  if (log.length === sim.head && paired.current?.sim !== sim) paired.current = { log, sim };
  const moment = useThrottled(paired.current, INSIGHT_EVERY_MS);
  const checks = useMemo(
    () => (moment ? (scenario.insight?.checks(moment.log, moment.sim) ?? []) : []),
    [scenario, moment],
  );
  if (!scenario.insight) return null;
  return (
    <section className="panel invariants" aria-label="Invariants">
      <h2>Invariants</h2>
      {moment ? null : <p className="empty">Checking…</p>}
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

import { asOfNote, useInsight, useInsightAsOf } from '../useInsight';

const SHOWN: readonly [string, string][] = [
  ['orders', 'orders'],
  ['confirmed', 'confirmed'],
  ['cancelled', 'cancelled'],
  ['messagesPerOrder', 'messages per order'],
  ['sagaDurationP50', 'saga p50 (ms)'],
  ['sagaDurationP95', 'saga p95 (ms)'],
  ['compensations', 'compensations'],
];

/** The same business flow two ways, side by side: what each style costs. */
export function ComparisonPanel() {
  const metrics = useInsight()?.metrics;
  const asOf = useInsightAsOf();
  if (!metrics) return null;
  const styles = Object.keys(metrics);
  return (
    <section
      className={`panel comparison${asOf === null ? '' : ' other-moment'}`}
      aria-label="Comparison"
      aria-busy={asOf !== null}
    >
      <h2>Comparison{asOf === null ? null : <small>{asOfNote(asOf)}</small>}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">metric</th>
            {styles.map((s) => (
              <th scope="col" key={s}>
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SHOWN.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              {styles.map((s) => (
                <td key={s}>{round(metrics[s]?.[key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function round(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

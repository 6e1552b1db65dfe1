import { useRunSnapshot } from '../PlaygroundContext';

/** Each read model with how far behind the log it is; its state as a table of keys and values. */
export function ReadModelsPanel() {
  const { sim } = useRunSnapshot();
  return (
    <section className="panel read-models" aria-label="Read models">
      <h2>Read models</h2>
      {sim.projections.map((p) => (
        <article key={p.name} aria-label={`${p.name} read model`}>
          <h3>
            {p.name}{' '}
            <small className={p.behind > 0 ? 'stale' : 'fresh'}>
              {p.behind > 0 ? `${p.behind} behind` : 'caught up'} · checkpoint {p.checkpoint}
            </small>
          </h3>
          <StateTable state={p.state} />
        </article>
      ))}
    </section>
  );
}

/** Payloads are shown as text, never as HTML. */
function StateTable({ state }: { state: unknown }) {
  if (state === null || typeof state !== 'object') return <p>{String(state)}</p>;
  const rows = Object.entries(state as Record<string, unknown>);
  if (rows.length === 0) return <p className="empty">empty</p>;
  return (
    <table>
      <tbody>
        {rows.slice(0, 50).map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{describeValue(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A row's value as one line of text: `status Confirmed · style choreography · …`. */
function describeValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

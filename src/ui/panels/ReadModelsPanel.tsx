import { memo, useState } from 'react';
import { foldProjection } from '../../engine/projection';
import { type DocumentIndex, STORE_LABEL, search } from '../../engine/readModelStores';
import { plainOf, Table } from '../../engine/table';
import { upcast } from '../../engine/upcasting';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';
import { useLog } from '../useLog';

/** Each read model with how far behind the log it is; "Query now" shows its stale answer beside the truth. */
export function ReadModelsPanel() {
  const { scenario, driver } = usePlayground();
  const { sim } = useRunSnapshot();
  const log = useLog();
  // A query is a moment: what the read model answered then, beside what the whole log said then.
  const [asked, setAsked] = useState<{ name: string; stale: unknown; fresh: unknown } | null>(null);
  return (
    <section className="panel read-models" aria-label="Read models">
      <h2>Read models</h2>
      {sim.projections.map((p) => {
        const oldest = log.at(p.checkpoint + 1); // the first message it has not folded yet
        const staleMs = p.behind > 0 && oldest ? sim.now - oldest.time : 0;
        const definition = scenario.projections.find((d) => d.name === p.name);
        const grown = sim.grownProjections.find((g) => g.spec.name === p.name)?.spec;
        return (
          <article key={p.name} aria-label={`${p.name} read model`}>
            <h3>
              {p.name}{' '}
              <small className={p.behind > 0 ? 'stale' : 'fresh'}>
                {p.behind > 0 ? `${p.behind} behind, stale ${staleMs} ms` : 'caught up'} · checkpoint{' '}
                {p.checkpoint}
                {grown?.store && grown.store !== 'memory' ? ` · ${STORE_LABEL[grown.store]}` : ''}
              </small>{' '}
              {definition ? (
                <button
                  type="button"
                  onClick={() => {
                    if (asked?.name === p.name) return setAsked(null);
                    const stale = p.state;
                    void driver.sim.log.read({ to: sim.head }).then((all) =>
                      setAsked({
                        name: p.name,
                        stale,
                        // Read as today's code reads: old events through every upcaster.
                        fresh: foldProjection(definition, all, (m) => upcast(scenario.catalog, m)),
                      }),
                    );
                  }}
                >
                  {asked?.name === p.name ? 'Hide query' : 'Query now'}
                </button>
              ) : null}
            </h3>
            {grown?.fold.kind === 'documents' ? (
              <SearchBox name={p.name} index={p.state as DocumentIndex} />
            ) : null}
            {asked?.name === p.name ? (
              <QueryResult stale={asked.stale} fresh={asked.fresh} />
            ) : (
              <StateTable state={p.state} />
            )}
          </article>
        );
      })}
    </section>
  );
}

/** A full-text query over a search read model: what it finds as of its last refresh. */
function SearchBox({ name, index }: { name: string; index: DocumentIndex }) {
  const [query, setQuery] = useState('');
  const found = search(index, query);
  return (
    <div className="search-box">
      <label>
        Search {name}
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. cancelled"
        />
      </label>
      {query.trim() ? (
        <p role="status">
          {found.length === 0 ? 'Nothing found.' : `${found.length} found: ${found.slice(0, 20).join(', ')}`}
        </p>
      ) : null}
    </div>
  );
}

/** What the read model answers now, next to what the log (the write side) says. */
function QueryResult({ stale, fresh }: { stale: unknown; fresh: unknown }) {
  const a = asRecord(stale);
  const b = asRecord(fresh);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const differing = keys.filter((k) => describeValue(a[k]) !== describeValue(b[k]));
  return (
    <div className="query" role="status">
      {differing.length === 0 ? (
        <p>The read model answers exactly what the log says.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">key</th>
              <th scope="col">read model says (stale)</th>
              <th scope="col">the log says</th>
            </tr>
          </thead>
          <tbody>
            {differing.slice(0, 20).map((k) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{a[k] === undefined ? 'nothing yet' : describeValue(a[k])}</td>
                <td>{describeValue(b[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  const plain = plainOf(value); // a query is on click: a table's O(n) copy is fine here
  return plain !== null && typeof plain === 'object' ? (plain as Record<string, unknown>) : { value: plain };
}

/**
 * Rows shown per read model (about two panels' worth). A seek to an early moment changes nearly
 * every order's row, and each changed row costs ~60–90 µs of layout: 50 rows made those seeks
 * ~3 ms slower than the rest.
 */
const SHOWN_ROWS = 20;

/** A read model's state never changes once shown (the read model copies before its next change). */
const StateTable = memo(function StateTable({ state }: { state: unknown }) {
  if (state === null || typeof state !== 'object') return <p>{String(state)}</p>;
  const rows = firstRows(state, SHOWN_ROWS);
  if (rows.length === 0) return <p className="empty">empty</p>;
  // A list of one-line rows in fixed columns rather than a table, which sizes its columns from
  // every cell: an early moment changes most rows, and each re-sized all the others.
  return (
    <>
      <dl className="state-rows">
        {rows.map(([key, value]) => (
          <StateRow key={key} name={key} text={describeRow(key, value)} />
        ))}
      </dl>
      {state instanceof Table && state.size > rows.length ? (
        <p className="more">and {state.size - rows.length} more</p>
      ) : null}
    </>
  );
});

/**
 * One row, re-rendered only when its text changes: a seek shows another moment's table, whose rows
 * are mostly the same (shared by the moments that did not change them, or equal copies of them).
 */
const StateRow = memo(function StateRow({ name, text }: { name: string; text: string }) {
  return (
    <div className="state-row" title={`${name}: ${text}`}>
      <dt>{name}</dt>
      <dd>{text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text}</dd>
    </div>
  );
});

/**
 * A row shows no more than this of its text (the rest is in its tooltip): the panel has room for
 * about half of it, and laying out a row's whole text — 170 characters for an order — cost ~70 µs
 * a row on every seek that changed it.
 */
const SHOWN_CHARS = 100;

/** Each row object's text, worked out once: a row is replaced when it changes, never changed. */
const rowTexts = new WeakMap<object, string>();

/** A row's text, without the field that only repeats the row's key (`orderId order-1`). */
export function describeRow(key: string, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return describeValue(value);
  let text = rowTexts.get(value);
  if (text === undefined) {
    const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== key);
    text = describeValue(Object.fromEntries(fields));
    rowTexts.set(value, text);
  }
  return text;
}

/** The first `n` rows, without listing all of them: a long run's table holds 10,000 orders. */
function firstRows(state: object, n: number): [string, unknown][] {
  if (state instanceof Table) return state.first(n);
  const rows: [string, unknown][] = [];
  for (const key in state) {
    if (rows.length === n) break;
    if (Object.hasOwn(state, key)) rows.push([key, (state as Record<string, unknown>)[key]]);
  }
  return rows;
}

/** A row's value as one line of text: `status Confirmed · style choreography · …`. */
function describeValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(describeValue).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

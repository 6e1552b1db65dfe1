import { useMemo, useState } from 'react';
import type { Catalog } from '../../engine/catalog';
import { type Compatibility, type JsonSchema, SchemaRegistry } from '../../engine/schemaRegistry';
import { usePlayground } from '../PlaygroundContext';
import './schemaRegistry.css';

const MODES: readonly Compatibility[] = ['backward', 'forward', 'full', 'none'];

/** A registry holding each catalogued schema as the version producers write today. */
function registryOf(catalog: Catalog): SchemaRegistry {
  const registry = new SchemaRegistry('backward');
  for (const [type, spec] of Object.entries(catalog)) {
    if (spec.schema) registry.seed(type, spec.schemaVersion ?? 1, spec.schema);
  }
  return registry;
}

/**
 * The schema registry: each event type's schema, its compatibility mode, and a place to propose
 * the next version — refused with the exact reasons when it would break readers or writers. A
 * sandbox of this page: producers keep writing the version their code knows (catalog.ts), and the
 * engine refuses what does not match it at the producer.
 */
export function SchemaRegistryPanel() {
  const { scenario } = usePlayground();
  const registry = useMemo(() => registryOf(scenario.catalog), [scenario]);
  const types = Object.keys(scenario.catalog).filter((t) => registry.versions(t) > 0);
  const [type, setType] = useState(types[0] ?? '');
  const [, setVersion] = useState(0); // re-render after a registration
  const [draft, setDraft] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  if (types.length === 0) return null;
  const current = registry.schema(type);
  const propose = () => {
    let schema: JsonSchema;
    try {
      schema = JSON.parse(draft) as JsonSchema;
    } catch (error) {
      return setOutcome({ ok: false, text: `Not JSON: ${error instanceof Error ? error.message : error}` });
    }
    try {
      const version = registry.register(type, schema);
      setVersion(version);
      setOutcome({ ok: true, text: `Registered as ${type} v${version}.` });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <section className="panel schema-registry" aria-label="Schema registry">
      <details>
        <summary>
          <h2>Schema registry</h2> <small>{types.length} event types</small>
        </summary>
        <label>
          Event type{' '}
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value);
              setOutcome(null);
              setDraft('');
            }}
          >
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          Compatibility{' '}
          <select
            value={registry.compatibility(type)}
            onChange={(e) => {
              registry.setCompatibility(type, e.target.value as Compatibility);
              setOutcome(null);
              setVersion((v) => v + 1);
            }}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <p>Version {registry.versions(type)} (latest):</p>
        <pre>{JSON.stringify(current, null, 1)}</pre>
        <label className="schema-draft">
          Next version of {type} (JSON Schema)
          <textarea
            rows={6}
            value={draft || JSON.stringify(current, null, 1)}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="button" onClick={propose}>
          Register
        </button>
        {outcome ? (
          <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'refused'}>
            {outcome.text}
          </p>
        ) : null}
      </details>
    </section>
  );
}

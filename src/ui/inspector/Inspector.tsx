import { memo, useMemo } from 'react';
import type { PlaygroundSnapshot } from '../../app/driver';
import { PERSON } from '../../app/topology';
import { MAX_INSTANCES } from '../../engine/broker';
import { flavourInfo, flavourLabel } from '../../engine/flavours';
import { useAct } from '../branches/useAct';
import { useTopology } from '../graph/useTopology';
import { usePlayground, useRunSnapshot, useUi } from '../PlaygroundContext';
import { MessageInspector } from './MessageInspector';

/** The selected service: what it holds, and its fault knobs. */
export function Inspector() {
  const { driver, scenario } = usePlayground();
  const topology = useTopology();
  const selected = useUi((s) => s.selected);
  // In the past, changing a fault forks a branch at that moment and changes it there.
  const { act } = useAct();
  const { sim } = useRunSnapshot();
  const service = sim.services.find((s) => s.name === selected);
  const broker = (
    <p className="inspector-broker" title={flavourInfo[sim.brokerFlavour].summary}>
      Broker: {flavourLabel(sim.brokerFlavour)}
    </p>
  );

  if (!selected || selected === PERSON || !service) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Inspector</h2>
        <MessageInspector />
        <p className="empty">Select a service on the graph to see its state and change its faults.</p>
        <SchemaSwitches />
        {broker}
      </aside>
    );
  }
  const inbound = topology.edges.filter((e) => e.target === service.name).map((e) => e.id);
  const settings = driver.sim.broker.settings;
  const latency = (inbound[0] && settings.edgeLatency[inbound[0]]) || settings.latency;
  // Optimistic concurrency (the bank's Accounts): its version check can be switched off.
  const optimistic = scenario.services.some((d) => d.name === service.name && d.concurrency === 'optimistic');
  const tune = (knobs: { processingTime?: number; failureRate?: number }) =>
    act({ type: 'service.tuned', name: service.name, ...knobs });
  return (
    <aside className="inspector" aria-label="Inspector">
      <MessageInspector />
      <h2>{service.name}</h2>
      <dl>
        <dt>status</dt>
        <dd>{service.up ? 'up' : 'down'}</dd>
        <dt>handled</dt>
        <dd>{service.handled}</dd>
        <dt>failed attempts</dt>
        <dd>{service.failedAttempts}</dd>
        <dt>duplicates ignored</dt>
        <dd>{service.duplicatesSuppressed}</dd>
        {optimistic ? (
          <>
            <dt>conflicts</dt>
            <dd title="Writes the log rejected as stale (the stream moved on since the read); each one is retried">
              {service.conflicts}
            </dd>
          </>
        ) : null}
      </dl>
      <fieldset>
        <legend>Faults</legend>
        <label>
          Failure rate
          <input
            type="range"
            min={0}
            max={0.9}
            step={0.05}
            value={service.failureRate}
            aria-valuetext={`${Math.round(service.failureRate * 100)}% of attempts fail`}
            onChange={(e) => tune({ failureRate: Number(e.target.value) })}
          />
          <output>{Math.round(service.failureRate * 100)}%</output>
        </label>
        <label>
          Processing time
          <input
            type="range"
            min={0}
            max={2000}
            step={50}
            value={service.processingTime}
            aria-valuetext={`${service.processingTime} ms per message`}
            onChange={(e) => tune({ processingTime: Number(e.target.value) })}
          />
          <output>{service.processingTime} ms</output>
        </label>
        <label>
          Inbound latency
          <input
            type="range"
            min={0}
            max={3000}
            step={100}
            value={latency.base}
            aria-valuetext={`${latency.base} ms, plus up to ${latency.jitter} ms of jitter`}
            onChange={(e) => {
              const base = Number(e.target.value);
              act({
                type: 'latency.changed',
                edges: inbound,
                base,
                jitter: Math.round(base / 2),
              });
            }}
          />
          <output>
            {latency.base}±{latency.jitter} ms
          </output>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={service.idempotent}
            onChange={(e) => act({ type: 'idempotency.switched', name: service.name, on: e.target.checked })}
          />
          Idempotent consumer (ignore a message id it has already handled)
        </label>
        <label
          className="checkbox"
          title="A legacy service: its changes are rows in its own table, and it publishes no events. Only a CDC connector can make them public."
        >
          <input
            type="checkbox"
            checked={service.tableBacked}
            onChange={(e) => act({ type: 'tableBacked.switched', name: service.name, on: e.target.checked })}
          />
          Table-backed (legacy: writes rows, publishes no events)
        </label>
        <label
          className="checkbox"
          title="A Debezium-like connector reads the service's table changes and publishes each row change as a RowChanged event, with the row before and after."
        >
          <input
            type="checkbox"
            checked={service.connector}
            onChange={(e) => act({ type: 'connector.switched', name: service.name, on: e.target.checked })}
          />
          CDC connector (RowChanged events, before and after)
        </label>
        {optimistic ? (
          <label
            className="checkbox"
            title="Each write carries the stream version it read; a stale one is rejected and retried. Off: the last writer wins, and an update decided on a stale read overwrites another."
          >
            <input
              type="checkbox"
              checked={service.versionCheck}
              onChange={(e) =>
                act({ type: 'versionCheck.switched', name: service.name, on: e.target.checked })
              }
            />
            Version check (optimistic concurrency)
          </label>
        ) : null}
      </fieldset>
      <fieldset className="instances">
        <legend>Consumer group</legend>
        <label>
          Instances
          <select
            value={service.instances}
            onChange={(e) =>
              act({ type: 'service.scaled', name: service.name, instances: Number(e.target.value) })
            }
          >
            {Array.from({ length: MAX_INSTANCES }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {service.instances > 1 ? (
          <ul className="instance-list" aria-label={`${service.name} instances`}>
            {service.members.map((m) => (
              <li key={m.index}>
                <span>
                  #{m.index} {m.up ? 'up' : 'down'} · {m.handled} handled
                  {m.recent.length > 0 ? ` · ${m.recent.join(', ')}` : ''}
                </span>
                <button
                  type="button"
                  onClick={() =>
                    act({
                      type: m.up ? 'instance.killed' : 'instance.revived',
                      name: service.name,
                      index: m.index,
                    })
                  }
                >
                  {m.up
                    ? `Kill instance ${m.index} of ${service.name}`
                    : `Revive instance ${m.index} of ${service.name}`}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="hint">
          Messages of one subject (one order) always go to one instance; a killed instance's subjects move to
          the others.
        </p>
      </fieldset>
      <details>
        <summary>State</summary>
        <pre>{JSON.stringify(service.state, null, 2)}</pre>
      </details>
      <SchemaSwitches />
      {broker}
    </aside>
  );
}

/**
 * Schema evolution: each upcaster the catalog declares, switchable (a recorded action). Off,
 * consumers read old messages as logged and fail; read models stop at them.
 */
function SchemaSwitches() {
  const { sim } = useRunSnapshot();
  // Re-drawn only when a switch changed, not at every moment scrubbed to: React re-sets an input's
  // attributes each time it renders it, and the browser then repaints it.
  const key = sim.upcasters.map((u) => `${u.type}@${u.from}:${u.on}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the upcasters' switches
  const upcasters = useMemo(() => sim.upcasters, [key]);
  return upcasters.length === 0 ? null : <SchemaFieldset upcasters={upcasters} />;
}

const SchemaFieldset = memo(function SchemaFieldset({
  upcasters,
}: {
  upcasters: PlaygroundSnapshot['sim']['upcasters'];
}) {
  const { act, disabled } = useAct();
  return (
    <fieldset className="schema">
      <legend>Schema</legend>
      {upcasters.map((u) => (
        <label className="checkbox" key={`${u.type}@${u.from}`}>
          <input
            type="checkbox"
            checked={u.on}
            disabled={disabled}
            onChange={(e) =>
              act({ type: 'upcaster.switched', messageType: u.type, from: u.from, on: e.target.checked })
            }
          />
          Upcaster {u.type} v{u.from}→v{u.from + 1}
        </label>
      ))}
    </fieldset>
  );
});

import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { useAct } from '../branches/useAct';
import type { GrownNodeType, PersonNodeType, ServiceNodeType } from './buildGraph';
import { useGrownData, useServiceData } from './nodeData';

/** A service on the graph: status, inbox depth, a state summary, and Kill / Revive. */
export const ServiceNode = memo(function ServiceNode({ id, selected }: NodeProps<ServiceNodeType>) {
  const { act, disabled } = useAct();
  const data = useServiceData(id);
  if (!data) return null;
  const label = `${data.name} service`;
  return (
    <article
      aria-label={label}
      className={`service-node ${data.up ? 'is-up' : 'is-down'} ${selected ? 'is-selected' : ''}`}
    >
      <Handle type="target" position={Position.Left} />
      <header>
        <h3>{data.name}</h3>
        <span className={`status ${data.up ? 'up' : 'down'}`}>{data.up ? 'up' : 'down'}</span>
        {data.busy ? <span className="busy">busy</span> : null}
      </header>
      <p className="inbox">
        <span>inbox {data.inbox}</span>
        {data.inFlight > 0 ? <span className="in-flight"> · {data.inFlight} arriving</span> : null}
        {data.instances > 1 ? <span> · ×{data.instances}</span> : null}
      </p>
      <p className="summary">{data.summary}</p>
      {data.members ? (
        <ul className="members" aria-label={`${data.name} instances`}>
          {data.members.split('\n').map((line) => (
            <li key={line.slice(0, line.indexOf(' '))} className={line.includes(' down') ? 'down' : ''}>
              {line}
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="nodrag"
        disabled={disabled}
        onClick={() => act({ type: data.up ? 'service.killed' : 'service.revived', name: data.name })}
      >
        {data.up ? `Kill ${data.name}` : `Revive ${data.name}`}
      </button>
      <Handle type="source" position={Position.Right} />
    </article>
  );
});

/** The person placing orders: where a business transaction starts. */
export const PersonNode = memo(function PersonNode({ data }: NodeProps<PersonNodeType>) {
  return (
    <div className="person-node" role="img" aria-label={data.name}>
      <span className="person-icon" /> {data.name}
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

/**
 * A subscriber or read model added while running: what it does, how far behind the head it is
 * (falling while it catches up), and Remove. A subscriber can be killed like a service.
 */
export const GrownNode = memo(function GrownNode({ id, selected }: NodeProps<GrownNodeType>) {
  const { act, disabled } = useAct();
  const data = useGrownData(id);
  if (!data) return null;
  const caughtUp = data.behind === 0;
  return (
    <article
      aria-label={`${data.name} ${data.kind}`}
      className={`service-node grown-node ${data.up ? 'is-up' : 'is-down'} ${selected ? 'is-selected' : ''}`}
    >
      <Handle type="target" position={Position.Left} />
      <header>
        <h3>{data.name}</h3>
        <span className="grown-kind">{data.kind === 'subscriber' ? 'subscriber' : 'read model'}</span>
      </header>
      <p className="grown-describe">{data.describe}</p>
      <p className={`grown-lag ${caughtUp ? 'caught-up' : 'behind'}`}>
        {caughtUp ? 'caught up · 0 behind' : `${data.behind} behind`}
      </p>
      {data.summary ? <p className="summary">{data.summary}</p> : null}
      <div className="grown-actions">
        {data.kind === 'subscriber' ? (
          <button
            type="button"
            className="nodrag"
            disabled={disabled}
            onClick={() => act({ type: data.up ? 'service.killed' : 'service.revived', name: data.name })}
          >
            {data.up ? `Kill ${data.name}` : `Revive ${data.name}`}
          </button>
        ) : null}
        <button
          type="button"
          className="nodrag"
          disabled={disabled}
          onClick={() =>
            act({
              type: data.kind === 'subscriber' ? 'subscriber.removed' : 'projection.removed',
              name: data.name,
            })
          }
        >
          {`Remove ${data.name}`}
        </button>
      </div>
      {data.kind === 'subscriber' ? <Handle type="source" position={Position.Right} /> : null}
    </article>
  );
});

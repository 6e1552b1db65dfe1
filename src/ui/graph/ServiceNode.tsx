import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { useAct } from '../branches/useAct';
import type { PersonNodeType, ServiceNodeType } from './buildGraph';

/** A service on the graph: status, inbox depth, a state summary, and Kill / Revive. */
export const ServiceNode = memo(function ServiceNode({ data, selected }: NodeProps<ServiceNodeType>) {
  const { act, disabled } = useAct();
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
      {data.summary ? <p className="summary">{data.summary}</p> : null}
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

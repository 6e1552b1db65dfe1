import {
  applyNodeChanges,
  Background,
  Controls,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';
import { buildEdges, buildNodes, type GraphNode } from './buildGraph';
import { MessageOverlay } from './MessageOverlay';
import { PersonNode, ServiceNode } from './ServiceNode';

// At module scope: a new object each render would make React Flow re-create every node.
const nodeTypes: NodeTypes = { service: ServiceNode, person: PersonNode };

const noSummary = () => '';

/** The services as a graph, with the messages travelling between them. */
export function ServiceGraph() {
  const { topology, scenario, ui } = usePlayground();
  const snapshot = useRunSnapshot();
  const summarize = scenario.summarize ?? noSummary;
  const [nodes, setNodes] = useState<GraphNode[]>(() =>
    buildNodes([], topology, snapshot.sim, summarize, ui.getState().positions),
  );
  const edges = useMemo(() => buildEdges(topology), [topology]);

  useEffect(() => {
    setNodes((previous) => buildNodes(previous, topology, snapshot.sim, summarize, ui.getState().positions));
  }, [snapshot.sim, topology, summarize, ui]);

  return (
    <section className="graph" aria-label="Service graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={(changes: NodeChange<GraphNode>[]) => setNodes((n) => applyNodeChanges(changes, n))}
        onNodeDragStop={(_, node) => ui.getState().events.nodeMoved(node.id, node.position)}
        onNodeClick={(_, node) => ui.getState().events.nodeSelected(node.id)}
        onPaneClick={() => ui.getState().events.nodeSelected(null)}
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.3}
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MessageOverlay />
      </ReactFlow>
      <Legend />
    </section>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="swatch event" /> event (published to every subscriber)
      </li>
      <li>
        <span className="swatch command" /> command (sent to one handler)
      </li>
      <li>
        <span className="swatch duplicate" /> duplicate delivery
      </li>
    </ul>
  );
}

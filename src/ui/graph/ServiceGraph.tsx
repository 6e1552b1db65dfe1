import {
  applyNodeChanges,
  Controls,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  type ReactFlowInstance,
} from '@xyflow/react';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type BrokerFlavour, flavourInfo, flavourLabel } from '../../engine/flavours';
import { usePlayground, useRunSnapshot, useUi } from '../PlaygroundContext';
import { type GrowKind, growStoreFor, PALETTE_MIME } from '../palette/growStore';
import { causationChain } from '../panels/causation';
import { buildEdges, buildNodes, type GraphNode, type NodeData, nodeData } from './buildGraph';
import { MessageOverlay } from './MessageOverlay';
import { NodeDataContext } from './nodeData';
import { GrownNode, PersonNode, ServiceNode } from './ServiceNode';
import { useTopology } from './useTopology';

// At module scope: a new object each render would make React Flow re-create every node.
const nodeTypes: NodeTypes = { service: ServiceNode, grown: GrownNode, person: PersonNode };

const noSummary = () => '';
// Props React Flow copies into its store: constants, so that no render copies them again.
const FIT_VIEW = { padding: 0.15 };
const PRO_OPTIONS = { hideAttribution: false };

/** The services as a graph, with the messages travelling between them. */
export function ServiceGraph() {
  const playground = usePlayground();
  const { scenario, ui } = playground;
  const topology = useTopology();
  const snapshot = useRunSnapshot();
  const flow = useRef<ReactFlowInstance<GraphNode> | null>(null);
  const summarize = scenario.summarize ?? noSummary;
  // The nodes as React Flow holds them (positions, measured sizes, selection): they change with the
  // topology, never with the moment shown.
  const [graph, setGraph] = useState(() => ({
    topology,
    nodes: buildNodes([], topology, ui.getState().positions),
  }));
  if (graph.topology !== topology) {
    // Rebuilt while rendering (React renders again at once), not in an effect one render late.
    setGraph((g) => ({ topology, nodes: buildNodes(g.nodes, topology, ui.getState().positions) }));
  }
  // What they show, as of the moment: read by the nodes from NodeDataContext, in the same render.
  const shownData = useRef<NodeData>(new Map());
  const data = useMemo(
    () => (shownData.current = nodeData(shownData.current, topology, snapshot.sim, summarize)),
    [topology, snapshot.sim, summarize],
  );
  const { nodes } = graph;
  const edges = useMemo(() => buildEdges(topology), [topology]);

  const chainEdges = useChainEdges();
  const shownEdges = useMemo(
    () =>
      chainEdges.size === 0
        ? edges
        : edges.map((e) =>
            chainEdges.has(e.id) ? { ...e, className: `${e.className} in-chain`, animated: true } : e,
          ),
    [edges, chainEdges],
  );

  // The same functions every render: React Flow copies each changed prop into its store, which
  // re-runs every selector there (~0.5 ms a seek when these were new arrow functions each time).
  const handlers = useMemo(
    () => ({
      onInit: (instance: ReactFlowInstance<GraphNode>) => {
        flow.current = instance;
      },
      onNodesChange: (changes: NodeChange<GraphNode>[]) =>
        setGraph((g) => ({ ...g, nodes: applyNodeChanges(changes, g.nodes) })),
      onNodeDragStop: (_: unknown, node: GraphNode) => ui.getState().events.nodeMoved(node.id, node.position),
      onNodeClick: (_: unknown, node: GraphNode) => ui.getState().events.nodeSelected(node.id),
      onPaneClick: () => ui.getState().events.nodeSelected(null),
      // A palette item dropped on the canvas opens its dialog; the node appears where it was dropped.
      onDragOver: (e: DragEvent) => {
        if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      },
      onDrop: (e: DragEvent) => {
        const kind = e.dataTransfer.getData(PALETTE_MIME) as GrowKind | '';
        if (kind !== 'subscriber' && kind !== 'projection') return;
        e.preventDefault();
        const at = flow.current?.screenToFlowPosition({ x: e.clientX, y: e.clientY }) ?? null;
        growStoreFor(playground).getState().events.opened(kind, at);
      },
    }),
    [ui, playground],
  );

  // The same element while the graph is the same: a seek re-renders this component (the nodes'
  // data, the topology as of the moment) but not React Flow and its dozen providers inside, which
  // had nothing new to show (the nodes read their data from NodeDataContext).
  const flowElement = useMemo(
    () => (
      <ReactFlow
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        {...handlers}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.3}
        proOptions={PRO_OPTIONS}
      >
        <Controls showInteractive={false} />
        <MessageOverlay />
      </ReactFlow>
    ),
    [nodes, shownEdges, handlers],
  );

  return (
    <section className="graph" aria-label="Service graph">
      <NodeDataContext.Provider value={data}>{flowElement}</NodeDataContext.Provider>
      <Legend broker={snapshot.sim.brokerFlavour} />
    </section>
  );
}

/** Edges that carried a message of the selected message's causation chain. */
function useChainEdges(): ReadonlySet<string> {
  const { driver } = usePlayground();
  const topology = useTopology();
  const selected = useUi((s) => s.selectedMessage);
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!selected) {
      setIds(new Set());
      return;
    }
    let current = true;
    void driver.sim.log.read().then((messages) => {
      if (!current) return;
      const chain = causationChain(messages, selected);
      const found = new Set<string>();
      for (const m of messages) {
        if (!chain.has(m.id)) continue;
        for (const e of topology.edges)
          if (e.source === m.source && e.types.includes(m.type)) found.add(e.id);
      }
      setIds(found);
    });
    return () => {
      current = false;
    };
  }, [driver, topology, selected]);
  return ids;
}

function Legend({ broker }: { broker: BrokerFlavour }) {
  return (
    <ul className="legend" aria-label="Legend">
      <li className="legend-broker" title={flavourInfo[broker].summary}>
        Broker: {flavourLabel(broker)}
      </li>
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

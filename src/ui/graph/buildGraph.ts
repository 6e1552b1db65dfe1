import type { Edge, Node } from '@xyflow/react';
import { PERSON, type Topology } from '../../app/topology';
import type { XY } from '../../app/uiStore';
import type { SimulationSnapshot } from '../../engine/simulation';

/** What a service node shows. Plain data only: no callbacks (they would change identity). */
export interface ServiceNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly up: boolean;
  readonly inbox: number;
  readonly inFlight: number;
  readonly busy: boolean;
  readonly summary: string;
  readonly instances: number;
}

export type ServiceNodeType = Node<ServiceNodeData, 'service'>;
export type PersonNodeType = Node<{ name: string }, 'person'>;
export type GraphNode = ServiceNodeType | PersonNodeType;

const COLUMN = 320;
const ROW = 190;

export function autoPosition(topology: Topology, id: string): XY {
  const given = topology.positions[id];
  if (given) return given;
  const at = topology.layout[id] ?? { column: 0, row: 0 };
  return { x: at.column * COLUMN, y: at.row * ROW + (at.column % 2) * 40 };
}

/**
 * Nodes for a snapshot. A node whose data did not change keeps its object, so React Flow does not
 * re-measure it (React Flow 12 re-measures any node whose object changed).
 */
export function buildNodes(
  previous: readonly GraphNode[],
  topology: Topology,
  snapshot: SimulationSnapshot,
  summarize: (service: string, state: unknown) => string,
  positions: Readonly<Record<string, XY>>,
): GraphNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return topology.nodes.map((id): GraphNode => {
    const old = before.get(id);
    const position = old?.position ?? positions[id] ?? autoPosition(topology, id);
    if (id === PERSON) {
      return old ?? { id, type: 'person', position, data: { name: 'Person' }, deletable: false };
    }
    const view = snapshot.services.find((s) => s.name === id);
    const data: ServiceNodeData = {
      name: id,
      up: view?.up ?? true,
      inbox: view?.inbox ?? 0,
      inFlight: view?.inFlight ?? 0,
      busy: view?.busy ?? false,
      summary: view ? summarize(id, view.state) : '',
      instances: view?.instances ?? 1,
    };
    if (old?.type === 'service' && sameData(old.data, data)) return old;
    return { ...(old ?? {}), id, type: 'service', position, data, deletable: false } as ServiceNodeType;
  });
}

function sameData(a: ServiceNodeData, b: ServiceNodeData): boolean {
  for (const key of Object.keys(b) as (keyof ServiceNodeData)[]) if (a[key] !== b[key]) return false;
  return true;
}

/** Edges never change during a run: built once per topology. */
export function buildEdges(topology: Topology): Edge[] {
  return topology.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    className: `edge-${e.kind}`,
    label: e.types.length > 2 ? `${e.types[0]} +${e.types.length - 1}` : e.types.join(', '),
    ariaLabel: `${e.source} sends ${e.types.join(', ')} to ${e.target}`,
    data: { types: e.types, kind: e.kind },
  }));
}

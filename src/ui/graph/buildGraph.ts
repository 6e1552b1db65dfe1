import type { Edge, Node } from '@xyflow/react';
import { PERSON, type Topology } from '../../app/topology';
import type { XY } from '../../app/uiStore';
import { summarizeGrown } from '../../engine/growth';
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
  /**
   * A consumer group's instances, one line each ("#1 down", "#0 order-3, order-7"): which
   * instance holds which subjects. Empty for a single instance. A string, so equality is cheap.
   */
  readonly members: string;
}

/** What a subscriber or read model added while running shows. Plain data only. */
export interface GrownNodeData extends Record<string, unknown> {
  readonly name: string;
  readonly kind: 'subscriber' | 'projection';
  /** What it does, in words: "count · OrderPlaced, PaymentCompleted". */
  readonly describe: string;
  /** Messages behind the head (see `GrownSubscriberView.behind` and `ProjectionView.behind`). */
  readonly behind: number;
  readonly up: boolean;
  readonly summary: string;
}

/**
 * What React Flow holds of a node: where it is and what kind it is, never what it shows. A moment
 * that changes only what nodes show (every seek) then does not go through React Flow's store: the
 * nodes read their data from `NodeDataContext` (see `nodeData`).
 */
export type ServiceNodeType = Node<{ name: string }, 'service'>;
export type GrownNodeType = Node<{ name: string }, 'grown'>;
export type PersonNodeType = Node<{ name: string }, 'person'>;
export type GraphNode = ServiceNodeType | GrownNodeType | PersonNodeType;

/** What each node shows as of a moment, by node id. */
export type NodeData = ReadonlyMap<string, ServiceNodeData | GrownNodeData>;

const COLUMN = 320;
const ROW = 190;

export function autoPosition(topology: Topology, id: string): XY {
  const given = topology.positions[id];
  if (given) return given;
  const at = topology.layout[id] ?? { column: 0, row: 0 };
  return { x: at.column * COLUMN, y: at.row * ROW + (at.column % 2) * 40 };
}

/** The nodes of a topology, keeping each one React Flow already holds (its position, its size). */
export function buildNodes(
  previous: readonly GraphNode[],
  topology: Topology,
  positions: Readonly<Record<string, XY>>,
): GraphNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const nodes = topology.nodes.map((id): GraphNode => {
    const type = id === PERSON ? 'person' : topology.grown[id] ? 'grown' : 'service';
    const old = before.get(id);
    if (old?.type === type) return old;
    const position = old?.position ?? positions[id] ?? autoPosition(topology, id);
    return {
      id,
      type,
      position,
      data: { name: id === PERSON ? 'Person' : id },
      deletable: false,
    } as GraphNode;
  });
  // Nothing changed: the same array, so React Flow has nothing to compare.
  const same = nodes.length === previous.length && nodes.every((n, i) => n === previous[i]);
  return same ? (previous as GraphNode[]) : nodes;
}

/**
 * What each node shows as of `snapshot`. An entry whose data did not change keeps its object, and
 * the map is `previous` itself when none did.
 */
export function nodeData(
  previous: NodeData,
  topology: Topology,
  snapshot: SimulationSnapshot,
  summarize: (service: string, state: unknown) => string,
): NodeData {
  const next = new Map<string, ServiceNodeData | GrownNodeData>();
  let changed = false;
  for (const id of topology.nodes) {
    if (id === PERSON) continue;
    const grown = topology.grown[id];
    const data: ServiceNodeData | GrownNodeData = grown
      ? grownData(id, grown, snapshot)
      : serviceData(id, snapshot, summarize);
    const old = previous.get(id);
    if (old && sameData(old, data)) next.set(id, old);
    else {
      next.set(id, data);
      changed = true;
    }
  }
  return changed || next.size !== previous.size ? next : previous;
}

function serviceData(
  id: string,
  snapshot: SimulationSnapshot,
  summarize: (service: string, state: unknown) => string,
): ServiceNodeData {
  const view = snapshot.services.find((s) => s.name === id);
  return {
    name: id,
    up: view?.up ?? true,
    inbox: view?.inbox ?? 0,
    inFlight: view?.inFlight ?? 0,
    busy: view?.busy ?? false,
    summary: view ? summaryOf(view, summarize) : '',
    instances: view?.instances ?? 1,
    members: view && view.instances > 1 ? membersLine(view.members) : '',
  };
}

/** Summaries by state object: a state shows the same summary until its `version` moves on. */
const summaries = new WeakMap<object, { version: number; text: string }>();

function summaryOf(
  view: SimulationSnapshot['services'][number],
  summarize: (service: string, state: unknown) => string,
): string {
  const { state, version } = view;
  if (state === null || typeof state !== 'object') return summarize(view.name, state);
  const kept = summaries.get(state);
  if (kept?.version === version) return kept.text;
  const text = summarize(view.name, state);
  summaries.set(state, { version, text });
  return text;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key of Object.keys(b)) if (a[key] !== b[key]) return false;
  return true;
}

/** One line per instance, joined by newlines: "#0 up · 4 handled · order-3, order-7". */
function membersLine(members: SimulationSnapshot['services'][number]['members']): string {
  return members
    .map((m) => {
      const held = m.recent.length > 0 ? ` · ${m.recent.slice(0, 2).join(', ')}` : '';
      return `#${m.index} ${m.up ? 'up' : 'down'}${m.inbox > 0 ? ` · inbox ${m.inbox}` : ''}${held}`;
    })
    .join('\n');
}

function grownData(
  id: string,
  kind: 'subscriber' | 'projection',
  snapshot: SimulationSnapshot,
): GrownNodeData {
  if (kind === 'subscriber') {
    const grown = snapshot.subscribers.find((s) => s.spec.name === id);
    const view = snapshot.services.find((s) => s.name === id);
    const b = grown?.spec.behaviour;
    const does =
      b?.kind === 'react'
        ? `publishes ${b.publish}${b.delay > 0 ? ` after ${b.delay} ms` : ''}`
        : (b?.kind ?? '');
    return {
      name: id,
      kind,
      describe: `${does} · hears ${grown?.spec.types.join(', ') ?? ''}`,
      behind: grown?.behind ?? 0,
      up: view?.up ?? true,
      summary: view ? summarizeGrown(view.state) : '',
    };
  }
  const grown = snapshot.grownProjections.find((p) => p.spec.name === id);
  const view = snapshot.projections.find((p) => p.name === id);
  const fold = grown?.spec.fold;
  const does =
    fold?.kind === 'sumField'
      ? `sum of ${fold.field}`
      : fold?.kind === 'latestPerKey'
        ? `latest per ${fold.field ?? 'subject'}`
        : 'count by type';
  return {
    name: id,
    kind,
    describe: `${does} · folds ${grown?.spec.types.join(', ') ?? ''}`,
    behind: view?.behind ?? 0,
    up: true,
    summary: view ? summarizeGrown(view.state) : '',
  };
}

/** Edges change only when the topology does (a subscriber or read model added or removed). */
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

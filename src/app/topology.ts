import type { Catalog } from '../engine/catalog';
import type { ProjectionSpec, SubscriberSpec } from '../engine/growth';
import type { MessageKind } from '../engine/message';
import type { Scenario } from '../scenarios/scenario';

/** The person placing orders is drawn as a node too: every message starts somewhere. */
export const PERSON = 'user';

export interface TopologyEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Message types that travel this edge. */
  readonly types: readonly string[];
  readonly kind: MessageKind | 'mixed';
}

export interface Topology {
  readonly nodes: readonly string[];
  readonly edges: readonly TopologyEdge[];
  /** Column (left to right, by longest path from the person) and row of each node. */
  readonly layout: Readonly<Record<string, { readonly column: number; readonly row: number }>>;
  /** The scenario's own positions, where it gives them. */
  readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
  /** Nodes added while running (issue 7), by name: what each one is. */
  readonly grown: Readonly<Record<string, 'subscriber' | 'projection'>>;
}

/** Subscribers and read models added to the run while it went (the snapshot lists them). */
export interface GrownParts {
  readonly subscribers: readonly SubscriberSpec[];
  readonly projections: readonly ProjectionSpec[];
}

const noGrowth: GrownParts = { subscribers: [], projections: [] };

/**
 * Who sends what to whom, from the scenario's `emits` and the services' `handles`, plus what was
 * added while running: a grown subscriber or read model hears its types from every producer of
 * them, and a reacting subscriber is a producer of the event it publishes.
 */
export function topologyOf(scenario: Scenario, grown: GrownParts = noGrowth): Topology {
  const consumers: { name: string; handles: readonly string[] }[] = [
    ...scenario.services,
    ...grown.subscribers.map((s) => ({ name: s.name, handles: s.types })),
    ...grown.projections.map((p) => ({ name: p.name, handles: p.types })),
  ];
  const emits: Record<string, readonly string[]> = { ...scenario.emits };
  for (const s of grown.subscribers) {
    if (s.behaviour.kind === 'react') emits[s.name] = [s.behaviour.publish];
  }
  const nodes = [PERSON, ...consumers.map((s) => s.name)];
  const byPair = new Map<string, { source: string; target: string; types: string[] }>();
  for (const [source, types] of Object.entries(emits)) {
    for (const type of types) {
      for (const service of consumers) {
        if (!service.handles.includes(type)) continue;
        const id = `${source}->${service.name}`;
        const edge = byPair.get(id) ?? { source, target: service.name, types: [] };
        edge.types.push(type);
        byPair.set(id, edge);
      }
    }
  }
  const edges = [...byPair.entries()].map(([id, e]) => ({
    id,
    ...e,
    kind: kindOf(scenario.catalog, e.types),
  }));
  const kinds: Record<string, 'subscriber' | 'projection'> = {};
  for (const s of grown.subscribers) kinds[s.name] = 'subscriber';
  for (const p of grown.projections) kinds[p.name] = 'projection';
  return {
    nodes,
    edges,
    layout: layered(nodes, edges),
    positions: withGrownPositions(scenario.layout ?? {}, Object.keys(kinds)),
    grown: kinds,
  };
}

/**
 * Where grown nodes go when the person did not drop them somewhere: in a row under the scenario's
 * own picture (a layered layout would put them on top of its hand-placed nodes).
 */
function withGrownPositions(given: Topology['positions'], grown: readonly string[]): Topology['positions'] {
  const placed = Object.values(given);
  if (placed.length === 0 || grown.length === 0) return given;
  const left = Math.min(...placed.map((p) => p.x));
  const bottom = Math.max(...placed.map((p) => p.y));
  const positions = { ...given };
  grown.forEach((name, i) => {
    positions[name] ??= { x: left + 300 * i, y: bottom + 220 };
  });
  return positions;
}

function kindOf(catalog: Catalog, types: readonly string[]): MessageKind | 'mixed' {
  const kinds = new Set(types.map((t) => catalog[t]?.kind ?? 'event'));
  return kinds.size === 1 ? ([...kinds][0] as MessageKind) : 'mixed';
}

/** Longest-path layering from the person, ignoring edges that go back (compensations, replies). */
function layered(nodes: readonly string[], edges: readonly TopologyEdge[]): Topology['layout'] {
  const column = new Map<string, number>([[PERSON, 0]]);
  const visiting = new Set<string>();
  const visit = (node: string, depth: number) => {
    if (visiting.has(node) || (column.get(node) ?? -1) > depth) return;
    if (node !== PERSON || depth === 0) column.set(node, Math.max(depth, column.get(node) ?? 0));
    visiting.add(node);
    for (const e of edges) if (e.source === node) visit(e.target, depth + 1);
    visiting.delete(node);
  };
  visit(PERSON, 0);
  const rows = new Map<number, number>();
  const layout: Record<string, { column: number; row: number }> = {};
  for (const node of nodes) {
    const c = column.get(node) ?? 1;
    const row = rows.get(c) ?? 0;
    rows.set(c, row + 1);
    layout[node] = { column: c, row };
  }
  return layout;
}

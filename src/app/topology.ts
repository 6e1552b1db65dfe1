import type { Catalog } from '../engine/catalog';
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
}

/** Who sends what to whom, from the scenario's `emits` and the services' `handles`. */
export function topologyOf(scenario: Scenario): Topology {
  const nodes = [PERSON, ...scenario.services.map((s) => s.name)];
  const byPair = new Map<string, { source: string; target: string; types: string[] }>();
  for (const [source, types] of Object.entries(scenario.emits)) {
    for (const type of types) {
      for (const service of scenario.services) {
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
  return { nodes, edges, layout: layered(nodes, edges), positions: scenario.layout ?? {} };
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

import type { Message } from '../engine/message';
import { type MessageReader, type ProjectionDefinition, ProjectionRuntime } from '../engine/projection';
import { plainOf } from '../engine/table';
import { upcast } from '../engine/upcasting';
import type { Scenario, TransactionView } from '../scenarios/scenario';

/** One side of a comparison: a branch and its whole log. */
export interface BranchSide {
  readonly id: string;
  readonly name: string;
  readonly log: readonly Message[];
}

/** How one order ends on each side (`null`: the order does not exist there). */
export interface OrderDifference {
  readonly id: string;
  readonly left: TransactionView['status'] | null;
  readonly right: TransactionView['status'] | null;
}

/** A read model's differing fields (top-level keys), each side as short text. */
export interface ReadModelDifference {
  readonly name: string;
  readonly fields: readonly { readonly key: string; readonly left: string; readonly right: string }[];
}

export interface BranchDiff {
  readonly left: { readonly id: string; readonly name: string; readonly length: number };
  readonly right: { readonly id: string; readonly name: string; readonly length: number };
  /** The last position both read from the same stored events (the fork, or a common ancestor's). */
  readonly forkPosition: number;
  /** The first position whose message differs (or exists on one side only); null if the logs are equal. */
  readonly partsAt: number | null;
  /** The two messages at `partsAt`, as "Type subject at 1,200 ms" (null where that side has none). */
  readonly parting: { readonly left: string | null; readonly right: string | null } | null;
  /** Orders whose final saga status differs, in order of first appearance. */
  readonly orders: readonly OrderDifference[];
  /** Orders that end the same on both sides. */
  readonly sameOrders: number;
  /** Read models (each a fresh fold of its side's whole log) whose state differs. */
  readonly readModels: readonly ReadModelDifference[];
}

/**
 * Compares two branches of a run from their logs alone: where the logs part, how each order's saga
 * ends, and how each read model differs. Read models are folded fresh from each log (a caught-up
 * read model equals a fresh fold, DESIGN.md), so a lagging one does not show as a difference.
 * Pure and whole-log: call it off the render path.
 */
export function diffBranches(
  scenario: Pick<Scenario, 'projections' | 'insight' | 'catalog'>,
  left: BranchSide,
  right: BranchSide,
  forkPosition: number,
): BranchDiff {
  const partsAt = firstDifference(left.log, right.log, forkPosition);
  const at = (log: readonly Message[]) => {
    const m = partsAt === null ? undefined : log[partsAt - 1];
    return m ? `${m.type} ${m.subject} at ${m.time.toLocaleString('en-US')} ms` : null;
  };
  return {
    left: { id: left.id, name: left.name, length: left.log.length },
    right: { id: right.id, name: right.name, length: right.log.length },
    forkPosition: Math.min(forkPosition, left.log.length, right.log.length),
    partsAt,
    parting: partsAt === null ? null : { left: at(left.log), right: at(right.log) },
    ...compareOrders(scenario, left.log, right.log),
    readModels: compareReadModels(scenario, left.log, right.log),
  };
}

/** The first position after `from` where the logs hold different messages, or null if none. */
export function firstDifference(a: readonly Message[], b: readonly Message[], from = 0): number | null {
  const longest = Math.max(a.length, b.length);
  for (let i = Math.max(0, Math.min(from, a.length, b.length)); i < longest; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || !sameMessage(x, y)) return i + 1;
  }
  return null;
}

/** Ids are deterministic, so two branches can give different messages the same id: compare content. */
function sameMessage(x: Message, y: Message): boolean {
  return (
    x.id === y.id &&
    x.type === y.type &&
    x.subject === y.subject &&
    x.time === y.time &&
    x.causationId === y.causationId &&
    JSON.stringify(x.data) === JSON.stringify(y.data)
  );
}

function compareOrders(
  scenario: Pick<Scenario, 'insight'>,
  a: readonly Message[],
  b: readonly Message[],
): { orders: OrderDifference[]; sameOrders: number } {
  const insight = scenario.insight;
  if (!insight) return { orders: [], sameOrders: 0 };
  const left = new Map(insight.transactions(a).map((t) => [t.id, t.status]));
  const right = new Map(insight.transactions(b).map((t) => [t.id, t.status]));
  const orders: OrderDifference[] = [];
  let sameOrders = 0;
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(id) ?? null;
    const r = right.get(id) ?? null;
    if (l === r) sameOrders++;
    else orders.push({ id, left: l, right: r });
  }
  return { orders, sameOrders };
}

// biome-ignore lint/suspicious/noExplicitAny: read models of many state types
type Projections = readonly ProjectionDefinition<any>[];

function compareReadModels(
  scenario: Pick<Scenario, 'projections' | 'catalog'>,
  a: readonly Message[],
  b: readonly Message[],
) {
  // Today's code reads old events through every upcaster (a v1 OrderPlaced folds as v2).
  const read = (m: Message) => upcast(scenario.catalog, m);
  const left = foldReadModels(scenario.projections, a, read);
  const right = foldReadModels(scenario.projections, b, read);
  const differences: ReadModelDifference[] = [];
  for (const { name } of scenario.projections) {
    const fields = compareValues(left.get(name), right.get(name));
    if (fields.length > 0) differences.push({ name, fields });
  }
  return differences;
}

/** Every read model folded from scratch over `log`, with the engine's own rules for what it hears. */
export function foldReadModels(
  projections: Projections,
  log: readonly Message[],
  read?: MessageReader,
): Map<string, unknown> {
  const states = new Map<string, unknown>();
  for (const definition of projections) {
    const runtime = new ProjectionRuntime(definition, 0, read);
    for (const m of log) runtime.apply(m);
    states.set(definition.name, runtime.state);
  }
  return states;
}

const MAX_TEXT = 120;

/** Differing top-level fields of two states (or the whole value when they are not both records). */
function compareValues(tableA: unknown, tableB: unknown): ReadModelDifference['fields'] {
  const a = plainOf(tableA);
  const b = plainOf(tableB);
  if (isRecord(a) && isRecord(b)) {
    const fields: { key: string; left: string; right: string }[] = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const left = text(a[key]);
      const right = text(b[key]);
      if (left !== right) fields.push({ key, left: short(left), right: short(right) });
    }
    return fields;
  }
  const left = text(a);
  const right = text(b);
  return left === right ? [] : [{ key: '(state)', left: short(left), right: short(right) }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === undefined) return '—';
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v)) ?? '—';
}

function short(value: string): string {
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
}

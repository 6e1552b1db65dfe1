import { foldGrowingLog } from '../../engine/growingFold';
import { canonicalJson } from '../../engine/hash';
import type { Message } from '../../engine/message';
import type { ProjectionDefinition } from '../../engine/projection';
import { foldService } from '../../engine/service';
import type { SimulationSnapshot } from '../../engine/simulation';
import { readCurrent } from './catalog';
import { type OrderFacts, orderFacts } from './facts';
import { inventoryService } from './services/inventory';
import type { OrderSagaSettings } from './settings';

/** DESIGN.md's invariants, by the name the UI and the CLI show. */
export const INVARIANTS = {
  everyOrderFinished: 'once all services are up and queues drained, every order is Confirmed or Cancelled',
  confirmedIsComplete: 'Confirmed ⇒ stock reserved, payment captured exactly once, shipment scheduled',
  cancelledIsSettled: 'Cancelled ⇒ net charge 0 and net reserved stock 0',
  stockConserved: 'stock is never negative, and initial = available + reserved + shipped',
  noDoubleCharge: 'no order is charged twice (idempotent consumers on, under any duplicate delivery)',
  readModelsMatchLog: 'a caught-up read model equals a fresh fold of the log',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export interface Violation {
  readonly invariant: InvariantName;
  /** The order (or SKU, or read model) it is about. */
  readonly subject: string;
  readonly message: string;
  /** Log positions of the messages that prove it. */
  readonly positions: readonly number[];
}

export interface ReadModelView {
  readonly definition: ProjectionDefinition<unknown>;
  readonly state: unknown;
  /** Messages in the log it has not folded yet. */
  readonly behind: number;
}

export interface InvariantInput {
  readonly log: readonly Message[];
  readonly settings: OrderSagaSettings;
  /**
   * All services up, every queue drained, nothing scheduled. The "eventually" invariants (every order
   * finished, Confirmed / Cancelled settle) only mean something then; the others hold at every moment.
   */
  readonly atRest: boolean;
  readonly readModels?: readonly ReadModelView[];
}

export interface InvariantReport {
  readonly invariants: Readonly<Record<InvariantName, 'ok' | 'violated'>>;
  readonly violations: readonly Violation[];
}

/** All services up, every queue drained, nothing scheduled: when the "eventually" invariants apply. */
export function isAtRest(snapshot: SimulationSnapshot): boolean {
  return (
    snapshot.pendingTasks === 0 &&
    snapshot.services.every((s) => s.up && !s.busy && s.inbox === 0 && s.inFlight === 0 && !s.catchingUp)
  );
}

/** Checks every invariant against the log (a pure function: the UI can run it on any snapshot). */
export function checkInvariants(input: InvariantInput): InvariantReport {
  const facts = orderFacts(input.log);
  const violations: Violation[] = [];
  for (const f of facts.values()) {
    violations.push(...doubleCharge(f));
    if (input.atRest) violations.push(...unfinished(f), ...incomplete(f), ...unsettled(f));
  }
  violations.push(...stock(input.log, input.settings));
  for (const view of input.readModels ?? []) {
    if (view.behind > 0) continue; // a stale read model is allowed to differ: that is its lag
    const fresh = foldGrowingLog(view.definition, input.log, readCurrent);
    if (canonicalJson(view.state) !== canonicalJson(fresh)) {
      violations.push({
        invariant: 'readModelsMatchLog',
        subject: view.definition.name,
        message: `read model "${view.definition.name}" is caught up but differs from a fresh fold of the log`,
        positions: [],
      });
    }
  }
  const invariants = Object.fromEntries(
    Object.keys(INVARIANTS).map((name) => [
      name,
      violations.some((v) => v.invariant === name) ? 'violated' : 'ok',
    ]),
  ) as Record<InvariantName, 'ok' | 'violated'>;
  return { invariants, violations };
}

function doubleCharge(f: OrderFacts): Violation[] {
  if (f.charges.length < 2) return [];
  return [
    {
      invariant: 'noDoubleCharge',
      subject: f.order.orderId,
      message: `${f.order.orderId} charged ${times(f.charges.length)}: PaymentCompleted at ${at(f.charges)}`,
      positions: f.charges,
    },
  ];
}

function unfinished(f: OrderFacts): Violation[] {
  if (f.status !== 'placed') return [];
  const lost = f.lost.map(
    (l) => `${l.service} committed ${l.type} locally at #${l.record} but never published it`,
  );
  const why = lost.length > 0 ? `; ${lost.join('; ')} (outbox off)` : '';
  return [
    {
      invariant: 'everyOrderFinished',
      subject: f.order.orderId,
      message:
        `${f.order.orderId} (${f.order.style}) is stuck: the last thing published was ` +
        `${f.last.type} at #${f.last.position}${why}`,
      positions: [f.placed.position, f.last.position, ...f.lost.map((l) => l.record)],
    },
  ];
}

function incomplete(f: OrderFacts): Violation[] {
  if (f.status !== 'confirmed') return [];
  const problems: string[] = [];
  if (f.reservedUnits !== f.order.quantity)
    problems.push(`${f.reservedUnits} units held, not ${f.order.quantity}`);
  if (f.charges.length !== 1) problems.push(`charged ${times(f.charges.length)}`);
  if (f.netCharged !== f.order.amount) problems.push(`net charge ${f.netCharged}, not ${f.order.amount}`);
  if (f.shipments.length === 0) problems.push('no shipment scheduled');
  if (problems.length === 0) return [];
  const finished = f.finished?.position ?? f.last.position;
  return [
    {
      invariant: 'confirmedIsComplete',
      subject: f.order.orderId,
      message: `${f.order.orderId} is Confirmed (#${finished}) but ${problems.join(', ')}`,
      positions: [finished, ...f.stock, ...f.charges, ...f.refunds, ...f.shipments].sort((a, b) => a - b),
    },
  ];
}

function unsettled(f: OrderFacts): Violation[] {
  if (f.status !== 'cancelled' || (f.netCharged === 0 && f.reservedUnits === 0)) return [];
  const finished = f.finished?.position ?? f.last.position;
  return [
    {
      invariant: 'cancelledIsSettled',
      subject: f.order.orderId,
      message:
        `${f.order.orderId} is Cancelled (#${finished}) but still has net charge ${f.netCharged} ` +
        `and ${f.reservedUnits} units held`,
      positions: [finished, ...f.stock, ...f.charges, ...f.refunds].sort((a, b) => a - b),
    },
  ];
}

/** Inventory's own books, folded from its events, against the stock it started with. */
function stock(log: readonly Message[], settings: OrderSagaSettings): Violation[] {
  const state = foldService(inventoryService(settings), log, readCurrent);
  const out: Violation[] = [];
  for (const [sku, initial] of Object.entries(settings.initialStock)) {
    const line = state.skus[sku];
    if (!line) continue;
    let held = 0;
    let negative = false;
    for (const n of line.held.values()) {
      held += n;
      if (n < 0) negative = true;
    }
    if (line.available >= 0 && line.available + held === initial && !negative) continue;
    const positions = log
      .filter((m) => m.subject === `inventory-${sku}` && m.type !== 'InventoryOutOfStock')
      .map((m) => m.position);
    out.push({
      invariant: 'stockConserved',
      subject: sku,
      message: `${sku}: ${line.available} available + ${held} held ≠ ${initial} initial, or below zero`,
      positions: positions.slice(-5),
    });
  }
  return out;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

function at(positions: readonly number[]): string {
  return positions.map((p) => `#${p}`).join(' and ');
}

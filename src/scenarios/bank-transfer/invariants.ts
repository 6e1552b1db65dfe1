import { foldGrowingLog } from '../../engine/growingFold';
import { canonicalJson } from '../../engine/hash';
import type { Message } from '../../engine/message';
import type { ProjectionDefinition } from '../../engine/projection';
import type { SimulationSnapshot } from '../../engine/simulation';
import { type Ledger, ledger, outcomeOf } from './ledger';
import { type BankSettings, openingTotal } from './settings';

/** The bank's invariants, by the name the UI and the tests show. */
export const INVARIANTS = {
  moneyConserved: 'money is conserved: balances + money in flight = opening total + deposits − withdrawals',
  noLostUpdate: 'every balance follows from the one before it (no update lost to a stale read)',
  noNegativeBalance: 'no account balance is ever negative',
  appliedOnce: 'every request takes effect at most once',
  transfersSettled: 'at rest, no money is in flight and every request has an outcome',
  readModelsMatchLog: 'a caught-up read model equals a fresh fold of the log',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export interface Violation {
  readonly invariant: InvariantName;
  readonly message: string;
  /** Log positions of the messages that prove it. */
  readonly positions: readonly number[];
}

export interface InvariantInput {
  readonly log: readonly Message[];
  readonly settings: BankSettings;
  /** All services up, queues drained, nothing scheduled: when `transfersSettled` applies. */
  readonly atRest: boolean;
  readonly readModels?: readonly {
    readonly definition: ProjectionDefinition<unknown>;
    readonly state: unknown;
    readonly behind: number;
  }[];
}

export interface InvariantReport {
  readonly invariants: Readonly<Record<InvariantName, 'ok' | 'violated'>>;
  readonly violations: readonly Violation[];
  readonly ledger: Ledger;
}

/** All services up, every queue drained, nothing scheduled. */
export function isAtRest(snapshot: SimulationSnapshot): boolean {
  return (
    snapshot.pendingTasks === 0 &&
    snapshot.services.every((s) => s.up && !s.busy && s.inbox === 0 && s.inFlight === 0 && !s.catchingUp)
  );
}

/** Checks every invariant against the log: a pure function, for any snapshot of any run. */
export function checkInvariants(input: InvariantInput): InvariantReport {
  const l = ledger(input.log, input.settings);
  const violations: Violation[] = [...conservation(l, input.settings), ...lost(l), ...negative(l)];
  for (const facts of l.requests.values()) {
    const outcome = outcomeOf(facts);
    if (outcome.applied > 1) {
      violations.push({
        invariant: 'appliedOnce',
        message: `${facts.kind} ${facts.id} took effect ${outcome.applied} times`,
        positions: facts.events.map((e) => e.position),
      });
    }
    if (input.atRest && outcome.inFlight) {
      violations.push({
        invariant: 'transfersSettled',
        message: `transfer ${facts.id} left its account but never arrived: ${facts.amount} still in flight`,
        positions: facts.events.map((e) => e.position),
      });
    } else if (input.atRest && outcome.applied === 0 && !outcome.rejected) {
      violations.push({
        invariant: 'transfersSettled',
        message: `${facts.kind} ${facts.id} was never carried out nor rejected`,
        positions: [facts.requestedAt],
      });
    }
  }
  for (const view of input.readModels ?? []) {
    if (view.behind > 0) continue; // a stale read model may differ: that is its lag
    if (canonicalJson(view.state) !== canonicalJson(foldGrowingLog(view.definition, input.log))) {
      violations.push({
        invariant: 'readModelsMatchLog',
        message: `read model "${view.definition.name}" is caught up but differs from a fresh fold of the log`,
        positions: [],
      });
    }
  }
  const invariants = Object.fromEntries(
    (Object.keys(INVARIANTS) as InvariantName[]).map((name) => [
      name,
      violations.some((v) => v.invariant === name) ? 'violated' : 'ok',
    ]),
  ) as Record<InvariantName, 'ok' | 'violated'>;
  return { invariants, violations, ledger: l };
}

function conservation(l: Ledger, settings: BankSettings): Violation[] {
  const held = Object.values(l.balances).reduce((a, b) => a + b, 0);
  const expected = openingTotal(settings) + l.deposited - l.withdrawn;
  if (held + l.inFlight === expected) return [];
  const diff = held + l.inFlight - expected;
  return [
    {
      invariant: 'moneyConserved',
      message:
        `the accounts hold ${held} and ${l.inFlight} is in flight, but ${expected} should be there ` +
        `(${diff > 0 ? `${diff} appeared from nowhere` : `${-diff} vanished`})`,
      positions: l.lostUpdates.map((u) => u.position),
    },
  ];
}

function lost(l: Ledger): Violation[] {
  return l.lostUpdates.map((u) => ({
    invariant: 'noLostUpdate' as const,
    message:
      `${u.account} held ${u.before}, but the event at #${u.position} was decided on a stale read of ` +
      `${u.assumed}: ${Math.abs(u.before - u.assumed)} lost`,
    positions: [u.position],
  }));
}

function negative(l: Ledger): Violation[] {
  return Object.entries(l.balances)
    .filter(([, balance]) => balance < 0)
    .map(([account, balance]) => ({
      invariant: 'noNegativeBalance' as const,
      message: `${account} is at ${balance}`,
      positions: l.lastPosition[account] === undefined ? [] : [l.lastPosition[account] as number],
    }));
}

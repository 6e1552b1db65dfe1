import type { Message } from '../../engine/message';
import type { ProjectionDefinition } from '../../engine/projection';
import type { SimulationSnapshot } from '../../engine/simulation';
import type { CheckView, ScenarioInsight, TransactionView } from '../scenario';
import { checkInvariants, INVARIANTS, type InvariantName, isAtRest } from './invariants';
import { ledger, outcomeOf, type RequestFacts } from './ledger';
import type { BankEvent } from './messages';
import type { BankSettings } from './settings';

const NOUN: Readonly<Record<RequestFacts['kind'], string>> = {
  deposit: 'deposit',
  withdrawal: 'withdrawal',
  transfer: 'transfer',
};

/** One step's label: what happened to which account, and the balance it left. */
function label(message: Message): string {
  const e = message as unknown as BankEvent;
  const { account, amount, balance } = e.data;
  switch (e.type) {
    case 'MoneyDeposited':
      return `${amount} deposited into ${account} → ${balance}`;
    case 'MoneyWithdrawn':
      return `${amount} withdrawn from ${account} → ${balance}`;
    case 'WithdrawalRejected':
    case 'TransferRejected':
      return `rejected: ${e.data.reason} (${account} holds ${balance})`;
    case 'TransferDebited':
      return `${amount} left ${account} → ${balance} (money in flight)`;
    case 'TransferCredited':
      return `${amount} arrived in ${account} → ${balance}`;
    default:
      return message.type;
  }
}

/** Each request as a business transaction: in flight while debited and not credited. */
export function transactions(log: readonly Message[], settings: BankSettings): TransactionView[] {
  const l = ledger(log, settings);
  const lostAt = new Map(l.lostUpdates.map((u) => [u.position, u]));
  return [...l.requests.values()].map((facts) => {
    const outcome = outcomeOf(facts);
    const status: TransactionView['status'] = outcome.rejected
      ? 'Cancelled'
      : outcome.inFlight || outcome.applied === 0
        ? 'Running'
        : 'Confirmed';
    const problems = facts.events.flatMap((e) => {
      const u = lostAt.get(e.position);
      return u
        ? [`lost update: decided on a stale read of ${u.account} (${u.assumed}, it held ${u.before})`]
        : [];
    });
    if (outcome.applied > 1) problems.push(`took effect ${outcome.applied} times`);
    return {
      id: facts.id,
      status,
      steps: [
        { label: `${NOUN[facts.kind]} of ${facts.amount} requested`, position: facts.requestedAt },
        ...facts.events.map((e) => ({ label: label(e), position: e.position })),
      ],
      ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
    };
  });
}

/** The bank's invariants, checked on the log now; `transfersSettled` only at rest. */
export function checks(
  log: readonly Message[],
  snapshot: SimulationSnapshot,
  settings: BankSettings,
  projections: readonly ProjectionDefinition<unknown>[],
): CheckView[] {
  const readModels = snapshot.projections.flatMap((p) => {
    const definition = projections.find((d) => d.name === p.name);
    return definition ? [{ definition, state: p.state, behind: p.behind }] : [];
  });
  const report = checkInvariants({ log, settings, atRest: isAtRest(snapshot), readModels });
  return (Object.keys(INVARIANTS) as InvariantName[]).map((name) => ({
    name,
    label: INVARIANTS[name],
    status: report.invariants[name],
    violations: report.violations
      .filter((v) => v.invariant === name)
      .map((v) => ({ message: v.message, positions: v.positions })),
  }));
}

/** The bank's figures: money moved, money in flight now, rejections and lost updates. */
export function bankMetrics(log: readonly Message[], settings: BankSettings): Record<string, number> {
  const l = ledger(log, settings);
  const all = [...l.requests.values()];
  const outcomes = all.map(outcomeOf);
  return {
    requests: all.length,
    deposited: l.deposited,
    withdrawn: l.withdrawn,
    transfers: all.filter((r) => r.kind === 'transfer').length,
    moneyInFlight: l.inFlight,
    rejected: outcomes.filter((o) => o.rejected).length,
    lostUpdates: l.lostUpdates.length,
  };
}

/** The bank's insight, bound to its settings and read models. */
export function bankInsight(
  settings: BankSettings,
  projections: readonly ProjectionDefinition<unknown>[],
): ScenarioInsight {
  return {
    transactions: (log) => transactions(log, settings),
    checks: (log, snapshot) => checks(log, snapshot, settings, projections),
    metrics: (log) => ({ bank: bankMetrics(log, settings) }),
  };
}

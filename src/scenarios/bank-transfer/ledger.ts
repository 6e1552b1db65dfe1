import type { Message } from '../../engine/message';
import { type BankEvent, type BankMessage, delta, isAccountEvent, isRejection, read } from './messages';
import type { BankSettings } from './settings';

/** One request a person made (or the clearing's credit), and what became of it, with positions. */
export interface RequestFacts {
  readonly id: string;
  readonly kind: 'deposit' | 'withdrawal' | 'transfer';
  readonly amount: number;
  readonly requestedAt: number;
  /** Account events this request caused, in log order. */
  readonly events: Message[];
}

/** An account event whose balance does not follow from the one before it: decided on a stale read. */
export interface LostUpdate {
  readonly account: string;
  readonly position: number;
  /** What the account held just before this event was written. */
  readonly before: number;
  /** What the event's decision assumed it held (its balance minus its own change). */
  readonly assumed: number;
}

/** Everything the checks and panels need, folded from the log alone. */
export interface Ledger {
  /** The balance each account's stream ends on (its last event's), from the opening balances. */
  readonly balances: Readonly<Record<string, number>>;
  readonly deposited: number;
  readonly withdrawn: number;
  /** Debited and not (yet) credited. */
  readonly inFlight: number;
  readonly requests: ReadonlyMap<string, RequestFacts>;
  readonly lostUpdates: readonly LostUpdate[];
  /** Positions of each account's events, for pointing at a violation. */
  readonly lastPosition: Readonly<Record<string, number>>;
}

/** Folds the log into a ledger: a pure function, usable on any prefix of any run. */
export function ledger(log: readonly Message[], settings: BankSettings): Ledger {
  const balances: Record<string, number> = { ...settings.openingBalances };
  const lastPosition: Record<string, number> = {};
  const requests = new Map<string, RequestFacts>();
  const lostUpdates: LostUpdate[] = [];
  let deposited = 0;
  let withdrawn = 0;
  let inFlight = 0;
  for (const message of log) {
    const m = read(message);
    const opened = opening(m, message.position);
    if (opened) requests.set(opened.id, opened);
    if (!isAccountEvent(message)) continue;
    const e = m as BankEvent;
    const { account, balance } = e.data;
    if (!isRejection(e)) {
      const before = balances[account] ?? 0;
      const assumed = balance - delta(e);
      if (assumed !== before) lostUpdates.push({ account, position: message.position, before, assumed });
      balances[account] = balance;
      lastPosition[account] = message.position;
    }
    if (e.type === 'MoneyDeposited') deposited += e.data.amount;
    else if (e.type === 'MoneyWithdrawn') withdrawn += e.data.amount;
    else if (e.type === 'TransferDebited') inFlight += e.data.amount;
    else if (e.type === 'TransferCredited') inFlight -= e.data.amount;
    requests.get(requestIdOf(e))?.events.push(message);
  }
  return { balances, deposited, withdrawn, inFlight, requests, lostUpdates, lastPosition };
}

function opening(m: BankMessage, position: number): RequestFacts | null {
  switch (m.type) {
    case 'Deposit':
    case 'Withdraw':
      return {
        id: m.data.requestId,
        kind: m.type === 'Deposit' ? 'deposit' : 'withdrawal',
        amount: m.data.amount,
        requestedAt: position,
        events: [],
      };
    case 'TransferMoney':
      return {
        id: m.data.transferId,
        kind: 'transfer',
        amount: m.data.amount,
        requestedAt: position,
        events: [],
      };
    default:
      return null;
  }
}

export function requestIdOf(e: BankEvent): string {
  return 'requestId' in e.data ? e.data.requestId : e.data.transferId;
}

/** What a request's events say of it: applied (and how often), rejected, or still in flight. */
export function outcomeOf(facts: RequestFacts): {
  readonly applied: number;
  readonly rejected: boolean;
  readonly inFlight: boolean;
} {
  const types = facts.events.map((e) => e.type);
  const count = (t: string) => types.filter((x) => x === t).length;
  if (facts.kind === 'transfer') {
    const debited = count('TransferDebited');
    const credited = count('TransferCredited');
    return { applied: debited, rejected: count('TransferRejected') > 0, inFlight: debited > credited };
  }
  const applied = count(facts.kind === 'deposit' ? 'MoneyDeposited' : 'MoneyWithdrawn');
  return { applied, rejected: count('WithdrawalRejected') > 0, inFlight: false };
}

import type { Message } from '../../engine/message';
import type { ServiceView } from '../../engine/simulation';
import {
  ACCOUNTS,
  checkInvariants,
  defaultSettings,
  type InvariantName,
  type Ledger,
} from '../../scenarios/bank-transfer';
import { openingTotal } from '../../scenarios/bank-transfer/settings';
import type { UserAction } from '../actions';
import type { TourView } from './types';

/** What the bank-transfer tours read from a view; the whole-log pass is made once per log. */

interface BankFacts {
  readonly ledger: Ledger;
  readonly invariants: Readonly<Record<InvariantName, 'ok' | 'violated'>>;
}

const factsByLog = new WeakMap<readonly Message[], BankFacts>();

/** The ledger and the invariants (those that hold at any moment) of the log as shown. */
export function bank(view: TourView): BankFacts {
  let facts = factsByLog.get(view.log);
  if (!facts) {
    const report = checkInvariants({ log: view.log, settings: defaultSettings, atRest: false });
    facts = { ledger: report.ledger, invariants: report.invariants };
    factsByLog.set(view.log, facts);
  }
  return facts;
}

export function accounts(view: TourView): ServiceView | undefined {
  return view.snapshot.sim.services.find((s) => s.name === ACCOUNTS);
}

/** The money the bank should hold (opening + deposits − withdrawals) and what it holds (+ in flight). */
export function money(view: TourView): { readonly expected: number; readonly actual: number } {
  const { ledger } = bank(view);
  const held = Object.values(ledger.balances).reduce((a, b) => a + b, 0);
  return {
    expected: openingTotal(defaultSettings) + ledger.deposited - ledger.withdrawn,
    actual: held + ledger.inFlight,
  };
}

/** The requests of conflict number `n` (`concurrentDepositAndWithdrawal`): did both take effect? */
export function conflictSettled(view: TourView, n: number): boolean {
  const { requests } = bank(view).ledger;
  return [`dep-${n}`, `wd-${n}`].every((id) => (requests.get(id)?.events.length ?? 0) > 0);
}

/** The conflict on demand: a deposit and a withdrawal on one account, sent at one moment. */
export const makeConflict: UserAction = { type: 'order.placed', options: { conflict: true } };

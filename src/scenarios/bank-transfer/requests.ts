import type { Dispatch } from '../../engine/simulation';
import type { SampleOptions } from '../scenario';
import { CHANNELS, CUSTOMERS } from './settings';

/** A person's requests, each on the stream of the channel it comes in through (settings.ts). */

export function deposit(n: number, account: string, amount: number): Dispatch {
  const requestId = `dep-${n}`;
  return {
    type: 'Deposit',
    subject: CHANNELS.branch,
    correlationId: requestId,
    data: { requestId, account, amount },
  };
}

export function withdraw(n: number, account: string, amount: number): Dispatch {
  const requestId = `wd-${n}`;
  return {
    type: 'Withdraw',
    subject: CHANNELS.atm,
    correlationId: requestId,
    data: { requestId, account, amount },
  };
}

export function transfer(n: number, from: string, to: string, amount: number): Dispatch {
  const transferId = `tx-${n}`;
  return {
    type: 'TransferMoney',
    subject: CHANNELS.online,
    correlationId: transferId,
    data: { transferId, from, to, amount },
  };
}

/**
 * The conflict on demand: a deposit at the branch and a withdrawal at the ATM on one account,
 * dispatched at the same moment. They go to different Accounts instances, both read the same
 * balance, and the second write is either rejected by the version check and retried (on) or
 * overwrites the first (off: the first update is lost).
 */
export function concurrentDepositAndWithdrawal(
  n: number,
  account = 'alice-checking',
  amounts: { readonly deposit: number; readonly withdraw: number } = { deposit: 50, withdraw: 30 },
): readonly [Dispatch, Dispatch] {
  return [deposit(n, account, amounts.deposit), withdraw(n, account, amounts.withdraw)];
}

/**
 * What the playground's controls send for request `n`: the conflict (both racing requests), one
 * request of the kind chosen, or the next of the sample sequence.
 */
export function playgroundRequest(n: number, options: SampleOptions = {}): Dispatch | readonly Dispatch[] {
  return options.conflict ? concurrentDepositAndWithdrawal(n) : sampleRequest(n, options);
}

/**
 * A request of the kind the person chose (`SampleOptions.kind`), the customers taking turns: a
 * deposit into checking, a withdrawal from it, a transfer from savings to checking (savings hold
 * enough for many). Undefined for the sample sequence or a forced failure.
 */
function chosenRequest(n: number, options: SampleOptions): Dispatch | undefined {
  if (options.fail) return undefined;
  const customer = CUSTOMERS[Math.max(0, n - 1) % CUSTOMERS.length] as string;
  const scale = Math.max(1, Math.floor(options.quantity ?? 1));
  switch (options.kind) {
    case 'deposit':
      return deposit(n, `${customer}-checking`, 50 * scale);
    case 'withdrawal':
      return withdraw(n, `${customer}-checking`, 30 * scale);
    case 'transfer':
      return transfer(n, `${customer}-savings`, `${customer}-checking`, 40 * scale);
    default:
      return undefined;
  }
}

/**
 * Request number `n` (1-based, as the playground counts) of the sample sequence, four per customer
 * in turn: a deposit into checking, a withdrawal from the same checking account (sent within
 * `accountsProcessingTime` of the deposit, the two race: the conflict), a transfer to savings, and
 * a transfer from savings to the next customer's checking. `quantity` scales the amount;
 * `fail: 'decline'` withdraws, `fail: 'outOfStock'` transfers, far more than the account holds.
 */
export function sampleRequest(n: number, options: SampleOptions = {}): Dispatch {
  const k = Math.max(0, n - 1);
  const chosen = chosenRequest(n, options);
  if (chosen) return chosen;
  const i = Math.floor(k / 4) % CUSTOMERS.length;
  const customer = CUSTOMERS[i] as string;
  const next = CUSTOMERS[(i + 1) % CUSTOMERS.length] as string;
  const scale = Math.max(1, Math.floor(options.quantity ?? 1));
  if (options.fail === 'decline') return withdraw(n, `${customer}-checking`, 10_000);
  if (options.fail === 'outOfStock') return transfer(n, `${customer}-savings`, `${next}-savings`, 10_000);
  switch (k % 4) {
    case 0:
      return deposit(n, `${customer}-checking`, 50 * scale);
    case 1:
      return withdraw(n, `${customer}-checking`, 30 * scale);
    case 2:
      return transfer(n, `${customer}-checking`, `${customer}-savings`, 40 * scale);
    default:
      return transfer(n, `${customer}-savings`, `${next}-checking`, 25 * scale);
  }
}

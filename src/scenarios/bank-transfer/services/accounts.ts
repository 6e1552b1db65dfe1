import type { Message } from '../../../engine/message';
import type { Outgoing, ServiceDefinition } from '../../../engine/service';
import {
  type AccountRequest,
  assertNever,
  type BankEvent,
  type BankMessage,
  isRejection,
  read,
  type TransferRequest,
} from '../messages';
import { ACCOUNTS, accountStream, type BankSettings } from '../settings';

export interface AccountsState {
  /** Balance per account: changed in place by `evolve` (a number replaced); `copyState` copies it. */
  readonly balances: Record<string, number>;
  /** Debited by a transfer and not yet credited: in no account at all. */
  inFlight: number;
}

const handles = ['Deposit', 'Withdraw', 'TransferMoney', 'CreditAccount'] as const;
type Handled = Extract<BankMessage, { type: (typeof handles)[number] }>;

/**
 * The bank's accounts, event-sourced: one stream per account, each event carrying the balance it
 * leaves. Several instances serve the channels at once, and each reads an account when it starts a
 * request and writes `processingTime` later (`concurrency: 'optimistic'`): the append carries the
 * account stream's version as read, so a write that lost a race is rejected and decided again.
 * With the version check off, the stale balance is written: an update is lost.
 */
export function accountsService(settings: BankSettings): ServiceDefinition<AccountsState> {
  return {
    name: ACCOUNTS,
    handles,
    concurrency: 'optimistic',
    instances: settings.accountsInstances,
    processingTime: settings.accountsProcessingTime,
    initialState: () => ({ balances: { ...settings.openingBalances }, inFlight: 0 }),
    decide(state, message) {
      const m = read(message) as Handled;
      switch (m.type) {
        case 'Deposit':
          return [deposit(state, m.data, message)];
        case 'Withdraw':
          return [withdraw(state, m.data, message)];
        case 'TransferMoney':
          return [debit(state, m.data, message)];
        case 'CreditAccount':
          return [credit(state, m.data, message)];
        default:
          return assertNever(m);
      }
    },
    evolve(state, event) {
      const e = read(event) as BankEvent;
      if (!isRejection(e)) state.balances[e.data.account] = e.data.balance;
      if (e.type === 'TransferDebited') state.inFlight += e.data.amount;
      else if (e.type === 'TransferCredited') state.inFlight -= e.data.amount;
      return state;
    },
    copyState: (state) => ({ balances: { ...state.balances }, inFlight: state.inFlight }),
  };
}

function deposit(state: AccountsState, r: AccountRequest, message: Message): Outgoing {
  const balance = balanceOf(state, r.account, r.amount, message);
  return {
    type: 'MoneyDeposited',
    subject: accountStream(r.account),
    data: { ...r, balance: balance + r.amount },
  };
}

function withdraw(state: AccountsState, r: AccountRequest, message: Message): Outgoing {
  const balance = balanceOf(state, r.account, r.amount, message);
  const subject = accountStream(r.account);
  if (balance < r.amount) {
    return { type: 'WithdrawalRejected', subject, data: { ...r, balance, reason: 'insufficient funds' } };
  }
  return { type: 'MoneyWithdrawn', subject, data: { ...r, balance: balance - r.amount } };
}

function debit(state: AccountsState, t: TransferRequest, message: Message): Outgoing {
  const balance = balanceOf(state, t.from, t.amount, message);
  balanceOf(state, t.to, t.amount, message);
  const subject = accountStream(t.from);
  const reason = t.from === t.to ? 'same account' : balance < t.amount ? 'insufficient funds' : null;
  if (reason) return { type: 'TransferRejected', subject, data: { ...t, account: t.from, balance, reason } };
  return { type: 'TransferDebited', subject, data: { ...t, account: t.from, balance: balance - t.amount } };
}

function credit(state: AccountsState, t: TransferRequest, message: Message): Outgoing {
  const balance = balanceOf(state, t.to, t.amount, message);
  return {
    type: 'TransferCredited',
    subject: accountStream(t.to),
    data: { ...t, account: t.to, balance: balance + t.amount },
  };
}

/** The account's balance; a request for an unknown account or a non-positive amount is refused. */
function balanceOf(state: AccountsState, account: string, amount: number, message: Message): number {
  const balance = state.balances[account];
  if (balance === undefined) throw new Error(`${message.type} names no known account: "${account}".`);
  if (!(Number.isInteger(amount) && amount > 0)) {
    throw new Error(`${message.type} needs a whole positive amount, not ${amount}.`);
  }
  return balance;
}

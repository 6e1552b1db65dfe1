import type { ProjectionDefinition } from '../../engine/projection';
import { ACCOUNT_EVENTS, type BankEvent, isRejection, read, type TransferOutcome } from './messages';
import type { BankSettings } from './settings';

/** What the bank holds, as the account events tell it (a lagging read model, like any other). */
export interface BalancesView {
  /** Balance per account, changed in place (a number replaced); `copyState` copies it. */
  readonly accounts: Record<string, number>;
  /** Debited and not yet credited: the money that is in no account right now. */
  moneyInFlight: number;
  /** Money in all accounts together. */
  total: number;
}

/** Balances per account, their total, and the money in flight between accounts. */
export function balances(settings: BankSettings): ProjectionDefinition<BalancesView> {
  const opening = settings.openingBalances;
  return {
    name: 'balances',
    handles: ACCOUNT_EVENTS,
    initialState: () => ({
      accounts: { ...opening },
      moneyInFlight: 0,
      total: Object.values(opening).reduce((a, b) => a + b, 0),
    }),
    copyState: (state) => ({ ...state, accounts: { ...state.accounts } }),
    evolve(state, message) {
      const e = read(message) as BankEvent;
      if (isRejection(e)) return state;
      state.total += e.data.balance - (state.accounts[e.data.account] ?? 0);
      state.accounts[e.data.account] = e.data.balance;
      if (e.type === 'TransferDebited') state.moneyInFlight += e.data.amount;
      else if (e.type === 'TransferCredited') state.moneyInFlight -= e.data.amount;
      return state;
    },
  };
}

/** A transfer between its debit and its credit. */
export interface TransferInFlight {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  /** Virtual ms when the money left its account. */
  readonly since: number;
}
/** Changed in place (a row added or removed); `copyState` copies it. */
export type TransfersInFlightView = Record<string, TransferInFlight>;

/** Every transfer whose money has left one account and not yet reached the other. */
export const transfersInFlight: ProjectionDefinition<TransfersInFlightView> = {
  name: 'transfers in flight',
  handles: ['TransferDebited', 'TransferCredited'],
  initialState: () => ({}),
  copyState: (state) => ({ ...state }),
  evolve(state, message) {
    const { transferId, from, to, amount } = message.data as TransferOutcome;
    if (message.type === 'TransferDebited') state[transferId] = { from, to, amount, since: message.time };
    else delete state[transferId];
    return state;
  },
};

import { describe, expect, it } from 'vitest';
import { aMessage, given } from '../../../engine/testing';
import { defaultSettings } from '../settings';
import { accountsService } from './accounts';
import { transfersService } from './transfers';

const accounts = accountsService(defaultSettings);
const transfers = transfersService(defaultSettings);

const request = (type: string, data: object) =>
  aMessage({ type, kind: 'command', subject: 'channel-x', data });
const event = (type: string, subject: string, data: object) => aMessage({ type, subject, data });

describe('Accounts', () => {
  it('deposits, writing the balance it leaves on the account stream', () => {
    given(accounts)
      .when(request('Deposit', { requestId: 'dep-1', account: 'alice-checking', amount: 50 }))
      .thenSends([
        {
          type: 'MoneyDeposited',
          subject: 'account-alice-checking',
          data: { requestId: 'dep-1', account: 'alice-checking', amount: 50, balance: 150 },
        },
      ]);
  });

  it('withdraws from the balance its past events left', () => {
    given(accounts, [
      event('MoneyWithdrawn', 'account-bob-checking', { account: 'bob-checking', amount: 20, balance: 30 }),
    ])
      .when(request('Withdraw', { requestId: 'wd-2', account: 'bob-checking', amount: 30 }))
      .thenSends([
        {
          type: 'MoneyWithdrawn',
          data: { requestId: 'wd-2', account: 'bob-checking', amount: 30, balance: 0 },
        },
      ]);
  });

  it('rejects a withdrawal the account cannot cover, on the account stream (it read the balance)', () => {
    given(accounts)
      .when(request('Withdraw', { requestId: 'wd-3', account: 'carol-checking', amount: 1 }))
      .thenSends([
        {
          type: 'WithdrawalRejected',
          subject: 'account-carol-checking',
          data: {
            requestId: 'wd-3',
            account: 'carol-checking',
            amount: 1,
            balance: 0,
            reason: 'insufficient funds',
          },
        },
      ]);
  });

  it('debits a transfer from its source: the money is in flight, in no account', () => {
    const t = { transferId: 'tx-4', from: 'alice-checking', to: 'alice-savings', amount: 40 };
    const { state } = given(accounts, [
      event('TransferDebited', 'account-alice-checking', { ...t, account: 'alice-checking', balance: 60 }),
    ]);
    expect(state.inFlight).toBe(40);
    given(accounts)
      .when(request('TransferMoney', t))
      .thenSends([
        {
          type: 'TransferDebited',
          subject: 'account-alice-checking',
          data: { ...t, account: 'alice-checking', balance: 60 },
        },
      ]);
  });

  it('rejects a transfer the source cannot cover, and one to the same account', () => {
    const t = { transferId: 'tx-5', from: 'bob-checking', to: 'bob-savings', amount: 51 };
    given(accounts)
      .when(request('TransferMoney', t))
      .thenSends([
        {
          type: 'TransferRejected',
          data: { ...t, account: 'bob-checking', balance: 50, reason: 'insufficient funds' },
        },
      ]);
    given(accounts)
      .when(request('TransferMoney', { ...t, to: 'bob-checking', amount: 1 }))
      .thenSends([
        {
          type: 'TransferRejected',
          data: {
            ...t,
            to: 'bob-checking',
            amount: 1,
            account: 'bob-checking',
            balance: 50,
            reason: 'same account',
          },
        },
      ]);
  });

  it('credits a cleared transfer to its target, and the money is no longer in flight', () => {
    const t = { transferId: 'tx-6', from: 'alice-checking', to: 'bob-savings', amount: 40 };
    const { state } = given(accounts, [
      event('TransferDebited', 'account-alice-checking', { ...t, account: 'alice-checking', balance: 60 }),
      event('TransferCredited', 'account-bob-savings', { ...t, account: 'bob-savings', balance: 240 }),
    ]);
    expect(state.inFlight).toBe(0);
    expect(state.balances['bob-savings']).toBe(240);
    given(accounts)
      .when(request('CreditAccount', t))
      .thenSends([
        {
          type: 'TransferCredited',
          subject: 'account-bob-savings',
          data: { ...t, account: 'bob-savings', balance: 240 },
        },
      ]);
  });

  it('refuses an unknown account or a non-positive amount (a failed delivery, not a fact)', () => {
    given(accounts)
      .when(request('Deposit', { requestId: 'dep-7', account: 'nobody', amount: 5 }))
      .thenThrows(/no known account/);
    given(accounts)
      .when(request('Deposit', { requestId: 'dep-8', account: 'alice-checking', amount: -5 }))
      .thenThrows(/whole positive amount/);
  });
});

describe('Transfers', () => {
  it('turns a debited transfer into a credit for its target, through the clearing channel', () => {
    const t = { transferId: 'tx-9', from: 'alice-checking', to: 'alice-savings', amount: 40 };
    given(transfers)
      .when(
        event('TransferDebited', 'account-alice-checking', { ...t, account: 'alice-checking', balance: 60 }),
      )
      .thenSends([{ type: 'CreditAccount', subject: 'channel-clearing', data: t }]);
  });
});

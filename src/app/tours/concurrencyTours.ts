import { ACCOUNTS } from '../../scenarios/bank-transfer';
import { accounts, bank, conflictSettled, makeConflict, money } from './bankTransferView';
import { measure, result } from './orderSagaView';
import type { Tour } from './types';

/** Tours on the bank (the second scenario): two writers racing on one account. */

export const optimisticConcurrency: Tour = {
  id: 'optimistic-concurrency',
  title: 'Optimistic concurrency',
  summary: 'Two writers race on one account: a version check rejects the stale write, and nothing is lost.',
  preset: { seed: 'tour-optimistic', scenario: 'bank-transfer', speed: 2 },
  steps: [
    {
      title: 'Two requests race on one account',
      text:
        '"Do it" (or "Make a conflict" in the header) sends a deposit of 50 at the branch and a withdrawal ' +
        'of 30 at the ATM, both on alice-checking, at the same moment. Two Accounts instances read the ' +
        'balance (100) at once and decide. The first write wins; the second carries the stream version it ' +
        'read, which is stale now, so the log rejects it. Select Accounts: its "conflicts" count goes up.',
      doIt: [makeConflict],
      check: (view) => {
        const conflicts = accounts(view)?.conflicts ?? 0;
        return result(conflicts >= 1, measure('stale writes rejected (conflicts)', 1, conflicts));
      },
    },
    {
      title: 'Retried, and nothing is lost',
      text:
        'The rejected request was not lost: its delivery failed, and the broker retried it. On the retry ' +
        'it read the balance again, now with the first write in it, and decided again. Both requests took ' +
        'effect: 100 + 50 − 30 = 120. The Invariants panel says money is conserved.',
      check: (view) => {
        const { ledger, invariants } = bank(view);
        const { expected, actual } = money(view);
        const balance = ledger.balances['alice-checking'] ?? 0;
        return result(
          conflictSettled(view, 1) && invariants.moneyConserved === 'ok' && ledger.lostUpdates.length === 0,
          measure('alice-checking', 120, balance),
          measure('money in the bank', expected, actual),
          measure('lost updates', 0, ledger.lostUpdates.length),
        );
      },
    },
    {
      title: 'Switch the check off, race again',
      text:
        '"Do it" turns off Accounts\u2019 version check (the Inspector\u2019s "Version check" switch) and makes ' +
        'another conflict. Now both writes go in: the second was decided on the balance before the first ' +
        'and overwrites it. That update is lost, and "money is conserved" turns violated in the Invariants ' +
        'panel: the bank holds less, or more, than its deposits and withdrawals say.',
      doIt: [{ type: 'versionCheck.switched', name: ACCOUNTS, on: false }, makeConflict],
      check: (view) => {
        const { ledger, invariants } = bank(view);
        const { expected, actual } = money(view);
        const checked = accounts(view)?.versionCheck ?? true;
        return result(
          !checked && invariants.moneyConserved === 'violated',
          measure('version check', 'off', checked ? 'on' : 'off'),
          measure('money is conserved', 'ok', invariants.moneyConserved),
          measure('money in the bank', expected, actual),
          measure('lost updates', 0, ledger.lostUpdates.length),
        );
      },
    },
  ],
};

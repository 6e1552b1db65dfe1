import type { Catalog } from '../../engine/catalog';

/**
 * The bank's messages. Commands are a person's requests (and the clearing's credit); events are
 * facts on an account's stream, each carrying the balance it leaves (a row write, as a database
 * update would): decided from a stale read, that balance silently drops what happened meanwhile —
 * the lost update the version check exists to prevent.
 */
export const bankCatalog = {
  Deposit: { kind: 'command', description: 'Put money into an account (at the branch).' },
  Withdraw: { kind: 'command', description: 'Take money out of an account (at the ATM).' },
  TransferMoney: { kind: 'command', description: 'Move money from one account to another (online).' },
  CreditAccount: { kind: 'command', description: 'Clearing: pay a debited transfer into its target.' },

  MoneyDeposited: { kind: 'event', description: 'An account received money; its new balance.' },
  MoneyWithdrawn: { kind: 'event', description: 'Money left an account; its new balance.' },
  WithdrawalRejected: { kind: 'event', description: 'Not enough money for a withdrawal.' },
  TransferDebited: { kind: 'event', description: 'A transfer left its source: the money is in flight.' },
  TransferRejected: { kind: 'event', description: 'Not enough money in the source for a transfer.' },
  TransferCredited: { kind: 'event', description: 'A transfer reached its target: no longer in flight.' },
} as const satisfies Catalog;

export type BankType = keyof typeof bankCatalog;

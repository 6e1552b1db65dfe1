import type { Message } from '../../engine/message';

/** The typed data of each bank message (catalog.ts), as discriminated unions on `type`. */

export interface AccountRequest {
  readonly requestId: string;
  readonly account: string;
  readonly amount: number;
}
export interface TransferRequest {
  readonly transferId: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

export type BankCommand =
  | { readonly type: 'Deposit'; readonly data: AccountRequest }
  | { readonly type: 'Withdraw'; readonly data: AccountRequest }
  | { readonly type: 'TransferMoney'; readonly data: TransferRequest }
  | { readonly type: 'CreditAccount'; readonly data: TransferRequest };

/** What an account event says: its account and the balance it leaves (a rejection: the one it saw). */
export interface BalanceFact {
  readonly account: string;
  readonly balance: number;
}
export type AccountOutcome = AccountRequest & BalanceFact;
export type TransferOutcome = TransferRequest & BalanceFact;
export type Rejection = { readonly reason: string };

export type BankEvent =
  | { readonly type: 'MoneyDeposited'; readonly data: AccountOutcome }
  | { readonly type: 'MoneyWithdrawn'; readonly data: AccountOutcome }
  | { readonly type: 'WithdrawalRejected'; readonly data: AccountOutcome & Rejection }
  | { readonly type: 'TransferDebited'; readonly data: TransferOutcome }
  | { readonly type: 'TransferRejected'; readonly data: TransferOutcome & Rejection }
  | { readonly type: 'TransferCredited'; readonly data: TransferOutcome };

export type BankMessage = BankCommand | BankEvent;

/** Every event changes (or, rejecting, reads) exactly one account. */
export const ACCOUNT_EVENTS = [
  'MoneyDeposited',
  'MoneyWithdrawn',
  'WithdrawalRejected',
  'TransferDebited',
  'TransferRejected',
  'TransferCredited',
] as const satisfies readonly BankEvent['type'][];

/** How much an event changes its account's balance by. */
export function delta(event: BankEvent): number {
  switch (event.type) {
    case 'MoneyDeposited':
    case 'TransferCredited':
      return event.data.amount;
    case 'MoneyWithdrawn':
    case 'TransferDebited':
      return -event.data.amount;
    case 'WithdrawalRejected':
    case 'TransferRejected':
      return 0;
    default:
      return assertNever(event);
  }
}

/** A rejection reports the balance it saw; it changes nothing, so it writes no balance. */
export function isRejection(event: BankEvent): boolean {
  return event.type === 'WithdrawalRejected' || event.type === 'TransferRejected';
}

export function read(message: Message): BankMessage {
  return message as unknown as BankMessage;
}

export function isAccountEvent(message: Message): boolean {
  return message.kind === 'event' && (ACCOUNT_EVENTS as readonly string[]).includes(message.type);
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}

/** The bank's names, accounts and timings: plain data, shared by services, read models and checks. */

export const ACCOUNTS = 'Accounts';
export const TRANSFERS = 'Transfers';
export const SERVICE_NAMES = [ACCOUNTS, TRANSFERS] as const;

/**
 * Where a request comes in. Each channel is one stream (the request's subject), so the broker keeps
 * a channel's requests in order on one Accounts instance, while different channels run at once on
 * different instances: a deposit at the branch and a withdrawal at the ATM can race on one account.
 * The names are chosen so the three channels land on three different instances (a test pins it).
 */
export const CHANNELS = {
  branch: 'channel-branch',
  atm: 'channel-atm',
  online: 'channel-online-banking',
  /** Transfers' credits, in the order the transfers were debited. */
  clearing: 'channel-clearing',
} as const;

export interface BankSettings {
  /** Every account and its opening balance (whole units of money). */
  readonly openingBalances: Readonly<Record<string, number>>;
  /** Accounts instances: one per channel, so channels run concurrently. */
  readonly accountsInstances: number;
  /** Virtual ms an Accounts instance spends between reading an account and writing it. */
  readonly accountsProcessingTime: number;
  /** Virtual ms Transfers takes to clear a debited transfer: the money is in no account meanwhile. */
  readonly clearingTime: number;
}

export const CUSTOMERS = ['alice', 'bob', 'carol'] as const;

export const defaultSettings: BankSettings = {
  openingBalances: {
    'alice-checking': 100,
    'alice-savings': 500,
    'bob-checking': 50,
    'bob-savings': 200,
    'carol-checking': 0,
    'carol-savings': 1_000,
  },
  accountsInstances: 3,
  // Longer than the playground's latency jitter (300 ms), so two requests sent at one moment
  // always overlap: the conflict happens on demand, not by luck of the draw.
  accountsProcessingTime: 500,
  clearingTime: 1_500,
};

/** The money the bank held at the start. */
export function openingTotal(settings: BankSettings): number {
  return Object.values(settings.openingBalances).reduce((a, b) => a + b, 0);
}

/** The stream of one account: every change to its balance, in order. */
export function accountStream(account: string): string {
  return `account-${account}`;
}

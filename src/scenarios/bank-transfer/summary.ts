import type { AccountsState } from './services/accounts';
import { ACCOUNTS, type BankSettings, TRANSFERS } from './settings';

/** A few lines per service for its node on the graph, money in flight included. */
export function summarizer(settings: BankSettings): (service: string, state: unknown) => string {
  return (service, state) => {
    switch (service) {
      case ACCOUNTS: {
        const { balances, inFlight } = state as AccountsState;
        const byCustomer = new Map<string, string[]>();
        const kinds = new Set<string>();
        for (const [account, balance] of Object.entries(balances)) {
          const [customer = account, kind = ''] = account.split('-');
          kinds.add(kind);
          byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), String(balance)]);
        }
        // A small table, one customer a line (the node keeps line breaks), the money between accounts last.
        const lines = [...byCustomer].map(([customer, figures]) => `${customer} ${figures.join(' · ')}`);
        return [[...kinds].join(' · '), ...lines, `in flight ${inFlight} (between accounts)`].join('\n');
      }
      case TRANSFERS:
        return `a debited transfer waits here ${settings.clearingTime} ms, then is credited`;
      default:
        return '';
    }
  };
}

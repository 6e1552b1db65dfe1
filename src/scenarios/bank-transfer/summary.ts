import type { AccountsState } from './services/accounts';
import { ACCOUNTS, type BankSettings, TRANSFERS } from './settings';

/** One line per service for its node on the graph, money in flight included. */
export function summarizer(settings: BankSettings): (service: string, state: unknown) => string {
  return (service, state) => {
    switch (service) {
      case ACCOUNTS: {
        const { balances, inFlight } = state as AccountsState;
        const byCustomer = new Map<string, string[]>();
        for (const [account, balance] of Object.entries(balances)) {
          const [customer = account] = account.split('-');
          byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), String(balance)]);
        }
        const lines = [...byCustomer].map(([customer, figures]) => `${customer} ${figures.join('/')}`);
        return `${lines.join(' · ')} · in flight ${inFlight}`;
      }
      case TRANSFERS:
        return `clears a transfer in ${settings.clearingTime} ms`;
      default:
        return '';
    }
  };
}

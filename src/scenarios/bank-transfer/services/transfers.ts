import type { ServiceDefinition } from '../../../engine/service';
import type { TransferOutcome } from '../messages';
import { type BankSettings, CHANNELS, TRANSFERS } from '../settings';

/** Transfers keeps no state of its own: it only turns a debit into a credit. */
export type TransfersState = Readonly<Record<string, never>>;

/**
 * Clearing, by choreography: hearing that a transfer left its source, it takes `clearingTime` and
 * then tells Accounts to credit the target. Until then the money is in neither account — "money in
 * flight", visible in the Balances read model and the Accounts summary.
 */
export function transfersService(settings: BankSettings): ServiceDefinition<TransfersState> {
  return {
    name: TRANSFERS,
    handles: ['TransferDebited'],
    processingTime: settings.clearingTime,
    initialState: () => ({}),
    decide(_state, message) {
      const { transferId, from, to, amount } = message.data as TransferOutcome;
      return [{ type: 'CreditAccount', subject: CHANNELS.clearing, data: { transferId, from, to, amount } }];
    },
    evolve: (state) => state,
  };
}

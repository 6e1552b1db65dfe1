import type { Scenario } from '../scenario';
import { bankCatalog } from './catalog';
import { bankInsight } from './insight';
import { balances, transfersInFlight } from './readModels';
import { sampleRequest } from './requests';
import { accountsService } from './services/accounts';
import { transfersService } from './services/transfers';
import { ACCOUNTS, type BankSettings, defaultSettings, TRANSFERS } from './settings';
import { summarizer } from './summary';

/** The bank with the given settings: catalog, services and read models, ready for a Simulation. */
export function createBankTransfer(settings: BankSettings = defaultSettings) {
  return {
    catalog: bankCatalog,
    services: [accountsService(settings), transfersService(settings)],
    projections: [balances(settings), transfersInFlight],
  } as const;
}

/** Where the nodes go: the person, the accounts, the clearing beside them. */
const layout = {
  user: { x: -330, y: 160 },
  [ACCOUNTS]: { x: 120, y: 160 },
  [TRANSFERS]: { x: 560, y: 160 },
};

/** The bank transfer scenario as the playground runs it. */
export function bankTransferWith(settings: BankSettings): Scenario {
  const world = createBankTransfer(settings);
  return {
    name: 'bank-transfer',
    title: 'Bank transfer: money in flight, and optimistic concurrency against lost updates',
    ...world,
    sampleAction: (n, options) => sampleRequest(n, options),
    emits: {
      user: ['Deposit', 'Withdraw', 'TransferMoney'],
      [ACCOUNTS]: [
        'MoneyDeposited',
        'MoneyWithdrawn',
        'WithdrawalRejected',
        'TransferDebited',
        'TransferRejected',
        'TransferCredited',
      ],
      [TRANSFERS]: ['CreditAccount'],
    },
    layout,
    summarize: summarizer(settings),
    insight: bankInsight(settings, world.projections as never),
  };
}

export const bankTransferScenario: Scenario = bankTransferWith(defaultSettings);

export { checkInvariants, INVARIANTS, type InvariantName, isAtRest, type Violation } from './invariants';
export { type Ledger, ledger } from './ledger';
export { concurrentDepositAndWithdrawal, deposit, sampleRequest, transfer, withdraw } from './requests';
export { ACCOUNTS, type BankSettings, CHANNELS, defaultSettings, TRANSFERS } from './settings';

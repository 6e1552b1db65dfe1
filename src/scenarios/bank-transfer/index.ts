import type { Scenario, ScenarioControls } from '../scenario';
import { bankCatalog } from './catalog';
import { bankInsight } from './insight';
import { balances, transfersInFlight } from './readModels';
import { playgroundRequest } from './requests';
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

/** The header's words for the bank: requests, not orders; and the conflict on demand. */
const controls: ScenarioControls = {
  actionLabel: 'Send request',
  unit: 'requests',
  choiceLabel: 'Request',
  choices: [
    { label: 'next of the sample sequence', options: {} },
    { label: 'transfer (savings → checking)', options: { kind: 'transfer' } },
    { label: 'deposit', options: { kind: 'deposit' } },
    { label: 'withdrawal', options: { kind: 'withdrawal' } },
    { label: 'withdrawal too large (rejected)', options: { fail: 'decline' } },
    { label: 'transfer too large (rejected)', options: { fail: 'outOfStock' } },
  ],
  conflictLabel: 'Make a conflict',
  conflictHint:
    'A deposit at the branch and a withdrawal at the ATM on alice-checking, sent at the same moment',
};

/** The bank transfer scenario as the playground runs it. */
export function bankTransferWith(settings: BankSettings): Scenario {
  const world = createBankTransfer(settings);
  return {
    name: 'bank-transfer',
    title: 'Bank transfer: money in flight, and optimistic concurrency against lost updates',
    ...world,
    sampleAction: (n, options) => playgroundRequest(n, options),
    controls,
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
export {
  concurrentDepositAndWithdrawal,
  deposit,
  playgroundRequest,
  sampleRequest,
  transfer,
  withdraw,
} from './requests';
export { ACCOUNTS, type BankSettings, CHANNELS, defaultSettings, TRANSFERS } from './settings';

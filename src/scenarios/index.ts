import { bankTransferScenario } from './bank-transfer';
import { orderSagaScenario } from './order-saga';
import type { Scenario } from './scenario';
import { shopScenario } from './shop';

/** Every scenario a person (or the CLI) can choose, by name. */
export const scenarios: Readonly<Record<string, Scenario>> = {
  [shopScenario.name]: shopScenario,
  [orderSagaScenario.name]: orderSagaScenario,
  [bankTransferScenario.name]: bankTransferScenario,
};

export type { Scenario } from './scenario';

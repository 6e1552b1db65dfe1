import { bankTransferScenario } from './bank-transfer';
import { orderSagaScenario } from './order-saga';
import type { Scenario } from './scenario';
import { shopScenario } from './shop';

/** Every scenario a person (or the CLI) can choose, by name, in the order the Scenario menu lists them. */
export const scenarios: Readonly<Record<string, Scenario>> = {
  [orderSagaScenario.name]: orderSagaScenario,
  [bankTransferScenario.name]: bankTransferScenario,
  [shopScenario.name]: shopScenario,
};

export type { Scenario } from './scenario';

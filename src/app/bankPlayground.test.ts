import { describe, expect, it } from 'vitest';
import { scenarios } from '../scenarios';
import { ACCOUNTS, defaultSettings as bankSettings, checkInvariants } from '../scenarios/bank-transfer';
import { dispatchesOf, type Scenario } from '../scenarios/scenario';
import type { PlaygroundDriver } from './driver';
import { startInMemory } from './startPlayground';
import { defaultSettings, parseRunUrl } from './urlState';

// Issue 7, item 3: the bank as the playground runs it — the conflict on demand, the version check
// as a recorded action and a URL setting, and both replayable.

const bank = scenarios['bank-transfer'] as Scenario;
const settings = { ...defaultSettings, scenario: 'bank-transfer', seed: 'bank-app' };

async function settle(driver: PlaygroundDriver): Promise<void> {
  for (let i = 0; i < 200 && driver.sim.getSnapshot().pendingTasks > 0; i++) await driver.frame(100);
  await driver.whenIdle();
}

async function report(driver: PlaygroundDriver) {
  return checkInvariants({ log: await driver.sim.log.read(), settings: bankSettings, atRest: true });
}

const accounts = (driver: PlaygroundDriver) =>
  driver.sim.getSnapshot().services.find((s) => s.name === ACCOUNTS);

describe('the bank in the playground', () => {
  it('speaks of requests, and "Make a conflict" sends two requests at one moment', () => {
    expect(bank.controls?.actionLabel).toBe('Send request');
    expect(bank.controls?.conflictLabel).toBe('Make a conflict');
    expect(dispatchesOf(bank.sampleAction(4, { conflict: true })).map((d) => d.type)).toEqual([
      'Deposit',
      'Withdraw',
    ]);
    expect(dispatchesOf(bank.sampleAction(5, { kind: 'transfer' })).map((d) => d.type)).toEqual([
      'TransferMoney',
    ]);
  });

  it('a conflict with the check on is counted, retried, and conserves the money; off, an update is lost', async () => {
    const driver = startInMemory(bank, settings);
    await driver.act({ type: 'order.placed', options: { conflict: true } });
    await settle(driver);
    expect(accounts(driver)?.conflicts).toBe(1);
    expect((await report(driver)).violations).toEqual([]);

    await driver.act({ type: 'versionCheck.switched', name: ACCOUNTS, on: false });
    await driver.act({ type: 'order.placed', options: { conflict: true } });
    await settle(driver);
    expect(accounts(driver)?.versionCheck).toBe(false);
    expect(accounts(driver)?.conflicts).toBe(1);
    const after = await report(driver);
    expect(after.invariants.moneyConserved).toBe('violated');
    expect(after.invariants.noLostUpdate).toBe('violated');

    // Seed + recorded actions reproduce the run, the lost update included.
    const again = startInMemory(bank, settings);
    await again.replay(driver.actions, driver.sim.now);
    expect(again.sim.logHash).toBe(driver.sim.logHash);
  });

  it('versioncheck=off in the URL starts the run with last-writer-wins', async () => {
    const { settings: off } = parseRunUrl('?scenario=bank-transfer&seed=bank-off&versioncheck=off', [
      'bank-transfer',
    ]);
    const driver = startInMemory(bank, off);
    expect(accounts(driver)?.versionCheck).toBe(false);
    await driver.act({ type: 'order.placed', options: { conflict: true } });
    await settle(driver);
    expect((await report(driver)).invariants.moneyConserved).toBe('violated');
  });
});

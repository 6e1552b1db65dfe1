import { describe, expect, it } from 'vitest';
import { instanceFor } from '../../engine/broker';
import type { Dispatch } from '../../engine/simulation';
import { scenarios } from '../index';
import { checkInvariants, isAtRest } from './invariants';
import type { BalancesView } from './readModels';
import { concurrentDepositAndWithdrawal, transfer } from './requests';
import { bankSimulation, runBank } from './runner';
import { ACCOUNTS, CHANNELS, defaultSettings } from './settings';

const [dep, wd] = concurrentDepositAndWithdrawal(1, 'alice-checking', { deposit: 50, withdraw: 30 });
const race = [
  { at: 0, request: dep },
  { at: 0, request: wd },
];

describe('Bank transfer: the lost-update problem', () => {
  it('serves the branch, the ATM and online banking on three different Accounts instances', () => {
    const n = defaultSettings.accountsInstances;
    const lanes = [CHANNELS.branch, CHANNELS.atm, CHANNELS.online].map((c) => instanceFor(c, n));
    expect(new Set(lanes).size).toBe(3);
  });

  it('with the version check on, rejects the stale write, retries it, and conserves the money', async () => {
    const report = await runBank(race, { seed: 'conflict' });
    const accounts = report.sim.getSnapshot().services.find((s) => s.name === ACCOUNTS);
    expect(accounts?.conflicts).toBe(1);
    expect(accounts?.failedAttempts).toBe(1);
    expect(report.ledger.balances['alice-checking']).toBe(100 + 50 - 30);
    expect(report.atRest).toBe(true);
    expect(report.violations).toEqual([]);
  });

  it('with the version check off, the second write overwrites the first: money vanishes', async () => {
    const report = await runBank(race, { seed: 'conflict', versionCheck: false });
    const accounts = report.sim.getSnapshot().services.find((s) => s.name === ACCOUNTS);
    expect(accounts?.conflicts).toBe(0);
    const balance = report.ledger.balances['alice-checking'];
    expect([100 + 50, 100 - 30]).toContain(balance); // one update lost, whichever wrote last
    expect(report.invariants.moneyConserved).toBe('violated');
    expect(report.invariants.noLostUpdate).toBe('violated');
    expect(report.violations.find((v) => v.invariant === 'noLostUpdate')?.message).toMatch(/stale read/);
  });

  it('is registered, and its first two sample requests race on one account', async () => {
    const scenario = scenarios['bank-transfer'];
    expect(scenario?.title).toMatch(/Bank transfer/);
    const [first, second] = [1, 2].map((n) => scenario?.sampleAction(n) as Dispatch);
    expect([first?.type, second?.type]).toEqual(['Deposit', 'Withdraw']);
    const report = await runBank(
      [
        { at: 0, request: first as Dispatch },
        { at: 0, request: second as Dispatch },
      ],
      { seed: 'sample' },
    );
    expect(report.sim.getSnapshot().services.find((s) => s.name === ACCOUNTS)?.conflicts).toBe(1);
    expect(report.violations).toEqual([]);
  });

  it('shows the money in flight between the debit and the credit, then settles it', async () => {
    const sim = bankSimulation({ seed: 'flight' });
    await sim.dispatch(transfer(2, 'alice-checking', 'bob-savings', 40));
    let inFlight = 0;
    for (let i = 0; i < 100 && inFlight === 0; i++) {
      await sim.advance(10);
      inFlight = sim.projectionState<BalancesView>('balances').moneyInFlight;
    }
    const during = sim.projectionState<BalancesView>('balances');
    expect(during.moneyInFlight).toBe(40);
    expect(during.accounts['alice-checking']).toBe(60);
    expect(during.accounts['bob-savings']).toBe(200);
    const log = await sim.log.read();
    const now = checkInvariants({ log, settings: defaultSettings, atRest: isAtRest(sim.getSnapshot()) });
    expect(now.ledger.inFlight).toBe(40);
    expect(now.violations).toEqual([]); // conserved while in flight

    await sim.runUntilIdle();
    const after = sim.projectionState<BalancesView>('balances');
    expect(after.moneyInFlight).toBe(0);
    expect(after.accounts['bob-savings']).toBe(240);
    const settled = checkInvariants({ log: await sim.log.read(), settings: defaultSettings, atRest: true });
    expect(settled.violations).toEqual([]);
  });

  it('reports a transfer still in flight at rest (its clearing died) as unsettled', async () => {
    const sim = bankSimulation({ seed: 'stuck' });
    sim.kill('Transfers');
    await sim.dispatch(transfer(3, 'alice-checking', 'bob-savings', 40));
    await sim.runUntilIdle();
    const report = checkInvariants({ log: await sim.log.read(), settings: defaultSettings, atRest: true });
    expect(report.invariants.moneyConserved).toBe('ok');
    expect(report.invariants.transfersSettled).toBe('violated');
  });
});

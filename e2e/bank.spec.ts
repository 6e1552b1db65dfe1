import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 7, item 3: the second scenario, bank transfer — money in flight, and optimistic
// concurrency against lost updates. Time runs through the URL's seed and speed.

test('choose "Bank transfer" from the menu; a transfer puts money in flight, then settles', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=bank-menu');
  await expect(playground.scenarioMenu).toHaveValue('order-saga');
  await playground.chooseScenario('Bank transfer');
  await expect(page).toHaveURL(/scenario=bank-transfer&seed=bank-menu/);
  await expect(playground.scenarioMenu).toHaveValue('bank-transfer');
  const accounts = playground.service('Accounts');
  await expect(accounts).toBeVisible();
  await expect(playground.service('Transfers')).toBeVisible();
  // Requests, not orders.
  await expect(playground.placeOrder).toHaveCount(0);
  await expect(playground.startTransaction).toHaveText('Send request');

  await page
    .getByRole('combobox', { name: 'Request', exact: true })
    .selectOption({ label: 'transfer (savings → checking)' });
  await playground.startTransaction.click();
  // Debited from alice-savings, not yet credited to alice-checking: in neither account.
  await expect(accounts).toContainText('in flight 40');
  const balances = playground.readModels.getByRole('article', { name: 'balances read model' });
  await expect(balances).toContainText(/moneyInFlight\s*40/);
  await expect(playground.saga('tx-1')).toContainText('Running');
  await page.screenshot({ path: 'test-results/bank-in-flight.png' });

  await expect(playground.saga('tx-1')).toContainText('Confirmed');
  await expect(accounts).toContainText('in flight 0');
  await expect(accounts).toContainText('alice 140 · 460');
  await expect(playground.invariantNamed('money is conserved')).toHaveAccessibleName(/: ok$/);
  await expect(playground.invariant('violated')).toHaveCount(0);
});

test('a conflict: the version check rejects and retries it; switched off, an update is lost', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=bank-transfer&seed=bank-conflict&speed=2');
  await playground.select('Accounts');
  const versionCheck = playground.inspector.getByRole('checkbox', {
    name: 'Version check (optimistic concurrency)',
  });
  await expect(versionCheck).toBeChecked();
  await expect(playground.inspectorFigure('conflicts')).toHaveText('0');
  const makeConflict = page.getByRole('button', { name: 'Make a conflict' });

  await makeConflict.click();
  await expect(playground.inspectorFigure('conflicts')).toHaveText('1');
  // The rejected write was a failed delivery: retried, it read again and both took effect.
  await expect(playground.saga('dep-1')).toContainText('Confirmed');
  await expect(playground.saga('wd-1')).toContainText('Confirmed');
  await expect(playground.service('Accounts')).toContainText('alice 120 · 500');
  await expect(playground.invariantNamed('money is conserved')).toHaveAccessibleName(/: ok$/);
  await expect(playground.invariantNamed('every balance follows')).toHaveAccessibleName(/: ok$/);

  // A click, then wait: the box shows the run's state, which the switch changes a moment later.
  await versionCheck.click();
  await expect(versionCheck).not.toBeChecked();
  await makeConflict.click();
  await expect(playground.saga('dep-2')).toContainText('Confirmed');
  await expect(playground.saga('wd-2')).toContainText('Confirmed');
  // Last writer wins: no conflict, and one of the two updates is gone.
  await expect(playground.inspectorFigure('conflicts')).toHaveText('1');
  await expect(playground.invariantNamed('money is conserved')).toHaveAccessibleName(/: violated$/);
  await expect(playground.invariantNamed('every balance follows')).toHaveAccessibleName(/: violated$/);
  await expect(playground.invariants).toContainText(/stale read/);
  await page.screenshot({ path: 'test-results/bank-lost-update.png' });

  // The switch is a recorded action: a reload resumes the run with the check still off.
  await page.reload();
  await playground.select('Accounts');
  await expect(versionCheck).not.toBeChecked();
});

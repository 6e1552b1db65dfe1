import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

const run = '?scenario=order-saga&seed=3&speed=20&decline=0&mode=choreography';

/** Waits until the log stops growing (every saga finished) and returns its length. */
async function settledLength(playground: PlaygroundPage): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await playground.timelineLength();
        const stable = now === last;
        last = now;
        return stable;
      },
      { intervals: [500] },
    )
    .toBe(true);
  return last;
}

test('branch from a moment in the past, act there, switch back, compare, and reload', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  await expect(playground.branchSwitcher).toHaveValue('main');
  await expect(playground.branchFromHere).toBeDisabled(); // only a moment in the past can be branched from

  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  const afterFirst = await settledLength(playground);
  await playground.placeOrder.click();
  await expect(playground.saga('order-2')).toContainText('Confirmed');
  const mainLength = await settledLength(playground);
  expect(mainLength).toBeGreaterThan(afterFirst);

  // Back to the moment order 1 had finished and order 2 did not exist yet; fork there.
  await playground.scrubTo(afterFirst);
  await expect(playground.timelineStatus).toContainText(`#${afterFirst} `);
  await expect(playground.saga('order-2')).toHaveCount(0);
  await playground.branchFromHere.click();
  await expect(playground.branchSwitcher).toHaveValue('branch-1');
  await expect(playground.branchStatus).toContainText(`Branched "branch-1" from main at #${afterFirst}`);
  await expect(page).toHaveURL(/branch=branch-1/);
  await expect(playground.timelineStatus).toContainText('Live');
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  await expect(playground.saga('order-2')).toHaveCount(0);

  // On the branch, order 2 goes another way: its payment is declined.
  await playground.setOutcome('payment declined');
  await playground.placeOrder.click();
  await expect(playground.saga('order-2')).toContainText('Cancelled');
  await page.screenshot({ path: 'test-results/branches-on-branch.png' });

  // Main kept its own future: order 2 confirmed, every message still there.
  await playground.switchBranch('main');
  await expect(page).not.toHaveURL(/branch=/);
  await expect(playground.saga('order-2')).toContainText('Confirmed');
  await expect(playground.timeline).toHaveAttribute('aria-valuemax', String(mainLength));
  await expect(playground.branchSwitcher.getByRole('option')).toHaveText([
    'main',
    `branch-1 · from main at #${afterFirst}`,
  ]);

  // The diff: where the logs part, and order 2's two endings.
  await playground.compareBranches.click();
  const diff = playground.branchDiff;
  await expect(diff).toContainText(`They share #1–#${afterFirst}; their logs part at #${afterFirst + 1}`);
  const order2 = diff.getByRole('row', { name: 'order-2' });
  await expect(order2.getByRole('cell')).toHaveText(['Confirmed', 'Cancelled']);
  await expect(diff).toContainText(/Read models: \d+ differ/);
  await page.screenshot({ path: 'test-results/branches-diff.png' });

  // Acting in the past forks too, and says so: Place order while scrubbed makes branch-2.
  await playground.setOutcome('as it happens');
  await playground.scrubTo(afterFirst);
  await expect(playground.timelineStatus).toContainText(`#${afterFirst} `);
  await expect(playground.placeOrder).toBeEnabled();
  await playground.placeOrder.click();
  await expect(playground.branchSwitcher).toHaveValue('branch-2');
  await expect(playground.branchStatus).toContainText(
    `Branched "branch-2" from main at #${afterFirst}, placing the order there`,
  );
  await expect(playground.saga('order-2')).toContainText('Confirmed');

  // A reload comes back to branch-2, with every branch still there.
  await page.reload();
  await expect(playground.placeOrder).toBeVisible();
  await expect(playground.branchSwitcher).toHaveValue('branch-2');
  await expect(playground.branchSwitcher.getByRole('option')).toHaveCount(3);
  await playground.switchBranch('branch-1');
  await expect(playground.saga('order-2')).toContainText('Cancelled');
});

test('reverse a payment, then replay without a reservation: each shows the difference', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  await settledLength(playground);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });

  // Reverse this event: Payment itself logs the refund on main, and the diff shows before and after.
  await playground.eventLog.getByRole('button', { name: /PaymentCompleted/ }).click();
  await inspector.getByRole('button', { name: 'Reverse this event' }).click();
  await expect(playground.branchStatus).toContainText(/Sent RefundPayment to reverse #\d+ PaymentCompleted/);
  await expect(playground.branchDiff).toContainText(/main now vs before #\d+/);
  await expect(playground.branchDiff).toContainText(/revenue: \d+ entr/);
  await expect(playground.eventLog.getByRole('button', { name: /PaymentRefunded Payment/ })).toBeVisible();

  // Replay without this event: a branch where the reservation never happened; order 1 never pays.
  await playground.branchDiff.getByRole('button', { name: 'Close' }).click();
  const reservation = playground.eventLog.getByRole('button', { name: /InventoryReserved/ });
  const position = Number(/^#(\d+)/.exec((await reservation.getAttribute('aria-label')) ?? '')?.[1]);
  await reservation.click();
  await inspector.getByRole('button', { name: 'Replay without this event' }).click();
  await expect(playground.branchSwitcher).toHaveValue('branch-1');
  await expect(playground.branchStatus).toContainText(`Replayed main without #${position} InventoryReserved`);
  await expect(playground.branchDiff).toContainText(`their logs part at #${position}`);
  const order1 = playground.branchDiff.getByRole('row', { name: 'order-1' });
  // Never reserved, so never charged: it cannot confirm (the refund re-applied from main's later
  // actions even sets it compensating).
  await expect(order1.getByRole('cell')).toHaveText([/Running|Compensating/, 'Confirmed']);
  await expect(playground.saga('order-1')).not.toContainText('Confirmed');
  await page.screenshot({ path: 'test-results/branches-skip.png' });
});

import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Time runs through the URL's seed and speed: a saga of a few virtual seconds takes a fraction of a
// real one, and the same seed always gives the same run.
const run = (mode: string, extra = '') =>
  `?scenario=order-saga&seed=3&speed=20&decline=0&mode=${mode}${extra}`;

for (const style of ['Choreography', 'Orchestration'] as const) {
  test(`an order is confirmed in ${style.toLowerCase()}`, async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.goto(run(style.toLowerCase()));
    await expect(page.getByRole('radio', { name: style })).toBeChecked();
    await playground.placeOrder.click();
    await expect(playground.saga('order-1')).toContainText('Confirmed');
    await expect(playground.saga('order-1')).toContainText(style.toLowerCase());
    await expect(playground.eventLog).toContainText('OrderConfirmed');
    if (style === 'Orchestration') await expect(playground.eventLog).toContainText('ChargePayment');
    else await expect(playground.eventLog).not.toContainText('ChargePayment');
  });
}

test('Payment killed: its inbox fills; revived, it drains and the order confirms', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run('choreography'));
  await playground.kill('Payment');
  await expect(playground.service('Payment')).toContainText('down');
  await playground.placeOrder.click();
  await playground.placeOrder.click();
  await expect.poll(() => playground.inbox('Payment')).toBe(2);
  await expect(playground.saga('order-1')).toContainText('Running');
  await page.waitForTimeout(500); // time passes; nothing can move past the dead service
  await expect(playground.saga('order-1')).toContainText('Running');
  await playground.revive('Payment');
  await expect(playground.service('Payment')).toContainText('up');
  await expect.poll(() => playground.inbox('Payment')).toBe(0);
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  await expect(playground.saga('order-2')).toContainText('Confirmed');
});

test('a declined payment compensates and the stock comes back', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run('orchestration'));
  await playground.setOutcome('payment declined');
  await playground.placeOrder.click();
  const saga = playground.saga('order-1');
  await expect(saga).toContainText('Cancelled');
  await expect(saga).toContainText('payment declined');
  await expect(saga.getByText('stock released')).toBeVisible();
  await expect(saga).toContainText('undoes');
  await expect(playground.service('Inventory')).toContainText('RED 300 · GREEN 300 · BLUE 300');
  await expect(playground.invariant('violated')).toHaveCount(0);
});

test('a read model is stale, then catches up', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  // 60 virtual seconds of lag at speed 20: the read side trails the write side by ~3 real seconds.
  await playground.goto(run('choreography', '&lag=60000'));
  await playground.placeOrder.click();
  const orders = playground.readModels.getByRole('article', { name: 'orders read model' });
  await expect(orders).toContainText(/\d+ behind/);
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  // Freeze time to ask: the write side is done, the read side still lags.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(orders).toContainText(/\d+ behind, stale \d+ ms/);
  await orders.getByRole('button', { name: 'Query now' }).click();
  const answer = orders.getByRole('status');
  await expect(answer).toContainText('read model says (stale)');
  await expect(answer).toContainText('order-1');
  await orders.getByRole('button', { name: 'Hide query' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(orders).toContainText('caught up', { timeout: 15_000 });
  await expect(orders).toContainText('order-1');
  await orders.getByRole('button', { name: 'Query now' }).click();
  await expect(answer).toContainText('The read model answers exactly what the log says.');
});

test('under traffic, the live event log keeps showing the newest messages', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=3&speed=1');
  await page.getByLabel('Traffic').selectOption({ label: '10 orders/s' });
  await expect(playground.eventLog.getByRole('heading')).toContainText(/\d{3,} messages/, {
    timeout: 20_000,
  });
  // The rows in view, not the rows rendered: a window of rows trailing the scroll position shows
  // an empty box while the log grows by several rows per update.
  const shownRows = () =>
    page.evaluate(() => {
      const box = document.querySelector('.event-log .virtual-rows')?.getBoundingClientRect();
      if (!box) return 0;
      return [...document.querySelectorAll('.event-log li')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.bottom > box.top + 2 && r.top < box.bottom - 2;
      }).length;
    });
  for (let sample = 0; sample < 8; sample++) {
    expect(await shownRows()).toBeGreaterThanOrEqual(5);
    await page.waitForTimeout(250);
  }
});

import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

test('reloading mid-saga loses nothing: the run carries on and every order finishes', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const url = '?scenario=order-saga&seed=11&speed=5&decline=0&mode=orchestration';
  await playground.goto(url);
  await playground.kill('Shipping');
  for (let i = 0; i < 3; i++) await playground.placeOrder.click();
  await expect.poll(() => playground.inbox('Shipping')).toBeGreaterThan(0);
  const before = Number(
    (await playground.eventLog.getByRole('heading').textContent())?.match(/(\d+) messages/)?.[1],
  );
  expect(before).toBeGreaterThan(0);

  await page.reload();
  await expect(playground.placeOrder).toBeVisible();
  await expect(playground.service('Shipping')).toContainText('down'); // the kill survived
  await expect(page.getByText('3 started')).toBeVisible();
  const after = Number(
    (await playground.eventLog.getByRole('heading').textContent())?.match(/(\d+) messages/)?.[1],
  );
  expect(after).toBeGreaterThanOrEqual(before);
  await expect(playground.saga('order-1')).toContainText(/Running|Compensating/);

  await playground.revive('Shipping');
  for (const id of ['order-1', 'order-2', 'order-3']) {
    await expect(playground.saga(id)).toContainText(/Confirmed|Cancelled/, { timeout: 20_000 });
  }
  await expect(playground.invariant('violated')).toHaveCount(0);
});

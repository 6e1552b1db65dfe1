import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

const url = '?scenario=order-saga&seed=21&speed=10&decline=0&mode=choreography';

test('two tabs never both write: the second follows read-only until it takes over', async ({ context }) => {
  const first = new PlaygroundPage(await context.newPage());
  await first.goto(url);
  await first.placeOrder.click();
  await expect(first.saga('order-1')).toContainText('Confirmed');

  const second = new PlaygroundPage(await context.newPage());
  await second.page.goto(`/${url}`);
  const takeOver = second.page.getByRole('button', { name: 'Take over' });
  await expect(takeOver).toBeVisible();
  await expect(second.placeOrder).toBeDisabled();
  await expect(second.saga('order-1')).toContainText('Confirmed'); // it shows the stored run

  // The writer goes on; the follower follows what it saves.
  await first.placeOrder.click();
  await expect(first.saga('order-2')).toContainText('Confirmed');
  await expect(second.saga('order-2')).toContainText('Confirmed', { timeout: 10_000 });
  await expect(first.page.getByRole('button', { name: 'Take over' })).toHaveCount(0);

  // Taking over turns the old writer into a follower at once: never two writers.
  await takeOver.click();
  await expect(second.placeOrder).toBeEnabled();
  await expect(first.page.getByRole('button', { name: 'Take over' })).toBeVisible();
  await expect(first.placeOrder).toBeDisabled();
  await second.placeOrder.click();
  await expect(second.saga('order-3')).toContainText('Confirmed');
  await expect(second.page.getByText('3 started')).toBeVisible();
  await expect(first.saga('order-3')).toContainText('Confirmed', { timeout: 10_000 });

  // The writing tab closes: the follower becomes the writer by itself and carries the run on.
  await second.page.close();
  await expect(first.placeOrder).toBeEnabled({ timeout: 10_000 });
  await expect(first.page.getByRole('button', { name: 'Take over' })).toHaveCount(0);
  await expect(first.page.getByText('3 started')).toBeVisible();
  await first.placeOrder.click();
  await expect(first.saga('order-4')).toContainText('Confirmed');
});

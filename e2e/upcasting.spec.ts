import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// `schema=v1`: the run starts with the old Order service, which writes OrderPlaced v1 for its
// first orders; everything else reads v2 through the upcaster (issue 6, item 6).
const preset = '?scenario=order-saga&seed=e2e-upcasting&mode=choreography&speed=10&decline=0&schema=v1';

test('v1 events: upcaster off, readers fail and dead-letter; on + "Replay dead letters", everything converges', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(preset);
  const upcaster = playground.upcaster('OrderPlaced v1→v2');
  await expect(upcaster).toBeChecked();

  // With the upcaster: the v1 event stays v1 in the log, and the order goes through.
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  await expect(playground.eventLog.getByRole('button', { name: /OrderPlaced v1/ })).toHaveCount(1);

  // Without it: Inventory dead-letters the v1 event, the orders read model stops at it.
  await upcaster.click(); // a recorded action: the box follows the run, a moment later
  await expect(upcaster).not.toBeChecked();
  await playground.placeOrder.click();
  await expect(playground.eventLog.getByRole('button', { name: /OrderPlaced v1/ })).toHaveCount(2);
  const orders = playground.readModels.getByRole('article', { name: 'orders read model' });
  await expect(playground.deadLetter('to orders (read model')).toContainText('OrderPlaced v1 cannot be read');
  await expect(playground.deadLetter('to Inventory')).toContainText('upcaster v1→v2 is switched off');
  await expect(orders).toContainText(/\d+ behind/);
  await expect(playground.saga('order-2')).toContainText('Running');
  await page.screenshot({ path: test.info().outputPath('upcasting-stuck.png'), fullPage: true });

  // A reload re-opens the same run: still switched off, still stuck.
  await page.reload();
  await expect(playground.placeOrder).toBeVisible();
  await expect(upcaster).not.toBeChecked();
  await expect(playground.deadLetter('to orders (read model')).toHaveCount(1);

  await upcaster.click();
  await expect(upcaster).toBeChecked();
  await playground.replayDeadLetters.click();
  await expect(playground.deadLetters.getByRole('listitem')).toHaveCount(0);
  await expect(playground.saga('order-2')).toContainText('Confirmed');
  await expect(orders).toContainText('caught up');
  await expect(playground.invariant('violated')).toHaveCount(0);
  await expect(playground.invariant('ok')).not.toHaveCount(0);
});

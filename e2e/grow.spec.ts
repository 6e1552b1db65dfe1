import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 7: grow the system live. Time runs through the URL's seed and speed.
const run = '?scenario=order-saga&seed=3&speed=20&decline=0&mode=choreography';

test('a subscriber dragged in from the beginning catches up on history and reaches the head', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  for (let i = 0; i < 3; i++) await playground.placeOrder.click();
  await expect(playground.saga('order-3')).toContainText('Confirmed');
  // Paused, so the lag it starts with stays on screen long enough to read.
  await page.getByRole('button', { name: 'Pause' }).click();

  await playground.dragOntoCanvas('Subscriber');
  const dialog = playground.growDialog('subscriber');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Choose at least one event type');
  await dialog.getByLabel('Name').fill('Audit');
  await dialog.getByRole('checkbox', { name: 'OrderPlaced', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'OrderConfirmed', exact: true }).check();
  await dialog.getByRole('radio', { name: /Count/ }).check();
  await dialog.getByRole('radio', { name: /From the beginning/ }).check();
  await dialog.getByLabel('Processing time (ms)').fill('300');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();

  const audit = playground.grown('Audit', 'subscriber');
  await expect(audit).toBeVisible();
  const start = await playground.behind('Audit');
  expect(start).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => playground.behind('Audit')).toBe(0);
  await expect(audit).toContainText('caught up');
  await expect(audit).toContainText('heard 6'); // 3 × OrderPlaced + 3 × OrderConfirmed, from history
  // New orders reach it too; producers never changed.
  await playground.placeOrder.click();
  await expect(playground.saga('order-4')).toContainText('Confirmed');
  await expect(audit).toContainText('heard 8');

  await page.screenshot({ path: 'test-results/grow-subscriber.png' });

  await audit.getByRole('button', { name: 'Remove Audit' }).click();
  await expect(audit).toHaveCount(0);
});

test('Enter on the Projection item opens its dialog; the read model folds from the beginning', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');
  await playground.paletteItem('Projection').focus();
  await page.keyboard.press('Enter');
  const dialog = playground.growDialog('projection');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name').fill('Tally');
  await dialog.getByRole('checkbox', { name: 'PaymentCompleted', exact: true }).check();
  await dialog.getByRole('radio', { name: 'Count by type' }).check();
  await dialog.getByRole('button', { name: 'Add' }).click();
  const tally = playground.grown('Tally', 'projection');
  await expect(tally).toBeVisible();
  await expect.poll(() => playground.behind('Tally', 'projection')).toBe(0);
  await expect(playground.readModels).toContainText('Tally');
});

test('Payment scaled to 3: one order sticks to one instance; an instance killed, orders still confirm', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  await playground.select('Payment');
  await playground.inspector.getByLabel('Instances').selectOption('3');
  const payment = playground.service('Payment');
  await expect(payment).toContainText('×3');
  const instances = payment.getByRole('list', { name: 'Payment instances' });
  await expect(instances.getByRole('listitem')).toHaveCount(3);

  for (let i = 0; i < 4; i++) await playground.placeOrder.click();
  await expect(playground.saga('order-4')).toContainText('Confirmed');
  await playground.inspector.getByRole('button', { name: 'Kill instance 1 of Payment' }).click();
  await expect(instances).toContainText('#1 down');
  for (let i = 0; i < 4; i++) await playground.placeOrder.click();
  for (let n = 1; n <= 8; n++) await expect(playground.saga(`order-${n}`)).toContainText('Confirmed');
  await expect(playground.inspector).toContainText('#1 down');
  await expect(playground.invariant('violated')).toHaveCount(0);

  await playground.inspector.getByRole('button', { name: 'Revive instance 1 of Payment' }).click();
  await expect(instances).toContainText('#1 up');
});

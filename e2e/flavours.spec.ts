import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 9, item 1: broker flavours, chosen per run by the URL (`broker=log|queue|sqs`).
const run = '?scenario=order-saga&seed=3&speed=20&decline=0&mode=choreography';

test('the queue broker (RabbitMQ-like) refuses a subscriber from the beginning, and says why', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(`${run}&broker=queue`);
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Broker: queue (RabbitMQ-like)');
  await expect(playground.inspector).toContainText('Broker: queue (RabbitMQ-like)');
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');

  await playground.dragOntoCanvas('Subscriber');
  const dialog = playground.growDialog('subscriber');
  await dialog.getByLabel('Name').fill('Audit');
  await dialog.getByRole('checkbox', { name: 'OrderPlaced', exact: true }).check();
  await dialog.getByRole('radio', { name: /From the beginning/ }).check();
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByRole('alert')).toContainText('a message is gone once acked');
  await expect(dialog).toBeVisible();

  // From now it is bound, and hears only what is published after.
  await dialog.getByRole('radio', { name: /From now/ }).check();
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
  const audit = playground.grown('Audit', 'subscriber');
  await expect(audit).toBeVisible();
  await playground.placeOrder.click();
  await expect(playground.saga('order-2')).toContainText('Confirmed');
  await expect(audit).toContainText('heard 1');
  await page.screenshot({ path: 'test-results/flavours-queue.png' });
});

test('on the SNS/SQS broker a slow Payment outlasts the visibility timeout: delivered twice, charged once', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(`${run}&broker=sqs`);
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Broker: sqs (SNS/SQS-like)');
  await playground.select('Payment');
  await expect(playground.inspector).toContainText('Broker: sqs (SNS/SQS-like)');
  // Two instances, each taking over 1.5 s per message: longer than the 1 s visibility timeout.
  await playground.inspector.getByLabel('Instances').selectOption('2');
  const slider = playground.inspector.getByRole('slider', { name: 'Processing time' });
  const box = await slider.boundingBox();
  await slider.click({ position: { x: (box?.width ?? 0) * 0.8, y: (box?.height ?? 0) / 2 } });
  await expect(slider).toHaveAttribute('aria-valuetext', /^1[5-9]\d\d ms per message$/);
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed');

  // The other instance received it again when the timeout ran out; idempotency ignored the repeat.
  const instances = playground.inspector.getByRole('list', { name: 'Payment instances' });
  await expect(instances.getByRole('listitem')).toHaveCount(2);
  for (const item of await instances.getByRole('listitem').all())
    await expect(item).toContainText(/[1-9]\d* handled/);
  await expect
    .poll(async () => Number(await playground.inspectorFigure('duplicates ignored').textContent()))
    .toBeGreaterThan(0);
  await expect(playground.invariantNamed('no order is charged twice')).toHaveAccessibleName(/: ok$/);
  // Never deleted in time, it was received until maxReceiveCount; then the redrive policy took it.
  await expect(playground.deadLetter('to Payment')).toContainText('redriven to the dead-letter queue');
});

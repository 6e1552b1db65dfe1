import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 9: a schema registry refuses an incompatible version with the exact reason, and a producer
// publishing a payload that breaks its schema is refused, visibly.
test('the schema registry refuses an incompatible version and names why; a bad payload never reaches the log', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=42&speed=10&decline=0');
  const registry = page.getByRole('region', { name: 'Schema registry' });
  await registry.getByText('Schema registry').click();
  await registry.getByLabel('Event type').selectOption('OrderConfirmed');
  const draft = registry.getByLabel('Next version of OrderConfirmed (JSON Schema)');
  const current = JSON.parse(await draft.inputValue());
  const withCurrency = {
    ...current,
    properties: { ...current.properties, currency: { type: 'string' } },
    required: [...current.required, 'currency'],
  };
  await draft.fill(JSON.stringify(withCurrency));
  await registry.getByRole('button', { name: 'Register' }).click();
  await expect(registry.getByRole('alert')).toContainText(
    'Version 2 of "OrderConfirmed" is not BACKWARD compatible with version 1: new readers: $.currency is required by the reader',
  );
  await draft.fill(JSON.stringify({ ...withCurrency, required: current.required }));
  await registry.getByRole('button', { name: 'Register' }).click();
  await expect(registry.getByRole('status')).toHaveText('Registered as OrderConfirmed v2.');

  // A subscriber dragged in "confirms" orders with a payload of its own shape: refused at the producer.
  await playground.paletteItem('Subscriber').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New subscriber' });
  await dialog.getByLabel('Name').fill('Rogue');
  await dialog.getByRole('checkbox', { name: 'OrderPlaced', exact: true }).check();
  await dialog.getByRole('radio', { name: /React/ }).check();
  await dialog.getByLabel('Publishes').selectOption('OrderConfirmed');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
  await playground.placeOrder.click();
  await expect(playground.deadLetters).toContainText(
    'OrderConfirmed v1 does not match its schema, so it was not published: data.order is missing',
  );
  await expect(playground.eventLog.getByText('Rogue')).toHaveCount(0);
});

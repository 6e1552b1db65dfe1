import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 9: read models behave like the stores they stand for — a search index answers full-text
// queries as of its last refresh; a warehouse shows nothing until its next batch load.
test('a search-index read model answers full-text queries; a warehouse waits for its load', async ({
  page,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=41&speed=10&decline=0');
  const add = async (name: string, fold: RegExp, store: string, field = '') => {
    await playground.paletteItem('Projection').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New projection' });
    await dialog.getByLabel('Name').fill(name);
    for (const type of ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'])
      await dialog.getByRole('checkbox', { name: type, exact: true }).check();
    await dialog.getByRole('radio', { name: fold }).check();
    if (field) await dialog.getByLabel(/Key field/).fill(field);
    await dialog.getByLabel('Store').selectOption({ label: store });
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(dialog).toBeHidden();
  };
  await add('OrderSearch', /Full-text documents/, 'search index (refreshes every second)', 'order.orderId');
  await add('Nightly', /Count by type/, 'warehouse table (loaded every minute)');
  await playground.placeOrder.click();
  await playground.setOutcome('out of stock');
  await playground.placeOrder.click();
  await expect(playground.saga('order-2')).toContainText('Cancelled', { timeout: 20_000 });

  const searchModel = playground.readModels.getByRole('article', { name: 'OrderSearch read model' });
  await expect(searchModel).toContainText('search index (refreshes every second)');
  await searchModel.getByLabel('Search OrderSearch').fill('cancelled stock');
  await expect(searchModel.getByRole('status')).toHaveText('1 found: order-2');
  const nightly = playground.readModels.getByRole('article', { name: 'Nightly read model' });
  await expect(nightly).toContainText('warehouse table (loaded every minute)');
  await expect(nightly).toContainText(/behind/);
});

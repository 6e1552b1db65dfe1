import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

test('the playground loads without console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  const playground = new PlaygroundPage(page);
  await playground.goto();

  await expect(playground.heading).toBeVisible();
  await expect(page).toHaveTitle('Eventscape');
  await expect(page.getByRole('main')).toBeVisible();
  expect(errors).toEqual([]);
});

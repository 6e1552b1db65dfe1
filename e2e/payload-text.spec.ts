import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Whatever a person or a file puts in, the page shows it as text, never as markup (issue 5).
test('markup in the URL is shown as text, never run or rendered', async ({ page }) => {
  const hostile = '<img src=x onerror="document.title=1">';
  const playground = new PlaygroundPage(page);
  await playground.goto(`?seed=${encodeURIComponent(hostile)}&scenario=${encodeURIComponent('<b>bold</b>')}`);
  await expect(page.getByText(`The seed "${hostile}`)).toBeVisible();
  await expect(page.getByText('There is no scenario "<b>bold</b>"')).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  await expect(page).toHaveTitle('Eventscape');
});

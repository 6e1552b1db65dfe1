import type { Page } from '@playwright/test';
import { tours } from '../src/app/tours';
import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

/** What a person does by hand on a step that has no "Do it" but asks for something (tour id → step). */
const byHand: Record<string, Record<number, (playground: PlaygroundPage, page: Page) => Promise<void>>> = {
  'time-travel': {
    2: async (playground) => {
      const confirmed = playground.eventLog.getByRole('button', { name: /OrderConfirmed/ });
      const position = Number(/^#(\d+)/.exec((await confirmed.getAttribute('aria-label')) ?? '')?.[1]);
      await playground.scrubTo(position - 1);
      await expect(playground.timelineStatus).toContainText(`#${position - 1} `);
    },
    3: async (playground) => {
      await playground.goLive.click();
    },
  },
  'skip-and-replay': {
    2: async (playground, page) => {
      await playground.eventLog.getByRole('button', { name: /PaymentCompleted/ }).click();
      const inspector = page.getByRole('complementary', { name: 'Inspector' });
      await inspector.getByRole('button', { name: 'Replay without this event' }).click();
      await expect(playground.branchSwitcher).toHaveValue('branch-1');
      await expect(page).toHaveURL(/branch=branch-1/);
      await expect(page).toHaveURL(/tour=skip-and-replay&step=2/); // the tour survives the branch switch
    },
  },
};

// Each tour opens a run of its own: they can walk side by side.
test.describe.configure({ mode: 'parallel' });

test('the Tours menu lists every tour and works from the keyboard', async ({ page }) => {
  const second = tours[1];
  if (!second) throw new Error('Fewer than two tours');
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=tours-menu');
  await playground.toursButton.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Tours' });
  await expect(menu.getByRole('menuitem')).toHaveText(tours.map((t) => new RegExp(`^${t.title}`)));
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: second.title })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(playground.toursButton).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter'); // the second tour
  await expect(playground.tour.getByRole('heading', { name: new RegExp(`^${second.title}`) })).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`tour=${second.id}&step=1`));
});

for (const tour of tours) {
  test(`tour: ${tour.title}, walked to its end`, async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.goto('?scenario=order-saga&seed=tours-start');
    await playground.startTour(tour.title);
    for (const [i, step] of tour.steps.entries()) {
      const n = i + 1;
      await expect(playground.tour).toContainText(`Step ${n} of ${tour.steps.length}: ${step.title}`);
      if (step.doIt) await playground.tourButton('Do it').click();
      await byHand[tour.id]?.[n]?.(playground, page);
      await expect(playground.tourCheck, `${tour.id} step ${n}`).toHaveText('✓ happened', {
        timeout: 30_000,
      });
      if (n === 1 && (tour.id === 'idempotency' || tour.id === 'eventual-consistency'))
        await page.screenshot({ path: `test-results/tour-${tour.id}.png` });
      if (n < tour.steps.length) await playground.tourButton('Next').click();
    }
    await expect(playground.tourButton('Next')).toBeDisabled();
    await expect(page).toHaveURL(new RegExp(`tour=${tour.id}&step=${tour.steps.length}`));
    await playground.tourButton('End tour').click();
    await expect(playground.tour).toHaveCount(0);
    await expect(page).not.toHaveURL(/tour=/);
  });
}

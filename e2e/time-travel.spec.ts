import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

const run = '?scenario=order-saga&seed=3&speed=20&decline=0&mode=choreography';

test('scrub back to see an order still running, step with the keyboard, and go live', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto(run);
  await playground.kill('Payment');
  for (let i = 0; i < 3; i++) await playground.placeOrder.click();
  await expect.poll(() => playground.inbox('Payment')).toBeGreaterThan(0);
  await playground.revive('Payment');
  for (const order of ['order-1', 'order-2', 'order-3'])
    await expect(playground.saga(order)).toContainText('Confirmed');
  await expect.poll(() => playground.timelinePosition()).toBe(await playground.timelineLength());
  const length = await playground.timelineLength();
  expect(length).toBeGreaterThan(20);
  // The kill and the revive are marked on the timeline.
  await expect(page.locator('.timeline-markers .marker.kill')).toHaveCount(1);
  await expect(page.locator('.timeline-markers .marker.revive')).toHaveCount(1);

  // Early in the run order-1 was placed and nothing had confirmed it yet.
  await playground.scrubTo(2);
  await expect(playground.timeline).toHaveAttribute('aria-valuenow', '2');
  await expect(playground.timeline).toHaveAttribute('aria-valuemax', String(length));
  await expect(playground.timelineStatus).toContainText('Viewing the past');
  await expect(playground.timelineStatus).toContainText(/#2 \w+ at [\d,]+ ms/);
  await expect(playground.saga('order-1')).toContainText('Running');
  await expect(playground.eventLog.locator('li[aria-current="true"]')).toContainText('#2');
  await expect(playground.placeOrder).toBeEnabled(); // acting in the past forks a branch (branches.spec.ts)

  // ← / → on the slider move one message; so do they anywhere else on the page while scrubbing.
  await playground.timeline.press('ArrowRight');
  await expect(playground.timeline).toHaveAttribute('aria-valuenow', '3');
  await playground.timeline.press('ArrowLeft');
  await playground.timeline.press('ArrowLeft');
  await expect(playground.timeline).toHaveAttribute('aria-valuenow', '1');
  await playground.timeline.blur();
  await page.keyboard.press('ArrowRight');
  await expect(playground.timeline).toHaveAttribute('aria-valuenow', '2');
  await expect(playground.saga('order-1')).toContainText('Running');

  // The live run waited where it was: going live shows the latest state again.
  await playground.goLive.click();
  await expect(playground.timelineStatus).toContainText('Live');
  await expect(playground.timeline).toHaveAttribute('aria-valuenow', String(length));
  for (const order of ['order-1', 'order-2', 'order-3'])
    await expect(playground.saga(order)).toContainText('Confirmed');
  await expect(playground.placeOrder).toBeEnabled();
});

test('replaying history never sends an email or charges a card again', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=12&speed=10&decline=0');
  await playground.placeOrder.click();
  await playground.placeOrder.click();
  await expect(playground.saga('order-2')).toContainText('Confirmed', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const live = (await playground.timelineStatus.textContent()) ?? '';
  const performed = /(\d+) effects performed/.exec(live)?.[1];
  expect(Number(performed)).toBeGreaterThanOrEqual(4); // two charges and two emails, at least

  // Rebuilding moments re-runs every handler, effects included: all answered from the record.
  const length = await playground.timelineLength();
  await playground.scrubTo(length - 1);
  await expect(playground.timelineStatus).toContainText(
    new RegExp(
      `\\d+ effects? suppressed during replay \\(the outside world saw ${performed} effects performed\\)`,
    ),
  );
  await playground.scrubTo(3);
  await playground.scrubTo(length);
  await playground.goLive.click();
  await expect(playground.timelineStatus).toContainText(
    `Live: ${length} messages · ${performed} effects performed`,
  );
});

import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PlaygroundPage } from './pages/PlaygroundPage';

// Issue 8: a run handed to a colleague reproduces exactly; a hostile file changes nothing.

async function exportLog(page: Page): Promise<unknown[]> {
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Log as CloudEvents' }).click();
  const file = await (await downloaded).path();
  return JSON.parse(await readFile(file, 'utf8')) as unknown[];
}

/** Two orders, one declined, all finished; then the run is paused so its log stops growing. */
async function settledRun(playground: PlaygroundPage): Promise<void> {
  await playground.placeOrder.click();
  await playground.setOutcome('payment declined');
  await playground.placeOrder.click();
  await expect(playground.saga('order-1')).toContainText('Confirmed', { timeout: 20_000 });
  await expect(playground.saga('order-2')).toContainText('Cancelled', { timeout: 20_000 });
  await expect(playground.page.getByRole('article', { name: 'Payment service' })).toContainText('inbox 0');
  await playground.page.getByRole('button', { name: 'Pause' }).click();
}

test('a share link opened in a fresh browser reproduces the same log', async ({ page, browser }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=31&speed=10');
  await settledRun(playground);
  const log = await exportLog(page);
  expect(log.length).toBeGreaterThan(10);

  await page.getByRole('button', { name: 'Export ▾' }).click();
  await page.getByRole('menuitem', { name: 'Share link' }).click();
  const link = await page.getByRole('status').getByRole('textbox').inputValue();
  expect(link).toMatch(/#run=[A-Za-z0-9_-]+$/);

  const colleague = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const theirs = new PlaygroundPage(await colleague.newPage());
  await theirs.page.goto(link);
  await expect(theirs.placeOrder).toBeVisible();
  await expect(theirs.timeline).toHaveAttribute('aria-valuemax', String(log.length));
  await theirs.page.getByRole('button', { name: 'Pause' }).click();
  expect(await exportLog(theirs.page)).toEqual(log);
  // A reload resumes the shared run rather than reproducing it again.
  await theirs.page.reload();
  await expect(theirs.timeline).toHaveAttribute('aria-valuemax', String(log.length));
  await colleague.close();
});

test('a run file opens the same run; a hostile one says why and changes nothing', async ({ page }, info) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=32&speed=10');
  await settledRun(playground);
  const log = await exportLog(page);

  await page.getByRole('button', { name: 'Export ▾' }).click();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Run file', exact: true }).click();
  const runFile = await readFile(await (await downloaded).path(), 'utf8');

  const hostile = JSON.stringify({
    ...JSON.parse(runFile),
    actions: [{ at: 0, action: { type: '<script>' } }],
  });
  await page.getByLabel('Open run file').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(hostile),
  });
  await expect(page.getByRole('alert')).toContainText('This run file cannot be opened: actions.0.action');
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  expect(await exportLog(page)).toEqual(log);

  await page.getByLabel('Open run file').setInputFiles({
    name: 'run.json',
    mimeType: 'application/json',
    buffer: Buffer.from(runFile),
  });
  await page.waitForURL(/#run=/);
  await expect(playground.timeline).toHaveAttribute('aria-valuemax', String(log.length));
  await expect(playground.saga('order-2')).toContainText('Cancelled');
  await page.getByRole('button', { name: 'Pause' }).click();
  expect(await exportLog(page)).toEqual(log);
  await page.screenshot({ path: info.outputPath('shared-run.png') });
});

test('export the log, clear, import it: the same log, read-only, with its moments; a hostile log changes nothing', async ({
  page,
  browser,
}) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=33&speed=10');
  await settledRun(playground);
  const log = await exportLog(page);
  const file = {
    name: 'log.json',
    mimeType: 'application/cloudevents-batch+json',
    buffer: Buffer.from(JSON.stringify(log)),
  };

  // Cleared: a fresh browser profile with nothing stored.
  const fresh = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const other = new PlaygroundPage(await fresh.newPage());
  await other.goto('?scenario=order-saga&seed=1');
  await other.page.getByLabel('Import log').setInputFiles(file);
  await other.page.waitForURL(/#import=[0-9a-f]+$/);
  await expect(other.timeline).toHaveAttribute('aria-valuemax', String(log.length));
  await expect(other.page.getByText(/An imported log/)).toBeVisible();
  await expect(other.placeOrder).toBeDisabled();
  await expect(other.saga('order-2')).toContainText('Cancelled');
  expect(await exportLog(other.page)).toEqual(log);
  const imported = other.page.url();

  // Its moments are folds of the log: scrub back to the first message and order-2 has not started.
  await other.scrubTo(1);
  await expect(other.timelineStatus).toContainText('#1 PlaceOrder');
  await expect(other.saga('order-1')).toContainText('Running');
  await expect(other.saga('order-2')).toHaveCount(0);

  // The same file again adds nothing and opens the same import.
  const reloaded = other.page.waitForEvent('load');
  await other.page.getByLabel('Import log').setInputFiles(file);
  await reloaded;
  expect(other.page.url()).toBe(imported);
  await expect(other.timeline).toHaveAttribute('aria-valuemax', String(log.length));

  // A hostile file: refused with its reason; the import on show is untouched.
  const hostile = JSON.stringify(log).replace('"data":{', '"data":{"__proto__":{"polluted":true},');
  await other.page.getByLabel('Import log').setInputFiles({ ...file, buffer: Buffer.from(hostile) });
  await expect(other.page.getByRole('alert').filter({ hasText: '__proto__' })).toContainText(
    'The file has a key "__proto__"',
  );
  expect(
    await other.page.evaluate(() => ({}) as Record<string, unknown>).then((o) => o.polluted),
  ).toBeUndefined();
  expect(await exportLog(other.page)).toEqual(log);
  await fresh.close();
});

test('the graph exports as a PNG and the topology as AsyncAPI', async ({ page }, info) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=34&speed=10');
  await playground.kill('Payment');
  const grab = async (name: string) => {
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('menuitem', { name }).click();
    const file = await (await downloaded).path();
    return readFile(file);
  };
  const png = await grab('Graph as PNG');
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(5_000);
  await writeFile(info.outputPath('graph.png'), png);
  const asyncApi = JSON.parse((await grab('AsyncAPI document')).toString('utf8'));
  expect(asyncApi.asyncapi).toBe('3.0.0');
  expect(Object.keys(asyncApi.channels)).toContain('OrderPlaced');
});

test('a link shared while looking at the past opens at that moment', async ({ page, browser }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('?scenario=order-saga&seed=35&speed=10');
  await settledRun(playground);
  await playground.scrubTo(5);
  await expect(playground.timelineStatus).toContainText('#5 ');
  await page.getByRole('button', { name: 'Export ▾' }).click();
  await page.getByRole('menuitem', { name: 'Share link' }).click();
  const link = await page.getByRole('status').getByRole('textbox').inputValue();

  const colleague = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const theirs = new PlaygroundPage(await colleague.newPage());
  await theirs.page.goto(link);
  await expect(theirs.timeline).toHaveAttribute('aria-valuenow', '5');
  await expect(theirs.timelineStatus).toContainText('Viewing the past');
  await colleague.close();
});

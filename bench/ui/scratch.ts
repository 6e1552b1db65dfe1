import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage } from '../../e2e/storage-pages';
import { buildApp, servePreview } from './serve';
import { intervals, percentile } from './stats';

const out = process.env.OUT ?? (await mkdtemp(join(tmpdir(), 'ui-')));
if (!process.env.OUT) await buildApp(out);
const server = await servePreview(out);
const probe = await bundlePage('bench/ui/probe.ts');
const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
const speed = process.env.SPEED ?? '1';
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript({ content: probe });
  const page = await context.newPage();
  page.on('console', (m) => console.error('console', m.text()));
  await page.goto(`${server.origin}/?scenario=order-saga&seed=1&speed=${speed}`);
  console.log('first', await page.evaluate(() => window.eventscapeUiProbe.firstRender));
  await page.waitForTimeout(1000);
  const e = await page.evaluate(() => window.eventscapeUiProbe.sampleFrames(3000, 250));
  console.log('empty p95', percentile(intervals(e.times), 95), 'n', e.times.length);
  await page.getByLabel('Traffic').selectOption({ label: '100 orders/s' });
  const t0 = await page.evaluate(() => performance.now());
  for (let i = 0; i < 6; i++) {
    const s = await page.evaluate(() => window.eventscapeUiProbe.sampleFrames(2000, 250));
    const started = await page.locator('.orders-started').textContent();
    console.log('t', i * 2, 'p95', percentile(intervals(s.times), 95), 'n', s.times.length, 'inflight', s.inFlight.join(','), started);
  }
  const t1 = await page.evaluate(() => performance.now());
  const lt = await page.evaluate(([a, b]) => window.eventscapeUiProbe.longTasks(a, b), [t0, t1] as const);
  console.log('longtasks', lt.length, lt.map((t) => t.duration.toFixed(0)).join(','));
  const lf = await page.evaluate(([a, b]) => window.eventscapeUiProbe.longFrames(a, b), [t0, t1] as const);
  console.log('longframes', lf.length);
  console.log(JSON.stringify(lf.slice(0, 5), null, 1));
  await page.screenshot({ path: '/tmp/ui-loaded.png' });
} finally {
  await browser.close();
  await server.close();
}

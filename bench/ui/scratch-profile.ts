import { writeFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage } from '../../e2e/storage-pages';
import { servePreview } from './serve';

const out = '/tmp/es-dist-dev';
if (!process.env.SKIP_BUILD)
  await build({ root: process.cwd(), logLevel: 'error', build: { outDir: out, emptyOutDir: true, minify: false } });
const server = await servePreview(out);
const probe = await bundlePage('bench/ui/probe.ts');
const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
const seconds = Number(process.env.SECONDS_ ?? 10);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript({ content: probe });
  const page = await context.newPage();
  await page.goto(`${server.origin}/?scenario=order-saga&seed=1&speed=1`);
  await page.evaluate(() => window.eventscapeUiProbe.firstRender);
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.getByLabel('Traffic').selectOption({ label: '100 orders/s' });
  await cdp.send('Profiler.start');
  const s = await page.evaluate((ms) => window.eventscapeUiProbe.sampleFrames(ms, 500), seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  console.log('frames', s.times.length, 'inflight', s.inFlight.join(','));
  await writeFile('/tmp/ui.cpuprofile', JSON.stringify(profile));
  // self and total time per function
  type N = (typeof profile.nodes)[number];
  const byId = new Map<number, N>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  const key = (n: N) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id) as N;
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as N);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n');
  console.log('--- self\n' + top(selfBy, 40));
  console.log('--- total\n' + top(totalBy, 70));
} finally {
  await browser.close();
  await server.close();
}

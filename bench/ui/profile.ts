import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage } from '../../e2e/storage-pages';
import { add, cpuTimes, top } from './cpuProfile';
import type { LongFrame } from './probe';
import { buildApp, servePreview } from './serve';
import { intervals, percentile } from './stats';

/*
 * Where the time goes under load: `npx tsx bench/ui/profile.ts [seconds]`. Same page and traffic as
 * the benchmark, on an unminified build (readable function names), with a V8 CPU profile and a
 * Chromium trace of the traffic run. Prints JS self / inclusive time per function and main-thread
 * self time per trace event (script, layout, paint, GC, …); writes the raw files to /tmp/eventscape-ui.*.
 * Profiling slows the page: read shares, not absolute figures.
 */
const seconds = Number(process.argv[2] ?? 10);
const outDir = await mkdtemp(join(tmpdir(), 'eventscape-ui-profile-'));
await buildApp(outDir, { minify: false });
const server = await servePreview(outDir);
const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript({ content: await bundlePage('bench/ui/probe.ts') });
  const page = await context.newPage();
  await page.goto(`${server.origin}/?scenario=order-saga&seed=1&speed=1`);
  await page.evaluate(() => window.eventscapeUiProbe.firstRender);
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const t0 = await page.evaluate(() => window.eventscapeUiProbe.now());
  await page.getByLabel('Traffic').selectOption({ label: '100 orders/s' });
  await cdp.send('Profiler.start');
  const s = await page.evaluate((ms) => window.eventscapeUiProbe.sampleFrames(ms, 1000), seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const trace = await browser.stopTracing();
  await writeFile('/tmp/eventscape-ui.cpuprofile', JSON.stringify(profile));
  await writeFile('/tmp/eventscape-ui.trace.json', trace);
  console.log(
    `${seconds} s at 100 orders/s: frame p95 ${percentile(intervals(s.times), 95).toFixed(1)} ms, ` +
      `${s.times.length} frames, in flight ${s.inFlight.join(' ')}`,
  );
  const frames = await page.evaluate((t) => window.eventscapeUiProbe.longFrames(t, Infinity), t0);
  console.log(
    `--- scripts in long animation frames (> 50 ms), by what started them\n${top(loafTimes(frames), 10)}`,
  );
  console.log(`--- JS self time\n${top(cpuTimes(profile).self, 25)}`);
  console.log(`--- JS inclusive time\n${top(cpuTimes(profile).total, 60)}`);
  console.log(`--- main-thread trace events (self time)\n${top(traceTimes(trace.toString()), 25)}`);
} finally {
  await browser.close();
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}

/** Script ms per invoker and function in animation frames over 50 ms (microtasks count to their task). */
function loafTimes(frames: readonly LongFrame[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of frames)
    if (f.duration > 50)
      for (const s of f.scripts) add(out, `${s.invoker} ${s.source.replace(/:\d+$/, '')}`, s.duration);
  return out;
}

/** Self ms (children subtracted) per complete ('X') trace event on the renderer's main thread. */
function traceTimes(json: string): Map<string, number> {
  type Event = {
    name: string;
    ph: string;
    ts: number;
    dur?: number;
    tid: number;
    pid: number;
    args?: { name?: string };
  };
  const events = (JSON.parse(json) as { traceEvents: Event[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const own = events
    .filter((e) => e.ph === 'X' && e.tid === main?.tid && e.pid === main.pid)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out = new Map<string, number>();
  const open: { end: number; name: string }[] = [];
  for (const e of own) {
    const dur = (e.dur ?? 0) / 1000;
    while (open.length > 0 && (open.at(-1) as { end: number }).end <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) add(out, parent.name, -dur);
    add(out, e.name, dur);
    open.push({ end: e.ts + (e.dur ?? 0), name: e.name });
  }
  return out;
}

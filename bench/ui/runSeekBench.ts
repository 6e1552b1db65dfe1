import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage, openScriptPage } from '../../e2e/storage-pages';
import { Random } from '../../src/engine/random';
import type { CpuProfile } from './cpuProfile';
import { buildSeekFixture } from './seekFixture';
import { buildApp, servePreview } from './serve';
import { median, percentile, round } from './stats';

export interface SeekBenchOptions {
  /** Messages in the run (default 100,000). */
  readonly messages?: number;
  /** Seeks per repetition (default 60), to random positions. */
  readonly seeks?: number;
  /** Repetitions, each a fresh page load; p95 is per repetition, then the median (default 3). */
  readonly runs?: number;
  readonly progress?: (line: string) => void;
  /**
   * Profile the seeks: an unminified build, and each repetition's V8 CPU profile of its seeks is
   * handed here (profileSeek.ts prints where the time went).
   */
  readonly profile?: (profile: CpuProfile, rep: number) => void;
  /** An unminified build, for tools that name functions (CPU profiles, traces). */
  readonly unminified?: boolean;
  /** Called in each repetition right before its seeks, and right after them (tools: traces, DOM counts). */
  readonly around?: {
    readonly before: (page: Page, rep: number) => Promise<void>;
    readonly after: (page: Page, rep: number) => Promise<void>;
  };
}

const QUERY = '?scenario=order-saga&seed=1&speed=1';

/**
 * `seek_p95_ms_100k` (issue 6, item 7): the playground resumes a 100,000-message run (built headless
 * by the same driver and time machine, then written into IndexedDB as the page keeps it), and the
 * Timeline slider is set to random positions; each seek is timed in the page from the slider's input
 * event to the first paint after the timeline says it shows that message.
 */
export async function runSeekBench(options: SeekBenchOptions = {}) {
  const size = options.messages ?? 100_000;
  const seeks = options.seeks ?? 60;
  const runs = options.runs ?? 3;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  progress(`seek: building a ${size.toLocaleString('en')}-message run headless`);
  const fixture = await buildSeekFixture(size, QUERY);
  progress(
    `seek: built in ${(fixture.buildMs / 1000).toFixed(1)} s, ${fixture.checkpoints.length} checkpoints`,
  );
  const outDir = await mkdtemp(join(tmpdir(), 'eventscape-seek-bench-'));
  try {
    await buildApp(outDir, { minify: !(options.profile || options.unminified) });
    const server = await servePreview(outDir);
    const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
    try {
      const context = await browser.newContext({
        baseURL: server.origin,
        viewport: { width: 1400, height: 900 },
      });
      const base = `${server.origin}/__seek`;
      const files: Record<string, string> = {
        'meta.json': JSON.stringify({
          query: QUERY,
          saved: fixture.saved,
          checkpoints: fixture.checkpoints.length,
        }),
        'messages.json': JSON.stringify(fixture.messages),
      };
      await context.route(`${base}/*`, (route) => {
        const name = route
          .request()
          .url()
          .slice(base.length + 1);
        const index = /^checkpoint-(\d+)\.json$/.exec(name)?.[1];
        const body = index === undefined ? files[name] : JSON.stringify(fixture.checkpoints[Number(index)]);
        return body === undefined
          ? route.fulfill({ status: 404 })
          : route.fulfill({ body, contentType: 'application/json' });
      });
      const loader = await openScriptPage(context, {
        origin: server.origin,
        name: 'seek-loader',
        script: await bundlePage('bench/ui/seekLoader.ts'),
        log: progress,
      });
      await loader.waitForFunction(() => 'eventscapeSeekLoader' in window);
      const loaded = await loader.evaluate((b) => window.eventscapeSeekLoader.load(b), base);
      progress(`seek: stored ${loaded.messages} messages in ${(loaded.ms / 1000).toFixed(1)} s`);

      await context.addInitScript({ content: await bundlePage('bench/ui/seekProbe.ts') });
      const random = new Random('seek-bench');
      const p95s: number[] = [];
      const p50s: number[] = [];
      const prepareMs: number[] = [];
      let openMs = 0;
      let unprepared: number[] = [];
      // Repetition 0 seeks at once after opening, while the timeline is still being prepared;
      // the others wait until it is (the figure the target is about).
      for (let rep = 0; rep <= runs; rep++) {
        const page = await context.newPage();
        const opened = performance.now();
        await page.goto(`/${QUERY}`);
        const slider = page.getByRole('slider', { name: 'Timeline' });
        await slider.waitFor();
        await page.waitForFunction(
          (n) =>
            Number(document.querySelector('input[aria-label="Timeline"]')?.getAttribute('aria-valuemax')) >=
            n,
          fixture.messages.length,
          { timeout: 120_000 },
        );
        openMs = performance.now() - opened;
        if (rep > 0) prepareMs.push(await prepared(page));
        const length = fixture.messages.length;
        const positions = Array.from({ length: seeks }, () => 1 + random.int(length));
        const cdp = options.profile ? await context.newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await cdp.send('Profiler.start');
        }
        await options.around?.before(page, rep);
        const times = await page.evaluate((ps) => window.eventscapeSeekProbe.timeSeeks(ps), positions);
        await options.around?.after(page, rep);
        if (cdp) options.profile?.((await cdp.send('Profiler.stop')).profile, rep);
        if (rep === 0) unprepared = times;
        else {
          p95s.push(percentile(times, 95));
          p50s.push(median(times));
        }
        progress(
          `seek ${rep}/${runs}${rep === 0 ? ' (at once, unprepared)' : ` (prepared in ${((prepareMs.at(-1) ?? 0) / 1000).toFixed(1)} s)`}: opened in ${(openMs / 1000).toFixed(1)} s; p50 ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; slowest ${worst(times)}`,
        );
        await page.close();
      }
      return {
        seek_p95_ms_100k: round(median(p95s)),
        seek_p50_ms_100k: round(median(p50s)),
        seek_messages: fixture.messages.length,
        seek_checkpoints: fixture.checkpoints.length,
        seek_positions_per_run: seeks,
        seek_runs: runs,
        seek_open_ms: round(openMs, 0),
        seek_prepare_ms: round(median(prepareMs), 0),
        seek_p95_ms_100k_unprepared: round(percentile(unprepared, 95)),
      };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** The five slowest seeks, each with its place in the repetition: "41.2 ms (seek 1), …". */
function worst(times: readonly number[]): string {
  return times
    .map((ms, i) => ({ ms, i }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map(({ ms, i }) => `${ms.toFixed(1)} ms (seek ${i})`)
    .join(', ');
}

/**
 * Waits until the page has prepared its timeline (the "Preparing the timeline" progress bar shows
 * while it re-builds checkpoints in idle time, and goes); returns how long that took from now.
 */
async function prepared(page: Page): Promise<number> {
  const started = performance.now();
  const bar = page.getByRole('progressbar', { name: 'Preparing the timeline' });
  await bar.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {}); // nothing to prepare
  await bar.waitFor({ state: 'hidden', timeout: 300_000 });
  return performance.now() - started;
}

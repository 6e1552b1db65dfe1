import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage, openScriptPage } from '../../e2e/storage-pages';
import type { PageOptions } from './page';

export interface BrowserBenchOptions {
  /** Events per append measurement (default 10,000). */
  readonly events?: number;
  /** Repetitions per figure; the median is reported (default 5). */
  readonly runs?: number;
  /** Appends (or records) per tick / transaction (default 100, a busy simulation frame). */
  readonly batch?: number;
  /** Events in the rebuild database (default 100,000). */
  readonly rebuildEvents?: number;
  readonly progress?: (line: string) => void;
}

/**
 * The IndexedDB benchmark (issue 3, item 5): headless Chromium with a persistent profile in a fresh
 * temp dir (so IndexedDB writes real files), one page that runs every contender interleaved, and
 * ONE object of figures from that run. See bench/browser/README.md for what each figure means.
 */
export async function runBrowserBench(
  options: BrowserBenchOptions = {},
): Promise<Record<string, number | string>> {
  const pageOptions: PageOptions = {
    events: options.events ?? 10_000,
    runs: options.runs ?? 5,
    batch: options.batch ?? 100,
    rebuildEvents: options.rebuildEvents ?? 100_000,
  };
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const script = await bundlePage('bench/browser/page.ts');
  const profile = await mkdtemp(join(tmpdir(), 'eventscape-bench-'));
  const launch = chromiumLaunchOptions();
  const context = await chromium.launchPersistentContext(profile, {
    ...launch,
    headless: true,
    // gc() between measurements, so one contender's garbage is not collected on another's clock.
    args: [...(launch.args ?? []), '--js-flags=--expose-gc'],
  });
  try {
    const page = await openScriptPage(context, {
      origin: 'http://127.0.0.1:4180',
      name: 'bench',
      script,
      log: progress,
    });
    await page.waitForFunction(() => 'eventscapeBench' in window);
    return await page.evaluate((o) => window.eventscapeBench.run(o), pageOptions);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

import type { Browser, Page } from '@playwright/test';
import { PlaygroundPage } from '../../e2e/pages/PlaygroundPage';
import { intervals, percentile } from './stats';

/** What one repetition is asked to do (see runUiBench.ts for the defaults). */
export interface RunPlan {
  readonly origin: string;
  readonly query: string;
  readonly viewport: { readonly width: number; readonly height: number };
  /** The in-page probe (probe.ts, bundled), installed before the app's scripts. */
  readonly probe: string;
  /** Quiet time after the first render, before the empty graph is sampled. */
  readonly settleMs: number;
  /** Length of each frame-sampling window. */
  readonly sampleMs: number;
  /** The traffic run whose long tasks are counted; the loaded frame window lies inside it. */
  readonly loadMs: number;
  readonly trafficLabel: string;
  readonly minInFlight: number;
}

/** One repetition's raw figures. */
export interface RunSample {
  readonly firstRenderMs: number;
  readonly firstContentfulPaintMs: number;
  readonly emptyP95: number;
  readonly loadedP95: number;
  /** ms from switching traffic on until the page showed `minInFlight` messages (NaN: never). */
  readonly rampMs: number;
  readonly inFlight: readonly number[];
  readonly longTasks: readonly number[];
  readonly ordersPerSecond: number;
}

const INFLIGHT_READ_EVERY_MS = 250;

/**
 * One repetition in a fresh browser context (so IndexedDB is empty and the URL opens a new run):
 * first render, the empty graph's frames, then traffic through the page's own Traffic control, the
 * loaded graph's frames once enough messages are in flight, and the long tasks of the traffic run.
 */
export async function measureRun(browser: Browser, plan: RunPlan): Promise<RunSample> {
  const context = await browser.newContext({ baseURL: plan.origin, viewport: plan.viewport });
  try {
    await context.addInitScript({ content: plan.probe });
    const page = await context.newPage();
    const playground = new PlaygroundPage(page);
    await playground.goto(plan.query);
    const firstRenderMs = await page.evaluate(() => window.eventscapeUiProbe.firstRender);
    const firstContentfulPaintMs = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    await page.waitForTimeout(plan.settleMs);
    const empty = await sample(page, plan.sampleMs);

    const startedBefore = await ordersStarted(page);
    const t0 = await page.evaluate(() => window.eventscapeUiProbe.now());
    await page.getByLabel('Traffic').selectOption({ label: plan.trafficLabel });
    const reached = await page
      .waitForFunction((n) => window.eventscapeUiProbe.inFlight() >= n, plan.minInFlight, {
        polling: 100,
        timeout: Math.max(1000, plan.loadMs - plan.sampleMs),
      })
      .then(
        () => page.evaluate(() => window.eventscapeUiProbe.now()),
        () => Number.NaN,
      );
    const loaded = await sample(page, plan.sampleMs);
    const left = t0 + plan.loadMs - (await page.evaluate(() => window.eventscapeUiProbe.now()));
    if (left > 0) await page.waitForTimeout(left);
    const t1 = await page.evaluate(() => window.eventscapeUiProbe.now());
    const startedAfter = await ordersStarted(page);
    const longTasks = await page.evaluate(
      ([from, to]) => window.eventscapeUiProbe.longTasks(from, to).map((t) => t.duration),
      [t0, t0 + plan.loadMs] as const,
    );
    return {
      firstRenderMs,
      firstContentfulPaintMs,
      emptyP95: empty.p95,
      loadedP95: loaded.p95,
      rampMs: reached - t0,
      inFlight: loaded.inFlight,
      longTasks,
      ordersPerSecond: ((startedAfter - startedBefore) / (t1 - t0)) * 1000,
    };
  } finally {
    await context.close();
  }
}

async function sample(page: Page, ms: number): Promise<{ p95: number; inFlight: number[] }> {
  const s = await page.evaluate(([w, every]) => window.eventscapeUiProbe.sampleFrames(w, every), [
    ms,
    INFLIGHT_READ_EVERY_MS,
  ] as const);
  return { p95: percentile(intervals(s.times), 95), inFlight: s.inFlight };
}

/** The "N started" counter next to the Traffic control. */
async function ordersStarted(page: Page): Promise<number> {
  const text = (await page.getByText(/^\d+ started$/).textContent()) ?? '';
  return Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
}

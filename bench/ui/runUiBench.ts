import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage } from '../../e2e/storage-pages';
import { initialJsGzipKb } from './bundle';
import { type UiFigures, uiFigures } from './figures';
import { measureRun, type RunPlan, type RunSample } from './measureRun';
import { buildApp, servePreview } from './serve';

export interface UiBenchOptions {
  /** Repetitions, each in a fresh browser context; medians are reported (default 5). */
  readonly runs?: number;
  /** Frame-sampling window, empty and loaded (default 5,000 ms). */
  readonly sampleMs?: number;
  /** The traffic run whose long tasks are counted (default 10,000 ms). */
  readonly loadMs?: number;
  readonly progress?: (line: string) => void;
}

const VIEWPORT = { width: 1400, height: 900 } as const;
const QUERY = '?scenario=order-saga&seed=1&speed=1';
const TRAFFIC = '100 orders/s';
const MIN_IN_FLIGHT = 500;

/**
 * The UI benchmark (issue 5, item 8): builds the production bundle into a temp dir, serves it with
 * `vite preview` on a free port, and drives the playground in headless Chromium (the system one, via
 * `chromiumLaunchOptions()`), returning ONE object of figures from that run. See bench/ui/README.md.
 */
export async function runUiBench(options: UiBenchOptions = {}): Promise<UiFigures> {
  const runs = options.runs ?? 5;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const outDir = await mkdtemp(join(tmpdir(), 'eventscape-ui-bench-'));
  try {
    progress('ui: vite build');
    await buildApp(outDir);
    const bundle = await initialJsGzipKb(outDir);
    progress(`ui: initial JS ${bundle.files.join(', ')}: ${bundle.kb.toFixed(1)} kB gzip`);
    const server = await servePreview(outDir);
    const launch = chromiumLaunchOptions();
    const browser = await chromium.launch({ ...launch, headless: true });
    try {
      const plan: RunPlan = {
        origin: server.origin,
        query: QUERY,
        viewport: VIEWPORT,
        probe: await bundlePage('bench/ui/probe.ts'),
        settleMs: 1000,
        sampleMs: options.sampleMs ?? 5000,
        loadMs: options.loadMs ?? 10_000,
        trafficLabel: TRAFFIC,
        minInFlight: MIN_IN_FLIGHT,
      };
      const samples: RunSample[] = [];
      for (let rep = 1; rep <= runs; rep++) {
        const s = await measureRun(browser, plan);
        samples.push(s);
        progress(
          `ui ${rep}/${runs}: first render ${s.firstRenderMs.toFixed(0)} ms, frame p95 empty ` +
            `${s.emptyP95.toFixed(1)} / loaded ${s.loadedP95.toFixed(1)} ms, in flight ` +
            `${Math.min(...s.inFlight)}–${Math.max(...s.inFlight)}, ${s.longTasks.length} long tasks, ` +
            `${s.ordersPerSecond.toFixed(0)} orders/s`,
        );
      }
      const gpu = (launch.args ?? []).includes('--disable-gpu') ? 'disabled (software raster)' : 'default';
      return {
        ...uiFigures(samples, bundle.kb),
        ui_runs: runs,
        ui_viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
        ui_url: QUERY,
        ui_traffic: TRAFFIC,
        ui_sample_ms: plan.sampleMs,
        ui_load_ms: plan.loadMs,
        ui_gpu: gpu,
        ui_chromium: browser.version(),
      };
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

import { chromium } from '@playwright/test';
import { build, type Plugin } from 'vite';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { bundlePage } from '../../e2e/storage-pages';
import { measureRun, type RunSample } from './measureRun';
import { servePreview } from './serve';
import { median } from './stats';

/*
 * What-if runs: `npx tsx bench/ui/ablate.ts [variant…]` measures the benchmark's loaded figures with
 * parts of the page taken out at build time (a panel or the message overlay replaced by nothing) or
 * IndexedDB hidden (the app then runs in memory), 3 repetitions each, to say what each part costs.
 * Variants: baseline, no-panels, no-idb, no-panels-no-idb, no-overlay, no-<Panel>, only-<Panel>-no-idb.
 */
const PANELS = ['Invariants', 'Sagas', 'Comparison', 'EventLog', 'ReadModels', 'DeadLetters'] as const;

interface Variant {
  readonly stub: readonly string[];
  readonly noIdb?: boolean;
}

const variants: Record<string, Variant> = {
  baseline: { stub: [] },
  'no-panels': { stub: PANELS },
  'no-idb': { stub: [], noIdb: true },
  'no-panels-no-idb': { stub: PANELS, noIdb: true },
  'no-overlay': { stub: ['MessageOverlay'] },
  ...Object.fromEntries(PANELS.map((p) => [`no-${p}`, { stub: [p] }])),
  ...Object.fromEntries(
    PANELS.map((p) => [`only-${p}-no-idb`, { stub: PANELS.filter((q) => q !== p), noIdb: true }]),
  ),
};

/** Replaces `<Name>Panel.tsx` (or MessageOverlay.tsx) with a component that renders nothing. */
function stubs(names: readonly string[]): Plugin {
  return {
    name: 'eventscape-ablate',
    enforce: 'pre',
    load(id) {
      for (const n of names) {
        const component = n === 'MessageOverlay' ? n : `${n}Panel`;
        if (id.endsWith(`/${component}.tsx`))
          return `export const AGGREGATE_OVER = 8;\nexport function ${component}() { return null; }`;
      }
      return null;
    },
  };
}

const chosen = process.argv.slice(2);
const unknown = chosen.filter((v) => !(v in variants));
if (unknown.length > 0)
  throw new Error(`unknown variant ${unknown.join(', ')}; choose: ${Object.keys(variants).join(' ')}`);
const probe = await bundlePage('bench/ui/probe.ts');
const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
try {
  for (const name of chosen.length > 0 ? chosen : ['baseline', 'no-panels', 'no-idb', 'no-panels-no-idb']) {
    const variant = variants[name] as Variant;
    const outDir = `/tmp/eventscape-ablate-${name}`;
    await build({
      root: process.cwd(),
      logLevel: 'error',
      plugins: [stubs(variant.stub)],
      build: { outDir, emptyOutDir: true },
    });
    const server = await servePreview(outDir);
    const hideIdb = "Object.defineProperty(window, 'indexedDB', { value: undefined });\n";
    const runs: RunSample[] = [];
    try {
      for (let rep = 0; rep < 3; rep++) {
        runs.push(
          await measureRun(browser, {
            origin: server.origin,
            query: '?scenario=order-saga&seed=1&speed=1',
            viewport: { width: 1400, height: 900 },
            probe: variant.noIdb ? hideIdb + probe : probe,
            settleMs: 1000,
            sampleMs: 5000,
            loadMs: 10_000,
            trafficLabel: '100 orders/s',
            minInFlight: 500,
          }),
        );
      }
    } finally {
      await server.close();
    }
    const each = (f: (r: RunSample) => number, digits = 0) => runs.map((r) => f(r).toFixed(digits)).join('/');
    console.log(
      `${name.padEnd(26)} frame p95 empty ${median(runs.map((r) => r.emptyP95)).toFixed(1)}, loaded ` +
        `${each((r) => r.loadedP95, 1)}; long tasks ${each((r) => r.longTasks.length)}; orders/s ` +
        `${each((r) => r.ordersPerSecond)}; in flight median ${median(runs.flatMap((r) => r.inFlight))}`,
    );
  }
} finally {
  await browser.close();
}

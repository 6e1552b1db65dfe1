import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { type CpuProfile, cpuTimes, top } from './cpuProfile';
import { runSeekBench } from './runSeekBench';

/*
 * Where a seek's time goes: `npx tsx bench/ui/profileSeek.ts [messages] [--trace]`. The `--seek`
 * benchmark on an unminified build, one repetition, with a V8 CPU profile of its 60 seeks: prints JS
 * self and inclusive time per function and writes the raw profile to
 * /tmp/eventscape-seek.cpuprofile (open it in Chrome DevTools). Profiling slows the page: read
 * shares, not absolute figures. With `--trace`, a Chromium trace of each repetition's seeks instead
 * (style, layout, paint and the JS that forced them), to /tmp/eventscape-seek.trace-<rep>.json, and
 * a screenshot after them beside it.
 */
const trace = process.argv.includes('--trace');
const messages = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const figures = await runSeekBench({
  messages,
  runs: 1,
  ...(trace
    ? {
        unminified: true,
        around: {
          before: (page: Page, rep: number) =>
            page
              .context()
              .browser()
              ?.startTracing(page, { path: `/tmp/eventscape-seek.trace-${rep}.json` }) ?? Promise.resolve(),
          after: async (page: Page, rep: number) => {
            await page.context().browser()?.stopTracing();
            await page.screenshot({ path: `/tmp/eventscape-seek.trace-${rep}.png` });
          },
        },
      }
    : {
        profile: (profile: CpuProfile) => {
          void writeFile('/tmp/eventscape-seek.cpuprofile', JSON.stringify(profile));
          const { self, total } = cpuTimes(profile);
          console.log(`--- JS self time\n${top(self, 30)}`);
          console.log(`--- JS inclusive time\n${top(total, 70)}`);
        },
      }),
});
console.log(JSON.stringify(figures, null, 2));

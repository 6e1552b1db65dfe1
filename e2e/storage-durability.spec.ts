import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser';
import { expect, test } from './fixtures';
import { bundlePage, openScriptPage } from './storage-pages';

/*
 * Issue 3, item 6: appends that reported complete survive the browser process dying at once.
 * `context.close()` would let Chromium shut down cleanly (flushing everything), which proves
 * nothing; we SIGKILL the whole browser process group instead, the closest a test gets to a crash.
 */

const origin = 'http://127.0.0.1:4173';

test.skip(process.platform !== 'linux', 'finds the browser process through /proc');

test('every append that reported complete is there after the browser is killed', async () => {
  test.setTimeout(120_000);
  const script = await bundlePage('src/storage/browser/durabilityPage.ts');
  const profile = await mkdtemp(join(tmpdir(), 'eventscape-durability-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), headless: true });
  const open = (context: BrowserContext) => openScriptPage(context, { origin, name: 'durability', script });
  try {
    let expected: string[] = [];
    for (const round of [1, 2]) {
      const context = await launch();
      const page = await open(context);
      const before = await page.evaluate(() => window.durability.read());
      expect(before.ids).toEqual(expected);

      const pid = browserPid(profile);
      const written = await page.evaluate(() => window.durability.append(500, 25));
      killProcessGroup(pid); // right after the appends reported complete
      await context.waitForEvent('close');

      expected = Array.from({ length: written.head }, (_, i) => `evt-${i}`);
      expect(written.durableHead, `round ${round}`).toBe(written.head);
    }
    const context = await launch();
    const after = await (await open(context)).evaluate(() => window.durability.read());
    expect(after.ids).toEqual(expected);
    expect(after.runtime).toMatchObject({ branch: 'main', head: expected.length });
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

/**
 * The pid of the Chromium browser process using `profile`. A persistent context has no `browser()`
 * and so no `process()`; the browser process is the one whose command line names our profile dir
 * and has no `--type=` (renderers, GPU and utility processes all have one).
 */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) {
      return Number(entry);
    }
  }
  throw new Error(`no browser process for profile ${profile}`);
}

/** SIGKILL the browser and its children at once (Playwright starts it as a process group leader). */
function killProcessGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

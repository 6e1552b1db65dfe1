import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const systemChromium = '/usr/bin/chromium';

/** The Chromium to drive: $CHROMIUM_PATH, else the system one, else Playwright's own download. */
export function chromiumExecutablePath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  return existsSync(systemChromium) ? systemChromium : undefined;
}

/**
 * Launch options shared by the e2e config, benchmarks and persistent-context tests.
 * The flags keep a headless container quiet and comparable between runs: no sandbox (root in CI),
 * no GPU, and no background traffic or updates competing with the page.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutablePath();
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}

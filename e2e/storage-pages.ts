import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';

/*
 * Test and benchmark pages that are not part of the app: a TypeScript entry bundled with esbuild at
 * run time and served by Playwright's router at a real http origin (IndexedDB needs one; a file://
 * or about:blank page has none). No server process: the route answers before the network.
 */

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `entry` (a path from the repo root) into one ES module for Chromium. */
export async function bundlePage(entry: string, alias: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [`${root}/${entry}`],
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'error',
    alias: Object.fromEntries(Object.entries(alias).map(([from, to]) => [from, `${root}/${to}`])),
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return output.text;
}

/**
 * Serves `script` as a page at `${origin}/${name}.html` in `context` and opens it in `page`
 * (default: the context's first page). Page console lines go to `log`.
 */
export async function openScriptPage(
  context: BrowserContext,
  options: { origin: string; name: string; script: string; page?: Page; log?: (line: string) => void },
): Promise<Page> {
  const { origin, name, script } = options;
  await context.route(`${origin}/${name}.*`, (route) => {
    const isScript = route.request().url().endsWith('.js');
    return route.fulfill({
      contentType: isScript ? 'text/javascript' : 'text/html',
      body: isScript
        ? script
        : `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="/${name}.js"></script>`,
    });
  });
  const page = options.page ?? context.pages()[0] ?? (await context.newPage());
  if (options.log) {
    const log = options.log;
    page.on('console', (message) => log(message.text()));
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
  }
  await page.goto(`${origin}/${name}.html`);
  return page;
}

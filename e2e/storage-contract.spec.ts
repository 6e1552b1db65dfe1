import type { TestResult } from '../src/storage/browser/vitestShim';
import { expect, test } from './fixtures';
import { bundlePage, openScriptPage } from './storage-pages';

// The same EventLog contract the memory log passes in Vitest, run on the IndexedDB log in real
// Chromium (fake-indexeddb is a model of the spec; this is the implementation people use).
test('the IndexedDB event log passes the EventLog contract in Chromium', async ({ context, baseURL }) => {
  test.setTimeout(120_000);
  const script = await bundlePage('src/storage/browser/contractPage.ts', {
    vitest: 'src/storage/browser/vitestShim.ts',
  });
  const errors: string[] = [];
  const page = await openScriptPage(context, {
    origin: baseURL as string,
    name: 'storage-contract',
    script,
    log: (line) => {
      if (line.startsWith('page error')) errors.push(line);
    },
  });
  await page.waitForFunction(() => 'runStorageContract' in window);
  const results: TestResult[] = await page.evaluate(() => window.runStorageContract());

  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}\n    ${r.error}`);
  expect(failed, `failed in Chromium:\n${failed.join('\n')}`).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(17);
  expect(errors).toEqual([]);
});

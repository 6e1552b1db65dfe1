import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBytes, initialJsGzipKb, initialScripts } from './bundle';

const viteHtml = `<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <script type="module" crossorigin src="/assets/index-D1FM7-B1.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/vendor-Ab12.js">
    <link rel="stylesheet" crossorigin href="/assets/index-NRECvP0V.css">
    <script src="https://example.com/analytics.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`;

describe('initialScripts', () => {
  it('lists the module entry and the preloaded chunks, not styles, icons or other origins', () => {
    expect(initialScripts(viteHtml)).toEqual(['assets/index-D1FM7-B1.js', 'assets/vendor-Ab12.js']);
  });

  it('finds nothing in a page without module scripts', () => {
    expect(initialScripts('<html><body><script>1</script></body></html>')).toEqual([]);
  });
});

describe('gzip sizes', () => {
  let dir = '';
  const entry = 'export const x = 1;\n'.repeat(200);
  const chunk = 'console.log("chunk");\n';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bundle-test-'));
    await writeFile(join(dir, 'index.html'), viteHtml.replace(/<script src="https[^<]*<\/script>/, ''));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets/index-D1FM7-B1.js'), entry);
    await writeFile(join(dir, 'assets/vendor-Ab12.js'), chunk);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sums each file gzipped on its own', async () => {
    const expected = gzipSync(entry).length + gzipSync(chunk).length;
    expect(await gzipBytes([join(dir, 'assets/index-D1FM7-B1.js'), join(dir, 'assets/vendor-Ab12.js')])).toBe(
      expected,
    );
    expect(await initialJsGzipKb(dir)).toEqual({
      kb: expected / 1000,
      files: ['assets/index-D1FM7-B1.js', 'assets/vendor-Ab12.js'],
    });
  });
});

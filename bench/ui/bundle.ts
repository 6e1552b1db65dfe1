import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript a page loads before it can run: module entry scripts and the chunks it preloads
 * (`<link rel="modulepreload">`). Lazy chunks (dynamic `import()`) are not listed in index.html, so
 * they are not counted. Paths as written in the HTML, leading `/` removed.
 */
export function initialScripts(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isEntry = /^<script/i.test(tag) && /\btype=["']?module/i.test(tag);
    const isPreload = /^<link/i.test(tag) && /\brel=["']?modulepreload/i.test(tag);
    const url = /\b(?:src|href)=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if ((isEntry || isPreload) && url && !/^[a-z]+:\/\//i.test(url)) found.push(url.replace(/^\//, ''));
  }
  return [...new Set(found)];
}

/** Sum of each file's gzip size (zlib's default level, as servers and Vite's report use), in bytes. */
export async function gzipBytes(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(file)).length;
  return total;
}

/** The gzip size of the initial JS of a built app in `outDir`, in kB (1 kB = 1000 bytes, as Vite prints). */
export async function initialJsGzipKb(outDir: string): Promise<{ kb: number; files: string[] }> {
  const files = initialScripts(await readFile(join(outDir, 'index.html'), 'utf8'));
  if (files.length === 0) throw new Error(`no module script in ${outDir}/index.html`);
  return { kb: (await gzipBytes(files.map((f) => join(outDir, f)))) / 1000, files };
}

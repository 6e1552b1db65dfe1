import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The production build's Content-Security-Policy (issue 8): scripts only from this origin (no
 * inline script, no eval), no plugins, nothing posted or framed elsewhere. Styles allow inline
 * `style` attributes because React Flow positions nodes with them. A `<meta>` tag, because the page
 * is static and may be served by anything; the dev server is left alone (its HMR client injects
 * inline script).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'eventscape-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head',
      },
    ],
  };
}

/**
 * V8's explicit compile hint (Chrome 136+) on the page's entry chunk: compile every function while
 * the script loads, on a background thread, instead of each on its first call on the main thread.
 * Without it the first seeks after opening a run spent ~15 ms each compiling the code that shows a
 * moment (the panels in the past, restoring a checkpoint), and the first drag stuttered. Other
 * browsers read it as a comment.
 */
export function compileHints(): Plugin {
  return {
    name: 'eventscape-compile-hints',
    enforce: 'post',
    apply: 'build',
    // Once the files are written: minification drops comments, and Vite puts its preload map's
    // line first after the bundle hooks. The hint only counts on the file's first line.
    async writeBundle(options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const file = join(options.dir ?? 'dist', chunk.fileName);
        await writeFile(file, `//# allFunctionsCalledOnLoad\n${await readFile(file, 'utf8')}`);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), compileHints()],
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    setupFiles: ['src/testSetup.ts'],
  },
});

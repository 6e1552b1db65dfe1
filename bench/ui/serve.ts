import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The production build (the project's vite.config.ts) into `outDir`, quietly; `minify: false` to profile. */
export async function buildApp(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await build({
    root,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, minify: options.minify ?? true },
  });
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `vite preview` of `outDir` on a free port; resolves with its origin and a way to stop it. */
export async function servePreview(outDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

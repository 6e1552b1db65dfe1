import type { ImportProgress } from './importLog';
import type { ImportReply, ImportRequest } from './importWorker';

export interface ImportDone {
  readonly digest: string;
  readonly events: number;
  readonly added: boolean;
}

/** Imports a CloudEvents file in a Worker, telling `onProgress` as it goes. */
export function importInWorker(
  file: Blob,
  scenario: string,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportDone> {
  const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
  return new Promise<ImportDone>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ImportReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') return onProgress(reply.progress);
      worker.terminate();
      if (reply.kind === 'done') resolve(reply);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The import stopped unexpectedly.'));
    };
    worker.postMessage({ file, scenario } satisfies ImportRequest);
  });
}

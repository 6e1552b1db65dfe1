/// <reference lib="webworker" />
import { type ImportProgress, importLog } from './importLog';

/** What the page sends: the file itself (cheap to pass) and the scenario it is showing. */
export interface ImportRequest {
  readonly file: Blob;
  readonly scenario: string;
}

export type ImportReply =
  | { readonly kind: 'progress'; readonly progress: ImportProgress }
  | { readonly kind: 'done'; readonly digest: string; readonly events: number; readonly added: boolean }
  | { readonly kind: 'error'; readonly message: string };

// Reading, checking and writing a large log takes seconds: here they cost the page no frames.
self.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const reply = (r: ImportReply) => self.postMessage(r);
  try {
    const text = await event.data.file.text();
    const done = await importLog(text, event.data.scenario, (progress) =>
      reply({ kind: 'progress', progress }),
    );
    reply({ kind: 'done', digest: done.digest, events: done.events, added: done.added });
  } catch (error) {
    reply({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

import { type RefObject, useEffect, useRef, useState } from 'react';
import { toAsyncApi } from '../../app/interop/asyncApi';
import { importInWorker } from '../../app/interop/importClient';
import type { ImportProgress } from '../../app/interop/importLog';
import type { RunFile } from '../../app/interop/runFile';
import { runUrl } from '../../app/urlState';
import { autoPosition } from '../graph/buildGraph';
import { usePlayground } from '../PlaygroundContext';
import { download } from './download';
import { renderGraphPng } from './graphPng';
import './export.css';

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'link'; readonly url: string; readonly copied: boolean }
  | { readonly kind: 'progress'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

const count = new Intl.NumberFormat('en-US');

/** "Importing: checking 60,000 events…": what an import is doing. */
function describe(progress: ImportProgress): string {
  if (progress.stage === 'reading') return 'Importing: reading the file…';
  if (progress.stage === 'checking') return `Importing: checking ${count.format(progress.events)} events…`;
  return `Importing: writing ${count.format(progress.events)} events and the state rebuilt from them…`;
}

/** The export and import code with its validators, loaded when first used (not with the page). */
const interop = {
  cloudEvents: () => import('../../app/interop/cloudEvents'),
  runFile: () => import('../../app/interop/runFile'),
};

/** Opens this page at `fragment` (`#run=…` or `#import=…`), which names what to show. */
function openAt(fragment: string): void {
  if (window.location.search === '') {
    // Only the fragment changes: that alone would not reload the page.
    window.location.hash = fragment;
    window.location.reload();
  } else window.location.assign(`${window.location.pathname}${fragment}`);
}

/**
 * The header's Export menu: the log as CloudEvents, the run as a file or a link, the topology as
 * AsyncAPI; Open run file, which opens it the way its link would; and Import log.
 */
export function ExportMenu() {
  const { driver, settings, scenario, topology, ui, timeTravel } = usePlayground();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const menu = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const logInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (e: MouseEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const runFile = async (): Promise<RunFile> => {
    const { toRunFile } = await interop.runFile();
    if (driver.skipped.length > 0 || driver.imported !== undefined) {
      throw new Error(
        driver.imported !== undefined
          ? 'An imported log was not run here, so seed and actions cannot reproduce it: export the log instead.'
          : 'This branch replays history without an event, which seed and actions alone cannot reproduce: export the log instead.',
      );
    }
    const view = timeTravel.getView();
    return toRunFile({
      // A branch's actions hold its whole history (those before the fork included): it replays as a run.
      run: runUrl({ ...settings, branch: 'main' }),
      actions: driver.actions,
      until: driver.sim.now,
      head: driver.sim.head,
      logHash: driver.sim.logHash,
      ...(view.mode === 'scrubbing' ? { cursor: view.position } : {}),
      ...(settings.branch === 'main' ? {} : { branch: settings.branch }),
    });
  };
  const item = (label: string, act: () => void | Promise<void>) => (
    <button
      type="button"
      role="menuitem"
      onClick={() => {
        setOpen(false);
        Promise.resolve(act()).catch(failed);
      }}
    >
      {label}
    </button>
  );
  const stamp = `${scenario.name}-${settings.seed}`;
  const failed = (error: unknown) =>
    setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) });

  return (
    <div className="export-menu">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          setStatus({ kind: 'idle' });
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setOpen(true);
        }}
      >
        Export ▾
      </button>
      {open ? (
        <div
          className="menu"
          role="menu"
          aria-label="Export"
          ref={menu}
          onKeyDown={(e) => {
            const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'Escape') setOpen(false);
            if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
            if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
          }}
        >
          {item('Log as CloudEvents', async () => {
            const { CLOUDEVENTS_BATCH, toCloudEventsBatch } = await interop.cloudEvents();
            const log = await driver.sim.log.read();
            download(`${stamp}-log.json`, CLOUDEVENTS_BATCH, toCloudEventsBatch(log));
          })}
          {item('Run file', async () =>
            download(`${stamp}-run.json`, 'application/json', JSON.stringify(await runFile())),
          )}
          {item('Share link', async () => {
            const { toShareFragment } = await interop.runFile();
            const url = `${window.location.origin}${window.location.pathname}${await toShareFragment(await runFile())}`;
            const copied = await navigator.clipboard?.writeText(url).then(
              () => true,
              () => false,
            );
            setStatus({ kind: 'link', url, copied: copied === true });
          })}
          {item('AsyncAPI document', () =>
            download(
              `${scenario.name}-asyncapi.json`,
              'application/json',
              JSON.stringify(toAsyncApi(scenario.name, scenario.catalog, topology), null, 2),
            ),
          )}
          {item('Graph as PNG', async () => {
            const moved = ui.getState().positions;
            const services = driver.getSnapshot().sim.services;
            const png = await renderGraphPng(
              topology,
              (id) => moved[id] ?? autoPosition(topology, id),
              (id) => services.find((s) => s.name === id),
            );
            download(`${stamp}-graph.png`, 'image/png', png);
          })}
          {item('Open run file…', () => fileInput.current?.click())}
          {item('Import log…', () => logInput.current?.click())}
        </div>
      ) : null}
      <FilePicker
        ref={fileInput}
        label="Open run file"
        accept="application/json,.json"
        onFile={async (file) => {
          // Opened the way its link would be: checked first, then reproduced in its own place.
          const { readRunFile, toShareFragment } = await interop.runFile();
          openAt(await toShareFragment(readRunFile(await file.text())));
        }}
        onError={failed}
      />
      <FilePicker
        ref={logInput}
        label="Import log"
        accept="application/cloudevents-batch+json,application/json,.json"
        onFile={async (file) => {
          // Read, checked and written in a Worker: a large file never holds up the page.
          const done = await importInWorker(file, scenario.name, (p) =>
            setStatus({ kind: 'progress', text: describe(p) }),
          );
          openAt(`#import=${done.digest}`);
        }}
        onError={failed}
      />
      {status.kind === 'progress' ? (
        <div className="export-status" role="status">
          {status.text}
        </div>
      ) : null}
      {status.kind === 'link' ? (
        <div className="export-status" role="status">
          <label>
            {status.copied ? 'Link copied:' : 'Share link:'}
            <input type="text" readOnly value={status.url} onFocus={(e) => e.target.select()} />
          </label>
          <button type="button" onClick={() => setStatus({ kind: 'idle' })}>
            Close
          </button>
        </div>
      ) : null}
      {status.kind === 'error' ? (
        <div className="export-status error" role="alert">
          {status.message}{' '}
          <button type="button" onClick={() => setStatus({ kind: 'idle' })}>
            Close
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A hidden file input the menu clicks: hands over the chosen file, reports what went wrong. */
function FilePicker(props: {
  readonly ref: RefObject<HTMLInputElement | null>;
  readonly label: string;
  readonly accept: string;
  readonly onFile: (file: File) => Promise<void>;
  readonly onError: (error: unknown) => void;
}) {
  return (
    <input
      ref={props.ref}
      type="file"
      accept={props.accept}
      aria-label={props.label}
      hidden
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = ''; // the same file again must fire again
        if (file) props.onFile(file).catch(props.onError);
      }}
    />
  );
}

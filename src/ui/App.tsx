import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import type { BranchSwitch } from '../app/branchControl';
import { type OpenCarry, openPlayground, type Playground } from '../app/playground';
import { startFrameLoop } from '../app/startPlayground';
import { Playfield } from './Playfield';
import { StartupProblem } from './StartupProblem';

type Opening =
  | { readonly kind: 'opening' }
  | { readonly kind: 'ready'; readonly playground: Playground; readonly generation: number }
  | { readonly kind: 'failed'; readonly error: Error };

/** A following tab shows the writer's latest saved state at most this often. */
const FOLLOW_EVERY_MS = 1000;

/** Opens the run the URL names (resuming a stored one), then shows the playground. */
export function App() {
  const [opening, setOpening] = useState<Opening>({ kind: 'opening' });

  useEffect(() => {
    let playground: Playground | null = null;
    let stop = () => {};
    let unlisten = () => {};
    let unlistenBranch = () => {};
    let cancelled = false;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;

    // What every open carries: a shared run (a link's #run=…) stays the run shown, reopens included.
    let base: OpenCarry = {};
    const open = (carry: OpenCarry = {}) => {
      openPlayground(window.location.search, { ...base, ...carry }).then(
        (opened) => {
          if (cancelled) return opened.close();
          stop();
          unlisten();
          unlistenBranch();
          playground?.close();
          playground = opened;
          stop = startFrameLoop(opened.driver);
          // A follower re-opens the run to show what the writing tab saved; a writer that was
          // taken over becomes a follower the same way.
          unlisten = opened.onRunChange((why) => {
            // This tab now holds the writer lock: start afresh as the writer from what is stored.
            if (why === 'gained') return window.location.reload();
            reopenTimer ??= setTimeout(() => {
              reopenTimer = undefined;
              open();
            }, FOLLOW_EVERY_MS);
          });
          unlistenBranch = opened.onBranchSwitch((to) => void switchBranch(opened, to));
          setOpening({ kind: 'ready', playground: opened, generation: ++generation });
        },
        (error: unknown) => {
          if (!cancelled)
            setOpening({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
    };
    // A fork or a switch: close this branch (keeping the writer lock), put the branch in the URL so
    // a reload comes back to it, and open the run there.
    const switchBranch = async (from: Playground, to: BranchSwitch) => {
      if (from !== playground) return;
      stop();
      unlisten();
      unlistenBranch();
      const lock = await from.detach();
      if (cancelled) return;
      const params = new URLSearchParams(window.location.search);
      if (to.branch === 'main') params.delete('branch');
      else params.set('branch', to.branch);
      window.history.replaceState(window.history.state, '', `?${params}`);
      open({
        ...(lock ? { lock } : {}),
        ...(to.action ? { action: to.action } : {}),
        ...(to.compareWith ? { compareWith: to.compareWith } : {}),
        status: to.status,
      });
    };
    // Open on the next task, not now: React's StrictMode mounts, unmounts and mounts again at once,
    // and two opens racing for the writer lock would leave the surviving one a read-only follower.
    const first = setTimeout(() => {
      const imported = /^#import=([0-9a-f]{1,64})$/.exec(window.location.hash)?.[1];
      if (imported) {
        base = { imported };
        return open();
      }
      // The run file reader (and its validators) loads only for a link that carries a run.
      const shared = window.location.hash.includes('run=')
        ? import('../app/interop/runFile').then((m) => m.readShareFragment(window.location.hash))
        : Promise.resolve(null);
      shared.then(
        (shared) => {
          if (shared) base = { shared };
          open();
        },
        (error: unknown) => {
          if (!cancelled)
            setOpening({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
    }, 0);

    const save = () => void playground?.driver.flush();
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', save);
    return () => {
      cancelled = true;
      clearTimeout(first);
      clearTimeout(reopenTimer);
      stop();
      unlisten();
      unlistenBranch();
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', save);
      playground?.close();
    };
  }, []);

  if (opening.kind === 'ready') return <Playfield key={opening.generation} playground={opening.playground} />;
  return (
    <>
      <header className="app-header">
        <h1>Eventscape</h1>
      </header>
      <main className="app-main single">
        {opening.kind === 'opening' ? (
          <p role="status">Opening the run…</p>
        ) : (
          <StartupProblem error={opening.error} />
        )}
      </main>
    </>
  );
}

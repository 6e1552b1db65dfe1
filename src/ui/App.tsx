import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { openPlayground, type Playground } from '../app/playground';
import { startFrameLoop } from '../app/startPlayground';
import { Playfield } from './Playfield';
import { StartupProblem } from './StartupProblem';

type Opening =
  | { readonly kind: 'opening' }
  | { readonly kind: 'ready'; readonly playground: Playground }
  | { readonly kind: 'failed'; readonly error: Error };

/** Opens the run the URL names (resuming a stored one), then shows the playground. */
export function App() {
  const [opening, setOpening] = useState<Opening>({ kind: 'opening' });

  useEffect(() => {
    let playground: Playground | null = null;
    let stop = () => {};
    let cancelled = false;
    openPlayground(window.location.search).then(
      (opened) => {
        if (cancelled) return opened.close();
        playground = opened;
        stop = startFrameLoop(opened.driver);
        setOpening({ kind: 'ready', playground: opened });
      },
      (error: unknown) => {
        if (!cancelled)
          setOpening({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
    const save = () => void playground?.driver.flush();
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', save);
    return () => {
      cancelled = true;
      stop();
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', save);
      playground?.close();
    };
  }, []);

  if (opening.kind === 'ready') return <Playfield playground={opening.playground} />;
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

import { databaseFor } from '../app/runPersistence';
import { parseRunUrl } from '../app/urlState';
import { scenarios } from '../scenarios';

/** The stored run could not be opened: say why, and let the person decide (never start over silently). */
export function StartupProblem({ error }: { error: Error }) {
  const startOver = () => {
    const { settings } = parseRunUrl(window.location.search, Object.keys(scenarios));
    const request = indexedDB.deleteDatabase(databaseFor(settings));
    request.onsuccess = () => window.location.reload();
    request.onerror = () =>
      window.alert(`Could not delete the stored run: ${request.error?.message ?? 'unknown error'}`);
    request.onblocked = () =>
      window.alert('Close the other Eventscape tabs first: they still hold this run open.');
  };
  return (
    <section className="notice error" role="alert" aria-label="The run could not be opened">
      <h2>The run could not be opened</h2>
      <p>{error.message}</p>
      <p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>{' '}
        <button type="button" onClick={startOver}>
          Delete this stored run and start over
        </button>
        {window.location.hash.includes('run=') ? (
          <>
            {' '}
            <button
              type="button"
              onClick={() => window.location.assign(`${window.location.pathname}${window.location.search}`)}
            >
              Open the playground without this link
            </button>
          </>
        ) : null}
      </p>
    </section>
  );
}

import { useState } from 'react';
import { usePlayground, useStorageProblem } from './PlaygroundContext';

/** Says when this tab cannot change the run: it follows another tab, or a save failed. */
export function StorageBanner() {
  const { takeOver } = usePlayground();
  const storage = useStorageProblem();
  const [taking, setTaking] = useState(false);
  if (storage?.kind === 'readOnly') {
    return (
      <div className="notice" role="alert">
        {storage.message}{' '}
        <button
          type="button"
          disabled={taking}
          onClick={() => {
            setTaking(true);
            // Steal the lock, then start afresh as the writer from what is stored.
            void takeOver().then(() => window.location.reload());
          }}
        >
          Take over
        </button>
      </div>
    );
  }
  if (storage?.kind !== 'failed') return null;
  return (
    <div className="notice error" role="alert">
      <strong>The run is paused: it could not be saved.</strong> {storage.message}
    </div>
  );
}

import { useState, useSyncExternalStore } from 'react';
import { usePlayground } from './PlaygroundContext';

/** Says when this tab cannot change the run: it follows another tab, or a save failed. */
export function StorageBanner() {
  const { takeOver, panels } = usePlayground();
  // Only a status worth a banner (the same object until it changes): not every save, nor every seek.
  const storage = useSyncExternalStore(panels.subscribe, () => {
    const status = panels.getSnapshot().storage;
    return status.kind === 'readOnly' || status.kind === 'failed' ? status : null;
  });
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

import { useRunSnapshot } from './PlaygroundContext';

/** Tells the person when the run could not be saved: what happened, and what to do. */
export function StorageBanner() {
  const { storage } = useRunSnapshot();
  if (storage.kind !== 'failed') return null;
  return (
    <div className="notice error" role="alert">
      <strong>The run is paused: it could not be saved.</strong> {storage.message}
    </div>
  );
}

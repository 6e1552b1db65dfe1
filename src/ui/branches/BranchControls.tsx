import { memo, useEffect, useState } from 'react';
import type { BranchesView } from '../../app/branchControl';
import { usePlayground } from '../PlaygroundContext';
import { BranchDiffView } from './BranchDiffView';
import './branches.css';
import { useBranches } from './useBranches';

/**
 * The branch switcher, "Compare branches" and the status line that says what the last fork did.
 * Below it, the diff of two branches once asked for. Memoised: the timeline re-renders with every
 * seek, and nothing here depends on the moment shown.
 */
export const BranchControls = memo(function BranchControls() {
  const { branches: control } = usePlayground();
  const view = useBranches();
  if (!control || !view) return null;
  return (
    <div className="branch-area">
      <div className="branch-bar">
        <label>
          Branch
          <select
            aria-label="Branch"
            value={view.current}
            disabled={view.busy}
            onChange={(e) => control.switchTo(e.target.value)}
          >
            {view.branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        <Compare view={view} />
        {view.status ? (
          <p className="branch-status" role="status">
            {view.status}
          </p>
        ) : null}
      </div>
      {view.diff ? <BranchDiffView diff={view.diff} onClose={() => control.closeDiff()} /> : null}
    </div>
  );
});

/** "Compare branches" with another branch (the current one's parent unless the person picks one). */
function Compare({ view }: { view: BranchesView }) {
  const { branches: control } = usePlayground();
  const others = view.branches.filter((b) => b.id !== view.current);
  const current = view.branches.find((b) => b.id === view.current);
  const preferred = others.find((b) => b.id === current?.parent)?.id ?? others.at(-1)?.id ?? '';
  const [other, setOther] = useState(preferred);
  const [error, setError] = useState<string | null>(null);
  // Only a pick that is gone is replaced: setting the same value again still cost a commit of its
  // own after every render (and the timeline re-renders at every seek).
  const gone = !others.some((b) => b.id === other) && other !== preferred;
  useEffect(() => {
    if (gone) setOther(preferred);
  }, [gone, preferred]);
  if (!control) return null;
  const none = others.length === 0;
  return (
    <>
      <button
        type="button"
        disabled={none || view.busy || !other}
        title={none ? 'Branch from a moment in the past first' : undefined}
        onClick={() => {
          setError(null);
          control.compare(other).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
        }}
      >
        Compare branches
      </button>
      {none ? null : (
        <label>
          with
          <select aria-label="Compare with" value={other} onChange={(e) => setOther(e.target.value)}>
            {others.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {view.busy && view.diff === null ? <span className="branch-busy">Working…</span> : null}
      {error ? <span role="alert">Could not compare: {error}</span> : null}
    </>
  );
}

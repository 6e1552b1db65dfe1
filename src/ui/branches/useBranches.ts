import { useSyncExternalStore } from 'react';
import type { BranchesView } from '../../app/branchControl';
import { usePlayground } from '../PlaygroundContext';

const none = { subscribe: () => () => {}, getView: () => null };

/** The run's branches as the switcher shows them; null when the run is not stored (memory only). */
export function useBranches(): BranchesView | null {
  const control = usePlayground().branches ?? none;
  return useSyncExternalStore(control.subscribe, control.getView);
}

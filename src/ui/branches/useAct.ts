import { useCallback } from 'react';
import type { UserAction } from '../../app/actions';
import { usePlayground, useShowingPast, useStorageReadOnly } from '../PlaygroundContext';

/**
 * How a control changes the run. Live, the action goes to the driver. While the person views the
 * past, acting there forks a branch at that moment and applies the action on it (the branch
 * control says so in its status line); the old future stays on its branch. `disabled` when this
 * tab may not change the run at all (another tab writes it, saving failed, or it is not stored).
 */
export function useAct(): { readonly act: (action: UserAction) => void; readonly disabled: boolean } {
  const { driver, branches, timeTravel } = usePlayground();
  const scrubbing = useShowingPast();
  const storageReadOnly = useStorageReadOnly();
  const act = useCallback(
    (action: UserAction) => {
      if (timeTravel.mode !== 'scrubbing') return void driver.act(action);
      // The fork reports its own failure in the status line.
      branches?.fork(action).catch(() => {});
    },
    [driver, branches, timeTravel],
  );
  return { act, disabled: storageReadOnly || (scrubbing && !branches) };
}

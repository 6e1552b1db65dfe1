import { useRef } from 'react';
import { usePlayground } from '../PlaygroundContext';

/** Starts a business transaction: the scenario's sample action, numbered. */
export function OrderControls() {
  const { driver, scenario } = usePlayground();
  const next = useRef(1);
  return (
    <div className="order-controls">
      <button
        type="button"
        className="primary"
        onClick={() => {
          const n = next.current++;
          void driver.act({ type: 'message.dispatched', dispatch: scenario.sampleAction(n) });
        }}
      >
        Place order
      </button>
    </div>
  );
}

import { useState } from 'react';
import type { SampleOptions } from '../../scenarios/scenario';
import { useAct } from '../branches/useAct';
import { useDriverValue, usePlayground } from '../PlaygroundContext';

const RATES = [0, 1, 2, 5, 10, 20, 50, 100] as const;

/** Starts business transactions: one at a time, or automatically at a chosen rate. */
export function OrderControls() {
  const { scenario } = usePlayground();
  const perSecond = useDriverValue((s) => s.traffic.perSecond);
  const ordersStarted = useDriverValue((s) => s.ordersStarted);
  // In the past, placing an order forks a branch there and places it on the branch.
  const { act, disabled: readOnly } = useAct();
  const [fail, setFail] = useState<'' | NonNullable<SampleOptions['fail']>>('');
  const [quantity, setQuantity] = useState(1);
  const hasOptions = Boolean(scenario.styles);
  const options: SampleOptions = hasOptions ? { quantity, ...(fail ? { fail } : {}) } : {};
  return (
    <div className="order-controls">
      <button
        type="button"
        className="primary"
        disabled={readOnly}
        onClick={() => act({ type: 'order.placed', options })}
      >
        Place order
      </button>
      {hasOptions ? (
        <>
          <label>
            Quantity
            <select value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
              {[1, 2, 3, 5].map((q) => (
                <option key={q}>{q}</option>
              ))}
            </select>
          </label>
          <label>
            Outcome
            <select value={fail} onChange={(e) => setFail(e.target.value as typeof fail)}>
              <option value="">as it happens</option>
              <option value="decline">payment declined</option>
              <option value="outOfStock">out of stock</option>
            </select>
          </label>
        </>
      ) : null}
      <label className="traffic" title="Orders placed automatically per virtual second">
        Traffic
        <select
          disabled={readOnly}
          value={perSecond}
          onChange={(e) => act({ type: 'traffic.changed', perSecond: Number(e.target.value) })}
        >
          {RATES.map((r) => (
            <option key={r} value={r}>
              {r === 0 ? 'off' : `${r} orders/s`}
            </option>
          ))}
        </select>
      </label>
      <span className="orders-started">{ordersStarted} started</span>
    </div>
  );
}

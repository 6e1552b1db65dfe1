import { usePlayground, useRunSnapshot } from '../PlaygroundContext';

const RATES = [0, 1, 2, 5, 10, 20, 50, 100] as const;

/** Starts business transactions: one at a time, or automatically at a chosen rate. */
export function OrderControls() {
  const { driver } = usePlayground();
  const { traffic, ordersStarted } = useRunSnapshot();
  return (
    <div className="order-controls">
      <button type="button" className="primary" onClick={() => void driver.act({ type: 'order.placed' })}>
        Place order
      </button>
      <label className="traffic" title="Orders placed automatically per virtual second">
        Traffic
        <select
          value={traffic.perSecond}
          onChange={(e) => void driver.act({ type: 'traffic.changed', perSecond: Number(e.target.value) })}
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

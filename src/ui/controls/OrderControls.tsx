import { useState } from 'react';
import type { SampleOptions, ScenarioControls } from '../../scenarios/scenario';
import { useAct } from '../branches/useAct';
import { useDriverValue, usePlayground } from '../PlaygroundContext';

const RATES = [0, 1, 2, 5, 10, 20, 50, 100] as const;

/**
 * Starts business transactions: one at a time, or automatically at a chosen rate. The words are
 * the scenario's (`Scenario.controls`); without them, the order saga's ("Place order").
 */
export function OrderControls() {
  const { scenario } = usePlayground();
  const perSecond = useDriverValue((s) => s.traffic.perSecond);
  const ordersStarted = useDriverValue((s) => s.ordersStarted);
  // In the past, placing an order forks a branch there and places it on the branch.
  const { act, disabled: readOnly } = useAct();
  const [fail, setFail] = useState<'' | NonNullable<SampleOptions['fail']>>('');
  const [quantity, setQuantity] = useState(1);
  const controls = scenario.controls;
  const hasOptions = !controls && Boolean(scenario.styles);
  const options: SampleOptions = hasOptions ? { quantity, ...(fail ? { fail } : {}) } : {};
  const unit = controls?.unit ?? 'orders';
  return (
    <div className="order-controls">
      {controls ? (
        <ScenarioActions controls={controls} disabled={readOnly} act={act} />
      ) : (
        <button
          type="button"
          className="primary"
          disabled={readOnly}
          onClick={() => act({ type: 'order.placed', options })}
        >
          Place order
        </button>
      )}
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
      <label
        className="traffic"
        title={`${unit[0]?.toUpperCase()}${unit.slice(1)} started automatically per virtual second`}
      >
        Traffic
        <select
          disabled={readOnly}
          value={perSecond}
          onChange={(e) => act({ type: 'traffic.changed', perSecond: Number(e.target.value) })}
        >
          {RATES.map((r) => (
            <option key={r} value={r}>
              {r === 0 ? 'off' : `${r} ${unit}/s`}
            </option>
          ))}
        </select>
      </label>
      <span className="orders-started">{ordersStarted} started</span>
    </div>
  );
}

/** A scenario's own button and menu (the bank: "Send request", "Request", "Make a conflict"). */
function ScenarioActions({
  controls,
  disabled,
  act,
}: {
  controls: ScenarioControls;
  disabled: boolean;
  act: ReturnType<typeof useAct>['act'];
}) {
  const [choice, setChoice] = useState(0);
  const options = controls.choices[choice]?.options ?? {};
  return (
    <>
      <button
        type="button"
        className="primary"
        disabled={disabled}
        onClick={() => act({ type: 'order.placed', options })}
      >
        {controls.actionLabel}
      </button>
      {controls.choices.length > 1 ? (
        <label>
          {controls.choiceLabel}
          <select value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {controls.choices.map((c, i) => (
              <option key={c.label} value={i}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {controls.conflictLabel ? (
        <button
          type="button"
          disabled={disabled}
          title={controls.conflictHint}
          onClick={() => act({ type: 'order.placed', options: { conflict: true } })}
        >
          {controls.conflictLabel}
        </button>
      ) : null}
    </>
  );
}

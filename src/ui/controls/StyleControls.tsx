import { useAct } from '../branches/useAct';
import { useDriverValue, usePlayground } from '../PlaygroundContext';

/** Choreography or orchestration for new orders; orders in flight finish in the style they began. */
export function StyleControls() {
  const { scenario } = usePlayground();
  const style = useDriverValue((s) => s.style);
  const { act, disabled: readOnly } = useAct();
  if (!scenario.styles || scenario.styles.length < 2) return null;
  return (
    <fieldset className="style-controls">
      <legend>New orders</legend>
      {scenario.styles.map((s) => (
        <label key={s}>
          <input
            type="radio"
            name="style"
            value={s}
            checked={style === s}
            disabled={readOnly}
            onChange={() => act({ type: 'style.changed', style: s })}
          />
          {s[0]?.toUpperCase()}
          {s.slice(1)}
        </label>
      ))}
    </fieldset>
  );
}

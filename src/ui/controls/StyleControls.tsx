import { useDriverValue, usePlayground, useReadOnly } from '../PlaygroundContext';

/** Choreography or orchestration for new orders; orders in flight finish in the style they began. */
export function StyleControls() {
  const { driver, scenario } = usePlayground();
  const style = useDriverValue((s) => s.style);
  const readOnly = useReadOnly();
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
            onChange={() => void driver.act({ type: 'style.changed', style: s })}
          />
          {s[0]?.toUpperCase()}
          {s.slice(1)}
        </label>
      ))}
    </fieldset>
  );
}

import { useEffect, useState } from 'react';
import { useDriverValue, usePlayground, useStorageReadOnly, useUi } from '../PlaygroundContext';

/** Speeds the slider offers, in virtual ms per real ms. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50] as const;

function nearestSpeedIndex(speed: number): number {
  let best = 0;
  for (const [i, s] of SPEEDS.entries())
    if (Math.abs(s - speed) < Math.abs((SPEEDS[best] ?? 1) - speed)) best = i;
  return best;
}

/**
 * Pause / Play / Step, the speed, and the keyboard. Live: Space plays or pauses, → runs the next
 * task, ← steps back into the past. Viewing the past: ← / → move one message, Space goes live.
 */
export function RunControls() {
  const { driver, settings, ui, timeTravel } = usePlayground();
  const animate = useUi((s) => s.animate);
  const playing = useDriverValue((s) => s.playing);
  const speed = useDriverValue((s) => s.speed);
  const readOnly = useStorageReadOnly();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, button, [contenteditable="true"]')) return;
      const scrubbing = timeTravel.mode === 'scrubbing';
      if (event.key === ' ') {
        event.preventDefault();
        if (scrubbing) timeTravel.goLive();
        else if (driver.getSnapshot().playing) driver.pause();
        else driver.play();
      } else if (event.key === 'ArrowRight') {
        event.preventDefault();
        if (scrubbing) timeTravel.step(1);
        else void driver.step();
      } else if (event.key === 'ArrowLeft') {
        event.preventDefault();
        timeTravel.step(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [driver, timeTravel]);

  const index = nearestSpeedIndex(speed);
  return (
    <div className="run-controls" role="toolbar" aria-label="Run controls">
      <button
        type="button"
        disabled={readOnly}
        aria-pressed={playing}
        onClick={() => driver.play()}
        title="Play (Space)"
      >
        <span aria-hidden="true">▶</span> Play
      </button>
      <button type="button" aria-pressed={!playing} onClick={() => driver.pause()} title="Pause (Space)">
        <span aria-hidden="true">⏸</span> Pause
      </button>
      <button
        type="button"
        disabled={readOnly}
        onClick={() => (timeTravel.mode === 'scrubbing' ? timeTravel.step(1) : void driver.step())}
        title="Run the next scheduled task (→); in the past, show the next message"
      >
        <span aria-hidden="true">⏭</span> Step
      </button>
      <label className="speed">
        Speed
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={index}
          aria-valuetext={`${SPEEDS[index]}× real time`}
          onChange={(e) => driver.setSpeed(SPEEDS[Number(e.target.value)] ?? 1)}
        />
        <output>{SPEEDS[index]}×</output>
      </label>
      <SeedControl seed={settings.seed} />
      <label className="checkbox" title="Turn the moving dots off (the run goes on)">
        <input
          type="checkbox"
          checked={animate}
          onChange={(e) => ui.getState().events.animationToggled(e.target.checked)}
        />
        Animate
      </label>
    </div>
  );
}

/** Every random choice comes from the seed; another seed is another run (its own stored copy). */
function SeedControl({ seed }: { seed: string }) {
  const [value, setValue] = useState(seed);
  const valid = /^[\w-]{1,64}$/.test(value);
  return (
    <form
      className="seed"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid || value === seed) return;
        const params = new URLSearchParams(window.location.search);
        params.set('seed', value);
        window.location.search = params.toString();
      }}
    >
      <label>
        Seed
        <input value={value} size={6} aria-invalid={!valid} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" disabled={!valid || value === seed}>
        New run
      </button>
    </form>
  );
}

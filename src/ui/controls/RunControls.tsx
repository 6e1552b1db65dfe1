import { useEffect } from 'react';
import { usePlayground, useReadOnly, useRunSnapshot } from '../PlaygroundContext';

/** Speeds the slider offers, in virtual ms per real ms. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50] as const;

function nearestSpeedIndex(speed: number): number {
  let best = 0;
  for (const [i, s] of SPEEDS.entries())
    if (Math.abs(s - speed) < Math.abs((SPEEDS[best] ?? 1) - speed)) best = i;
  return best;
}

/** Pause / Play / Step, the speed, and the keyboard: Space plays or pauses, → steps. */
export function RunControls() {
  const { driver, settings } = usePlayground();
  const { playing, speed } = useRunSnapshot();
  const readOnly = useReadOnly();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, button, [contenteditable="true"]')) return;
      if (event.key === ' ') {
        event.preventDefault();
        if (driver.getSnapshot().playing) driver.pause();
        else driver.play();
      } else if (event.key === 'ArrowRight') {
        event.preventDefault();
        void driver.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [driver]);

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
        onClick={() => void driver.step()}
        title="Run the next scheduled task (→)"
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
      <span className="seed" title="Every random choice comes from this seed">
        seed {settings.seed}
      </span>
    </div>
  );
}

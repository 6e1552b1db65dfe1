import type { TimelineView } from '../../app/timeTravel';
import { BranchControls } from '../branches/BranchControls';
import { useBranches } from '../branches/useBranches';
import { usePlayground, useTimeline } from '../PlaygroundContext';
import { TimelineMarkers } from './TimelineMarkers';
import { TimelinePreparation } from './TimelinePreparation';

const ms = new Intl.NumberFormat('en-US');

/**
 * The run's timeline: one position per logged message. Dragging it (or ← / →) shows the whole
 * system as of that message while the live run waits; "Go live" returns to it.
 */
export function Timeline() {
  const { timeTravel, branches, driver } = usePlayground();
  const view = useTimeline();
  useBranches(); // re-render when a fork starts or ends
  const scrubbing = view.mode === 'scrubbing';
  // Effects that reached the outside world (emails, charges): a replay must never add to them.
  const text = describe(view, driver.sim.effects.performed);
  const whyNotFork = branches ? branches.whyNotFork() : 'This run is not stored, so it cannot branch.';
  return (
    <div className="timeline-area">
      <section className={`timeline${scrubbing ? ' is-past' : ''}`} aria-label="Time travel">
        <label className="timeline-slider">
          <span>Timeline</span>
          <span className="timeline-track">
            <TimelineMarkers />
            <input
              type="range"
              aria-label="Timeline"
              min={0}
              max={view.length}
              step={1}
              value={view.position}
              aria-valuemin={0}
              aria-valuemax={view.length}
              aria-valuenow={view.position}
              aria-valuetext={text}
              onChange={(e) => timeTravel.seek(Number(e.target.value))}
            />
          </span>
        </label>
        {/* A fixed box of two lines (app.css): a longer moment shows whole on hover. */}
        <p className="moment" role="status" title={text}>
          {scrubbing ? <strong className="past-badge">Viewing the past</strong> : null} {text}
        </p>
        <button
          type="button"
          className={scrubbing ? 'primary' : undefined}
          disabled={!scrubbing}
          onClick={() => timeTravel.goLive()}
        >
          Go live
        </button>
        <button
          type="button"
          disabled={whyNotFork !== null}
          title={
            whyNotFork ??
            'Fork a new branch at this moment and carry on from it there; this branch keeps its future'
          }
          onClick={() => branches?.fork().catch(() => {})}
        >
          Branch from here
        </button>
        <TimelinePreparation />
      </section>
      <BranchControls />
    </div>
  );
}

/** "#123 PaymentDeclined at 5,210 ms", and whether that moment is shared with later messages. */
function describe(view: TimelineView, performed: number): string {
  if (view.error) return `Could not rebuild that moment: ${view.error}`;
  const world = `${performed} effect${performed === 1 ? '' : 's'} performed`;
  if (view.mode !== 'scrubbing') return `Live: ${view.length} messages · ${world}`;
  const { moment } = view;
  if (!moment || moment.position !== view.position) return `Rebuilding #${view.position}…`;
  if (!moment.message) return 'Before the first message';
  const m = moment.message;
  const suppressed = moment.sim.effects.suppressed.length;
  const effects =
    suppressed > 0
      ? ` · ${suppressed} effect${suppressed === 1 ? '' : 's'} suppressed during replay (the outside world saw ${world})`
      : '';
  const base = `#${m.position} ${m.type} at ${ms.format(m.time)} ms, of ${view.length}${effects}`;
  if (moment.head === m.position) return base;
  // One task logged several messages at once: there is no moment between them to show.
  return `${base} (logged in one step with #${m.position + 1}–#${moment.head}; shown as after #${moment.head})`;
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { type CheckResult, describeMeasure, tourById } from '../../app/tours';
import { nextProgress, type TourEvent, type TourProgress, withProgress } from '../../app/tours/tourProgress';
import { actionsFor } from '../../app/tours/types';
import { usePlayground, useStorageReadOnly } from '../PlaygroundContext';
import './tours.css';
import { useTourView } from './useTourView';

/** The tour on show, from the URL the run was opened with (a tour start, a reload, a branch switch). */
function initialProgress(tour: string | null, step: number): TourProgress | null {
  const found = tourById(tour);
  return found ? { tour: found.id, step: Math.min(step, found.steps.length) } : null;
}

/**
 * The guided tour in progress (issue 7, item 4): its step, what to do or look at, "Do it", and the
 * step's check over the run as shown — "✓ happened" or "waiting…", with expected vs actual figures.
 * Progress is kept in the URL (`&tour=…&step=…`) with replaceState, so it survives a reload and a
 * branch switch (both re-open the run from the URL).
 */
export function TourPanel() {
  const { settings } = usePlayground();
  const [progress, setProgress] = useState(() => initialProgress(settings.tour, settings.step));
  if (!progress) return null;
  return <ActiveTour progress={progress} onProgress={setProgress} />;
}

function ActiveTour({
  progress,
  onProgress,
}: {
  progress: TourProgress;
  onProgress: (next: TourProgress | null) => void;
}) {
  const { driver, timeTravel } = usePlayground();
  const readOnly = useStorageReadOnly();
  const tour = tourById(progress.tour);
  const view = useTourView();
  const heading = useRef<HTMLHeadingElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  // A check that passed stays passed for its step: some lessons are moments (a stale read, a queue
  // that fills), and the person should not miss them by reading the text first.
  const [latched, setLatched] = useState<Readonly<Record<string, CheckResult>>>({});
  const key = `${progress.tour}:${progress.step}`;
  const step = tour?.steps[progress.step - 1];
  const current = useMemo(() => (step && view ? step.check(view) : null), [step, view]);
  const happened = current?.happened === true;
  const shown = latched[key] ?? current;

  useEffect(() => {
    if (happened && current && !latched[key]) setLatched((l) => ({ ...l, [key]: current }));
  }, [happened, current, latched, key]);

  // A started tour (a fresh page) takes the focus, so a keyboard user lands on it.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  if (!tour || !step) return null;
  const last = progress.step === tour.steps.length;

  const go = (event: TourEvent) => {
    const next = nextProgress(progress, tour.steps.length, event);
    window.history.replaceState(window.history.state, '', withProgress(window.location.search, next));
    onProgress(next);
    // Next turns disabled on the last step: keep the focus in the panel, on "End tour".
    if (event.type === 'tour.stepForward' && next?.step === tour.steps.length) endButton.current?.focus();
  };

  const doIt = async () => {
    if (!view) return;
    // A tour acts on the live run: from a moment in the past, go live first.
    if (timeTravel.mode === 'scrubbing') timeTravel.goLive();
    for (const action of actionsFor(step, view)) await driver.act(action);
    driver.play();
  };

  return (
    <section className="tour-panel" aria-label="Tour">
      <div className="tour-step" aria-live="polite">
        <h2 ref={heading} tabIndex={-1}>
          {tour.title}{' '}
          <small>
            Step {progress.step} of {tour.steps.length}: {step.title}
          </small>
        </h2>
        <p>{step.text}</p>
      </div>
      <div className={`tour-check ${shown?.happened ? 'happened' : 'waiting'}`}>
        <span role="status">{shown?.happened ? '✓ happened' : 'waiting…'}</span>
        {shown && shown.measures.length > 0 ? (
          <ul aria-label="Expected vs actual">
            {shown.measures.map((m) => (
              <li key={m.label}>{describeMeasure(m)}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="tour-buttons">
        <button type="button" disabled={progress.step === 1} onClick={() => go({ type: 'tour.stepBack' })}>
          Back
        </button>
        {step.doIt ? (
          <button type="button" className="primary" disabled={readOnly || !view} onClick={() => void doIt()}>
            Do it
          </button>
        ) : null}
        <button type="button" disabled={last} onClick={() => go({ type: 'tour.stepForward' })}>
          Next
        </button>
        <button type="button" ref={endButton} onClick={() => go({ type: 'tour.ended' })}>
          End tour
        </button>
      </div>
    </section>
  );
}

import type { Message } from '../../engine/message';
import type { UserAction } from '../actions';
import type { BranchDiff } from '../branchDiff';
import type { PlaygroundSnapshot } from '../driver';
import type { PlaybackMode } from '../playbackMachine';
import type { RunSettings } from '../urlState';

/**
 * Guided tours (issue 7, item 4): data plus small pure check functions. A tour opens its preset (a
 * run URL), then walks steps; each step says what to do or look at, may do it for the person
 * ("Do it": recorded `UserAction`s, so the run stays replayable), and checks over the run as shown
 * whether the thing happened — with expected vs actual figures where a failure mode is the lesson.
 */
export interface Tour {
  /** In the URL (`&tour=<id>`): letters, digits, "-". Never change a published one. */
  readonly id: string;
  /** What the Tours menu lists. */
  readonly title: string;
  /** One line: the concept the tour shows. */
  readonly summary: string;
  /** The run the tour starts: a scenario and its knobs. Each start gets a fresh run (see presetSettings). */
  readonly preset: TourPreset;
  readonly steps: readonly TourStep[];
}

/** A tour's run: the URL settings that differ from the defaults (scenario, seed, mode, faults, speed). */
export type TourPreset = Partial<Omit<RunSettings, 'tour' | 'step' | 'branch' | 'seed'>> & {
  /** The seed of the first start; later starts add "-2", "-3", … (a fresh run each time). */
  readonly seed: string;
};

export interface TourStep {
  /** A few words: "Kill Payment". */
  readonly title: string;
  /** What to do, what to look at, and why it matters. Plain text. */
  readonly text: string;
  /** What "Do it" does for the person: actions through the normal action path (recorded, replayable). */
  readonly doIt?: TourActions;
  /** Did it happen, in the run as shown? Pure: a function of the view alone. */
  readonly check: (view: TourView) => CheckResult;
}

export type TourActions = readonly UserAction[] | ((view: TourView) => readonly UserAction[]);

/** What a check sees: the run as the page shows it (live, or the moment scrubbed to). */
export interface TourView {
  readonly snapshot: PlaygroundSnapshot;
  /** The log up to `snapshot.sim.head`. */
  readonly log: readonly Message[];
  /** The live run's head (above `snapshot.sim.head` while scrubbing the past). */
  readonly liveHead: number;
  readonly mode: PlaybackMode;
  /** The branch on show (`main` unless forked) and what its history leaves out. */
  readonly branch: {
    readonly current: string;
    /** Messages "Replay without this event" dropped on this branch (`SavedRun.skipped`). */
    readonly skipped: readonly string[];
    /** The branch diff on show, if any. */
    readonly diff: BranchDiff | null;
  };
}

/** One figure behind a check: "charged twice: expected 0, actual 1". */
export interface Measure {
  readonly label: string;
  /** Null when there is nothing to expect, only something to see. */
  readonly expected: string | null;
  readonly actual: string;
}

/** "charged twice: expected 0, actual 1" (or "its messages: 6" when nothing is expected). */
export function describeMeasure(m: Measure): string {
  return m.expected === null
    ? `${m.label}: ${m.actual}`
    : `${m.label}: expected ${m.expected}, actual ${m.actual}`;
}

export interface CheckResult {
  readonly happened: boolean;
  readonly measures: readonly Measure[];
}

/** Resolves a step's "Do it" to the actions it applies now. */
export function actionsFor(step: TourStep, view: TourView): readonly UserAction[] {
  const doIt = step.doIt;
  if (!doIt) return [];
  return typeof doIt === 'function' ? doIt(view) : doIt;
}

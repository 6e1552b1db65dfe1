import { defaultSettings, type RunSettings, tourUrl } from '../urlState';
import type { Tour } from './types';

/**
 * Where a person is in a tour. It lives in the URL (`&tour=<id>&step=<n>`), so it survives what
 * re-opens the page: starting the tour (a navigation to its preset), a reload, a branch switch.
 */
export interface TourProgress {
  readonly tour: string;
  /** 1-based. */
  readonly step: number;
}

export type TourEvent =
  | { readonly type: 'tour.stepForward' }
  | { readonly type: 'tour.stepBack' }
  | { readonly type: 'tour.ended' };

/** The next progress after an event; the step stays within the tour's steps. */
export function nextProgress(progress: TourProgress, steps: number, event: TourEvent): TourProgress | null {
  switch (event.type) {
    case 'tour.stepForward':
      return { ...progress, step: Math.min(steps, progress.step + 1) };
    case 'tour.stepBack':
      return { ...progress, step: Math.max(1, progress.step - 1) };
    case 'tour.ended':
      return null;
    default:
      return assertNever(event);
  }
}

/**
 * The run a tour's `start`-th start opens. Each start is a fresh run (its own seed, so its own
 * database): a stored run is never started over, and a tour must begin before its first step happened.
 */
export function presetSettings(tour: Tour, start = 1): RunSettings {
  const { seed, ...knobs } = tour.preset;
  return {
    ...defaultSettings,
    ...knobs,
    seed: start > 1 ? `${seed}-${start}` : seed,
    tour: tour.id,
    step: 1,
  };
}

/** The query string that starts a tour. */
export function startUrl(tour: Tour, start = 1): string {
  return tourUrl(presetSettings(tour, start));
}

/** `search` with the tour progress set (or removed), every other setting kept as it was. */
export function withProgress(search: string, progress: TourProgress | null): string {
  const params = new URLSearchParams(search);
  if (progress) {
    params.set('tour', progress.tour);
    params.set('step', String(progress.step));
  } else {
    params.delete('tour');
    params.delete('step');
  }
  return `?${params}`;
}

function assertNever(value: never): never {
  throw new Error(`Unknown tour event: ${JSON.stringify(value)}`);
}

import { assign, setup } from 'xstate';

/**
 * The playback modes (issue 6): `live` shows the running simulation, `paused` shows it stopped,
 * `scrubbing` shows the system as of an earlier position while the live run waits, untouched.
 * Pure: no timers and no effects; the time-travel controller acts on the modes it enters.
 */
export type PlaybackEvent =
  | { readonly type: 'run.played' }
  | { readonly type: 'run.paused' }
  /** The person moved the timeline (drag, keys, step): show the system as of `position`. */
  | { readonly type: 'timeline.seek'; readonly position: number }
  | { readonly type: 'timeline.wentLive' };

export interface PlaybackContext {
  /** The position shown while scrubbing. */
  readonly position: number;
  /** Whether "Go live" plays again: the run was playing when scrubbing began. */
  readonly resume: boolean;
}

export const playbackMachine = setup({
  types: {
    context: {} as PlaybackContext,
    events: {} as PlaybackEvent,
  },
  actions: {
    seekFromLive: assign({ position: ({ event }) => positionOf(event), resume: true }),
    seekFromPaused: assign({ position: ({ event }) => positionOf(event), resume: false }),
    seek: assign({ position: ({ event }) => positionOf(event) }),
  },
  guards: {
    resumes: ({ context }) => context.resume,
  },
}).createMachine({
  id: 'playback',
  context: { position: 0, resume: false },
  // The controller sends `run.paused` at once when the run starts paused.
  initial: 'live',
  states: {
    live: {
      on: {
        'run.paused': 'paused',
        'timeline.seek': { target: 'scrubbing', actions: 'seekFromLive' },
      },
    },
    paused: {
      on: {
        'run.played': 'live',
        'timeline.seek': { target: 'scrubbing', actions: 'seekFromPaused' },
      },
    },
    scrubbing: {
      on: {
        'timeline.seek': { actions: 'seek' },
        'timeline.wentLive': [{ guard: 'resumes', target: 'live' }, { target: 'paused' }],
        // Play while looking at the past: back to the live run, playing.
        'run.played': 'live',
      },
    },
  },
});

function positionOf(event: PlaybackEvent): number {
  return event.type === 'timeline.seek' ? event.position : 0;
}

export type PlaybackMode = 'live' | 'paused' | 'scrubbing';

import { createActor } from 'xstate';
import type { Simulation } from '../engine/simulation';
import type { PlaygroundDriver, PlaygroundSnapshot } from './driver';
import { type PlaybackMode, playbackMachine } from './playbackMachine';
import { type SnapshotSource, throttle } from './throttledSource';
import type { Moment, TimeMachine } from './timeMachine';

/** What the timeline shows. */
export interface TimelineView {
  readonly mode: PlaybackMode;
  /** The position shown: the live head, or the one scrubbed to. */
  readonly position: number;
  /** The log's length: the live run's head. */
  readonly length: number;
  /** The moment on screen while scrubbing; null while live, and until the first seek lands. */
  readonly moment: Moment | null;
  /** A seek is under way: the screen still shows the previous moment. */
  readonly seeking: boolean;
  readonly error: string | null;
}

/**
 * Connects the playback machine, the time machine and the live driver: a seek pauses the live run
 * and shows a separate simulation as of that position; "Go live" drops it and shows the live run,
 * which nothing here ever changed. Seeks run one at a time, and only the latest asked for counts.
 */
export class TimeTravel {
  readonly #driver: PlaygroundDriver;
  readonly #machine: TimeMachine;
  readonly #actor = createActor(playbackMachine);
  readonly #listeners = new Set<() => void>();
  #moment: Moment | null = null;
  #busy = false;
  #error: string | null = null;
  #view: TimelineView | null = null;
  #shown: { live: PlaygroundSnapshot; moment: Moment | null; value: PlaygroundSnapshot } | null = null;

  constructor(driver: PlaygroundDriver, machine: TimeMachine) {
    this.#driver = driver;
    this.#machine = machine;
    this.#actor.start();
    let playing = driver.getSnapshot().playing;
    if (!playing) this.#actor.send({ type: 'run.paused' });
    driver.subscribe(() => {
      const now = driver.getSnapshot().playing;
      if (now !== playing) {
        playing = now;
        this.#actor.send({ type: now ? 'run.played' : 'run.paused' });
        if (this.mode !== 'scrubbing') this.#moment = null;
      }
      this.#changed();
    });
  }

  get mode(): PlaybackMode {
    return this.#actor.getSnapshot().value as PlaybackMode;
  }

  /**
   * A moment of the past is on screen. Not the same as `mode === 'scrubbing'`: the first seek
   * switches the mode at once (the slider moves in its input event), but the panels go on showing
   * the live run until the moment lands, so they switch to the past once, in the render that shows
   * it, not twice.
   */
  get showingPast(): boolean {
    return this.#moment !== null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getView = (): TimelineView => {
    const length = this.#driver.getSnapshot().sim.head;
    const mode = this.mode;
    const position = mode === 'scrubbing' ? this.#actor.getSnapshot().context.position : length;
    const seeking = this.#busy || (mode === 'scrubbing' && this.#moment?.position !== position);
    const v = this.#view;
    if (v?.mode === mode && v.position === position && v.length === length && v.moment === this.#moment)
      if (v.seeking === seeking && v.error === this.#error) return v;
    this.#view = { mode, position, length, moment: this.#moment, seeking, error: this.#error };
    return this.#view;
  };

  /** The run as the panels should show it: the live one, or the moment scrubbed to. */
  readonly shown: SnapshotSource<PlaygroundSnapshot> = {
    subscribe: (listener) => {
      const a = this.#driver.subscribe(listener);
      const b = this.subscribe(listener);
      return () => {
        a();
        b();
      };
    },
    getSnapshot: () => {
      const live = this.#driver.getSnapshot();
      const moment = this.#moment;
      if (!moment) return live;
      if (this.#shown?.live === live && this.#shown.moment === moment) return this.#shown.value;
      const value = { ...live, sim: moment.sim.getSnapshot(), playing: false };
      this.#shown = { live, moment, value };
      return value;
    },
  };

  /**
   * `shown` at the panels' pace: while live, at most every `ms`; while scrubbing the live run waits,
   * so every change is a seek or a step and passes at once. Until the first seek's moment lands,
   * nothing passes: the live run merely pausing for it is not worth a render of every panel, in
   * the frame the person waits on.
   */
  panelSource(
    ms: number,
    schedule?: (run: () => void, ms: number) => unknown,
  ): SnapshotSource<PlaygroundSnapshot> {
    return throttle(this.shown, ms, {
      ...(schedule ? { schedule } : {}),
      urgent: () => this.showingPast,
      held: () => this.mode === 'scrubbing' && !this.showingPast,
    });
  }

  /** The simulation on screen (for the moving dots, drawn every frame). */
  shownSim(): Simulation {
    return this.#moment?.sim ?? this.#driver.sim;
  }

  /** `timeline.seek`: show the system as of `position` (pauses the live run). */
  seek(position: number): void {
    const length = this.#driver.getSnapshot().sim.head;
    const target = Math.max(0, Math.min(length, Math.round(position)));
    const fromNow = this.mode !== 'scrubbing';
    this.#actor.send({ type: 'timeline.seek', position: target });
    // After the mode changes, so that the pause is seen as part of the seek (the panels wait).
    if (fromNow) this.#driver.pause();
    this.#changed();
    void this.#pump();
  }

  /** One message back (negative) or forward from the position shown. */
  step(by: number): void {
    this.seek(this.getView().position + by);
  }

  /** `timeline.wentLive`: back to the live run, exactly where it was. */
  goLive(): void {
    this.#actor.send({ type: 'timeline.wentLive' });
    this.#moment = null;
    this.#error = null;
    if (this.mode === 'live') this.#driver.play();
    this.#changed();
  }

  async #pump(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      await this.#driver.whenIdle(); // a frame in flight finishes before the log is read
      for (;;) {
        if (this.mode !== 'scrubbing') return;
        const target = this.#actor.getSnapshot().context.position;
        const shown = this.#moment;
        if (shown?.position === target) return;
        if (shown && target > shown.position && target <= shown.head) {
          // Logged by the same task as the moment shown: the system is the same.
          this.#moment = { ...shown, position: target, message: (await this.#message(target)) ?? null };
        } else {
          const moment = await this.#machine.seek(this.#driver, target);
          if (this.mode === 'scrubbing') this.#moment = moment;
        }
        this.#error = null;
        this.#changed();
      }
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  async #message(position: number) {
    const [m] = await this.#driver.sim.log.read({ from: position, to: position });
    return m;
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

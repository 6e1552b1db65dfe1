/*
 * Runs inside the app's page, installed by runUiBench.ts with `addInitScript` before the app's own
 * scripts, so the long-task observer and the first-render watch see the page from its first task.
 * Bundled with esbuild (like bench/browser/page.ts); the Node side calls `window.eventscapeUiProbe`.
 */

/** The node that counts as "the graph is on screen" for `first_render_ms`. */
const FIRST_NODE = 'article[aria-label="Order service"]';
/** Each service node says "N arriving": deliveries the broker holds on their way to it. */
const ARRIVING = /(\d+) arriving/;

export interface LongTask {
  readonly start: number;
  readonly duration: number;
}

/** A long animation frame and the scripts that ran in it (Chromium's LoAF API), for profiling. */
export interface LongFrame {
  readonly start: number;
  readonly duration: number;
  readonly blocking: number;
  readonly scripts: readonly {
    readonly invoker: string;
    readonly duration: number;
    readonly source: string;
  }[];
}

export interface FrameSample {
  /** requestAnimationFrame timestamps, one per frame, over the sampled window. */
  readonly times: number[];
  /** The page's in-flight count (sum of "N arriving"), read every `everyMs` during the window. */
  readonly inFlight: number[];
}

export interface UiProbe {
  /** `performance.now()` (ms since navigation start) just after the first paint showing the graph. */
  readonly firstRender: Promise<number>;
  /** Messages in flight on the graph as the page shows them right now. */
  inFlight(): number;
  sampleFrames(ms: number, everyMs: number): Promise<FrameSample>;
  longTasks(from: number, to: number): LongTask[];
  longFrames(from: number, to: number): LongFrame[];
  now(): number;
}

declare global {
  interface Window {
    eventscapeUiProbe: UiProbe;
  }
}

const longTasks: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

interface LoafEntry extends PerformanceEntry {
  readonly blockingDuration: number;
  readonly scripts: readonly {
    readonly invoker: string;
    readonly duration: number;
    readonly sourceURL: string;
    readonly sourceFunctionName: string;
    readonly sourceCharPosition: number;
  }[];
}

const longFrames: LongFrame[] = [];
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as LoafEntry[]) {
      longFrames.push({
        start: e.startTime,
        duration: e.duration,
        blocking: e.blockingDuration,
        scripts: e.scripts.map((s) => ({
          invoker: s.invoker,
          duration: s.duration,
          source: `${s.sourceFunctionName || '?'}@${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

function inFlight(): number {
  let sum = 0;
  for (const node of document.querySelectorAll('article[aria-label$=" service"]')) {
    sum += Number(ARRIVING.exec(node.textContent ?? '')?.[1] ?? 0);
  }
  return sum;
}

function graphShown(): boolean {
  const node = document.querySelector(FIRST_NODE);
  // React Flow keeps nodes `visibility: hidden` until it has measured them.
  return node?.checkVisibility({ visibilityProperty: true, opacityProperty: true }) ?? false;
}

/**
 * Checked at the start of every frame: once the node is shown, this frame paints it, and a task
 * posted from the frame's rAF callback runs right after that paint.
 */
const firstRender = new Promise<number>((resolve) => {
  const check = () => {
    if (!graphShown()) {
      requestAnimationFrame(check);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  };
  requestAnimationFrame(check);
});

function sampleFrames(ms: number, everyMs: number): Promise<FrameSample> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const counts: number[] = [inFlight()];
    const reader = setInterval(() => counts.push(inFlight()), everyMs);
    const frame = (time: number) => {
      times.push(time);
      if (time - (times[0] as number) < ms) requestAnimationFrame(frame);
      else {
        clearInterval(reader);
        resolve({ times, inFlight: counts });
      }
    };
    requestAnimationFrame(frame);
  });
}

window.eventscapeUiProbe = {
  firstRender,
  inFlight,
  sampleFrames,
  longTasks: (from, to) => longTasks.filter((t) => t.start >= from && t.start < to),
  longFrames: (from, to) => longFrames.filter((f) => f.start >= from && f.start < to),
  now: () => performance.now(),
};

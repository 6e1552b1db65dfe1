import { valueAt } from './dataPath';
import type { Message } from './message';
import type { ProjectionDefinition } from './projection';

/**
 * A windowed aggregation over event time, as Kafka Streams and Flink do it: each event belongs to
 * the windows its event time falls in (tumbling: one fixed window; sliding: every window of `size`
 * starting each `slide` ms that covers it). A watermark trails the latest event time seen by
 * `lateness` ms; a window whose end the watermark has passed is closed and emitted, and an event
 * for a closed window arrives late: it is counted, not added (the result was already out).
 */
export interface WindowSpec {
  readonly kind: 'tumbling' | 'sliding';
  /** Window length, virtual ms. */
  readonly size: number;
  /** Sliding only: how far apart windows start (default size / 2). */
  readonly slide?: number;
  /** How far the watermark trails the latest event time (allowed out-of-orderness), ms. */
  readonly lateness: number;
  /**
   * Event time: `log` (when the event was logged), or `transaction` (when its business transaction
   * began: its correlation's first message), which arrives out of order the way real event time does.
   */
  readonly time: 'log' | 'transaction';
  /** Sum this numeric data field (a dotted path) per window; without it, count events. */
  readonly sum?: string;
}

export interface WindowResult {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly sum: number;
}

export interface WindowState {
  watermark: number;
  /** Open windows by start time. */
  readonly open: Record<string, { count: number; sum: number }>;
  /** The most recent closed windows, oldest first (at most `KEPT`). */
  readonly closed: WindowResult[];
  /** Events that came after their window had closed. */
  late: number;
  /** When each business transaction began (for `time: 'transaction'`), by correlation id. */
  readonly began: Record<string, number>;
}

const KEPT = 30;

/** The windows (their start times) that cover `t`. */
export function windowsFor(spec: WindowSpec, t: number): number[] {
  if (spec.kind === 'tumbling') return [Math.floor(t / spec.size) * spec.size];
  const slide = spec.slide ?? spec.size / 2;
  const starts: number[] = [];
  for (let s = Math.floor(t / slide) * slide; s > t - spec.size; s -= slide) if (s >= 0) starts.push(s);
  return starts.reverse();
}

/** A read model aggregating `types` in windows (see WindowSpec). */
export function windowedDefinition(
  name: string,
  types: readonly string[] | undefined,
  spec: WindowSpec,
): ProjectionDefinition<WindowState> {
  const path = spec.sum?.split('.');
  return {
    name,
    // Transaction time needs every transaction's first message, whatever types are summed.
    ...(types && spec.time === 'log' ? { handles: types } : {}),
    initialState: () => ({ watermark: Number.NEGATIVE_INFINITY, open: {}, closed: [], late: 0, began: {} }),
    copyState: (s) => ({ ...s, open: { ...s.open }, closed: [...s.closed], began: { ...s.began } }),
    evolve(state, message: Message) {
      if (spec.time === 'transaction' && !(message.correlationId in state.began)) {
        state.began[message.correlationId] = message.time;
      }
      const t = spec.time === 'log' ? message.time : (state.began[message.correlationId] as number);
      if (!types || types.includes(message.type)) {
        const found = path ? valueAt(message.data, path) : 0;
        const value = typeof found === 'number' && Number.isFinite(found) ? found : 0;
        for (const start of windowsFor(spec, t)) {
          if (start + spec.size <= state.watermark) {
            state.late++;
            continue;
          }
          const w = state.open[start] ?? { count: 0, sum: 0 };
          state.open[start] = { count: w.count + 1, sum: w.sum + value };
        }
      }
      // The watermark follows the event time of the whole stream it reads, not the clock:
      // max(event time) − allowed lateness.
      state.watermark = Math.max(state.watermark, t - spec.lateness);
      close(state, spec);
      return state;
    },
  };
}

function close(state: WindowState, spec: WindowSpec): void {
  const due = Object.keys(state.open)
    .map(Number)
    .filter((start) => start + spec.size <= state.watermark)
    .sort((a, b) => a - b);
  for (const start of due) {
    const w = state.open[start] as { count: number; sum: number };
    state.closed.push({ start, end: start + spec.size, count: w.count, sum: w.sum });
    delete state.open[start];
  }
  if (state.closed.length > KEPT) state.closed.splice(0, state.closed.length - KEPT);
}

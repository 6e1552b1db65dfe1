/**
 * Virtual time. Nothing in the engine reads the real clock: time only moves when the scheduler
 * pops the next task. Tasks are totally ordered by (due time, sequence), so equal times keep the
 * order they were scheduled in and a run is reproducible.
 */
export interface ScheduledTask<Task> {
  readonly at: number;
  readonly seq: number;
  readonly task: Task;
}

/** A scheduler's plain state: its time, its sequence counter and its pending tasks. */
export interface SchedulerState<Task> {
  readonly now: number;
  readonly seq: number;
  readonly tasks: readonly ScheduledTask<Task>[];
}

export class Scheduler<Task> {
  #now = 0;
  #seq = 0;
  readonly #heap: ScheduledTask<Task>[] = [];

  /** Current virtual time in ms. */
  get now(): number {
    return this.#now;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** Schedules `task` at virtual time `at` (never in the past: earlier times run now). */
  schedule(at: number, task: Task): void {
    if (Number.isNaN(at)) throw new RangeError('Cannot schedule a task at NaN virtual ms.');
    const heap = this.#heap;
    const item: ScheduledTask<Task> = { at: Math.max(at, this.#now), seq: this.#seq++, task };
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as ScheduledTask<Task>;
      if (!before(item, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  /** Due time of the next task, or `undefined` when none is scheduled. */
  peekTime(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes the next task and moves the clock to its due time. */
  pop(): ScheduledTask<Task> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as ScheduledTask<Task>;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && before(heap[r] as ScheduledTask<Task>, heap[l] as ScheduledTask<Task>)) c = r;
        const child = heap[c] as ScheduledTask<Task>;
        if (!before(child, last)) break;
        heap[i] = child;
        i = c;
      }
      heap[i] = last;
    }
    this.#now = top.at;
    return top;
  }

  /** Moves the clock forward to `time` without running anything (time passing with nothing due). */
  advanceTo(time: number): void {
    if (time > this.#now) this.#now = time;
  }

  exportState(): SchedulerState<Task> {
    return { now: this.#now, seq: this.#seq, tasks: this.pending() };
  }

  /** Replaces everything with a saved state; tasks keep their sequence numbers, so their order. */
  importState(state: SchedulerState<Task>): void {
    this.#now = state.now;
    this.#seq = state.seq;
    this.#heap.length = 0;
    this.#heap.push(...state.tasks); // sorted by (at, seq), which is already a valid heap
  }

  /** Every pending task in due order (a copy; for snapshots and inspection). */
  pending(): ScheduledTask<Task>[] {
    return [...this.#heap].sort((x, y) => (before(x, y) ? -1 : 1));
  }
}

function before<T>(x: ScheduledTask<T>, y: ScheduledTask<T>): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

import { getInMemoryEventStore } from '@event-driven-io/emmett';
import { MemoryEventLog } from '../../src/engine/memoryLog';
import { collectGarbage, type Repetition, secondsSince } from './measure';
import { evolveTotals, initialTotals, type OrderTotals, type Workload } from './workload';

/**
 * Append and fold repetitions, ours and Emmett's in-memory store side by side. Each repetition
 * starts from a fresh log/store; inputs are built beforehand, so only the store's work is timed.
 * Both stores are filled the same way (round robin, one call per event) before a timed rebuild:
 * the fill order decides where events sit in memory, and a fold is mostly cache misses, so filling
 * one store stream by stream would hand it a 2× head start.
 */

/** Our public async `append`, one call per event, each awaited. */
export const engineAppend =
  (w: Workload): Repetition =>
  async () => {
    const log = new MemoryEventLog();
    const start = performance.now();
    for (const message of w.messages) await log.append([message]);
    const seconds = secondsSince(start);
    expectCount('MemoryEventLog head', await log.head(), w.messages.length);
    return { engine_append_per_s: w.messages.length / seconds };
  };

/** Emmett's `appendToStream`, one call per event, each awaited. */
export const emmettAppend =
  (w: Workload): Repetition =>
  async () => {
    const store = getInMemoryEventStore();
    const start = performance.now();
    for (const { stream, event } of w.emmett) await store.appendToStream(stream, [event]);
    const seconds = secondsSince(start);
    let stored = 0;
    for (const subject of w.subjects) stored += (await store.readStream(subject)).events.length;
    expectCount('Emmett events stored', stored, w.emmett.length);
    return { emmett_append_per_s: w.emmett.length / seconds };
  };

/** Rebuilds every stream from our log: `readStream`, then reduce with the shared evolve. */
export const engineFold =
  (w: Workload): Repetition =>
  async () => {
    const log = new MemoryEventLog();
    for (const message of w.messages) await log.append([message]); // as in the workload; not timed
    collectGarbage(); // the fill's garbage is not the fold's
    const start = performance.now();
    let total = initialTotals();
    for (const subject of w.subjects) {
      const events = await log.readStream(subject);
      total = add(total, events.reduce(evolveTotals, initialTotals()));
    }
    const seconds = secondsSince(start);
    expectTotals('engine fold', total, w);
    return { engine_fold_per_s: w.messages.length / seconds };
  };

/** The same rebuild through Emmett's `aggregateStream`. */
export const emmettAggregate =
  (w: Workload): Repetition =>
  async () => {
    const store = getInMemoryEventStore();
    for (const { stream, event } of w.emmett) await store.appendToStream(stream, [event]); // likewise
    collectGarbage();
    const start = performance.now();
    let total = initialTotals();
    for (const subject of w.subjects) {
      const { state } = await store.aggregateStream(subject, {
        evolve: evolveTotals,
        initialState: initialTotals,
      });
      total = add(total, state);
    }
    const seconds = secondsSince(start);
    expectTotals('Emmett aggregateStream', total, w);
    return { emmett_aggregate_per_s: w.emmett.length / seconds };
  };

function add(a: OrderTotals, b: OrderTotals): OrderTotals {
  return { count: a.count + b.count, sum: a.sum + b.sum };
}

/** A fold that skipped or doubled events would look fast: check it saw every event once. */
function expectTotals(what: string, total: OrderTotals, w: Workload): void {
  expectCount(`${what} count`, total.count, w.messages.length);
  expectCount(`${what} sum`, total.sum, w.totalAmount);
}

export function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`bench check failed: ${what} is ${actual}, expected ${expected}`);
}

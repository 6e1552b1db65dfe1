import type { Message } from './message';
import { type MessageReader, type ProjectionDefinition, ProjectionRuntime } from './projection';

interface LastFold {
  /** A copy: a caller may go on pushing to the array it passed. */
  readonly log: readonly Message[];
  readonly runtime: ProjectionRuntime<unknown>;
  readonly read: MessageReader | undefined;
}

const lastFolds = new WeakMap<ProjectionDefinition<unknown>, LastFold>();

/**
 * The same answer as `foldProjection(definition, log)`, for a log that keeps growing: it remembers
 * the last log it folded for `definition`, and when `log` starts with exactly those messages (the
 * same objects, checked one by one) it folds only the new ones. The UI re-checks "a caught-up read
 * model equals a fresh fold of the log" on every panel refresh; folding from scratch each time cost
 * O(log) per refresh, and O(log × orders) for the orders dashboard, whose `evolve` copies the table
 * (bench/ui: ~3 of every 10 s on the main thread at 100 orders/s).
 */
export function foldGrowingLog<State>(
  definition: ProjectionDefinition<State>,
  log: readonly Message[],
  /** How each message is read (e.g. upcast to the current schema; see upcasting.ts). */
  read?: MessageReader,
): State {
  const key = definition as ProjectionDefinition<unknown>;
  const last = lastFolds.get(key);
  const extendsLast =
    last !== undefined &&
    last.read === read &&
    last.log.length <= log.length &&
    last.log.every((m, i) => log[i] === m);
  const runtime = extendsLast ? last.runtime : new ProjectionRuntime(key, 0, read);
  for (let i = extendsLast ? last.log.length : 0; i < log.length; i++) runtime.apply(log[i] as Message);
  lastFolds.set(key, { log: log.slice(), runtime, read });
  return runtime.shared() as State; // kept unchanged: the next fold of this cache copies first
}

import { type Catalog, specOf } from './catalog';
import { valueAt } from './dataPath';
import { ConfigurationError } from './errors';
import type { Message } from './message';
import type { ProjectionDefinition } from './projection';
import { type DocumentIndex, documentText, type ReadModelStore, STORE_BATCH } from './readModelStores';
import type { ServiceDefinition } from './service';
import { type WindowResult, type WindowSpec, type WindowState, windowedDefinition } from './windows';

/**
 * Subscribers and read models added to a running simulation (issue 7, item 1: "grow the system
 * live"). They are described by plain data, so adding one is a recordable, saveable, replayable
 * action; the engine builds the running definition from the spec. Nothing scenario-specific: the
 * spec names catalog types, and a reaction publishes a type the catalog knows.
 */

/** Where a new consumer starts: at the log's head, or at its beginning (it catches up first). */
export type StartFrom = 'now' | 'beginning';

/** What a subscriber does with each message it hears. */
export type SubscriberBehaviour =
  /** Keeps a read model of what it heard: a count per type. */
  | { readonly kind: 'count' }
  /** Tells the outside world through the effect gateway (once per message, recorded). */
  | { readonly kind: 'notify' }
  /** Publishes `publish` (an event type of the catalog) `delay` virtual ms after hearing one. */
  | { readonly kind: 'react'; readonly publish: string; readonly delay: number };

export interface SubscriberSpec {
  readonly name: string;
  /** Event types it consumes (events only: a command has exactly one handler already). */
  readonly types: readonly string[];
  readonly behaviour: SubscriberBehaviour;
  readonly startFrom: StartFrom;
  /** Chance an attempt fails: retried with the broker's backoff, then dead-lettered (default 0). */
  readonly failureRate?: number;
  /** Virtual ms per message (default 0): with it, a person can watch a backlog drain. */
  readonly processingTime?: number;
}

/** How a new read model folds the messages it takes. */
export type ProjectionFold =
  | { readonly kind: 'countByType' }
  /** Sums a numeric field of the data (a dotted path, e.g. `amount` or `payment.total`). */
  | { readonly kind: 'sumField'; readonly field: string }
  /** The latest message per key: the subject, or a data field when `field` is given. */
  | { readonly kind: 'latestPerKey'; readonly field?: string }
  /** A full-text index of each key's latest document (see readModelStores.ts `search`). */
  | { readonly kind: 'documents'; readonly field?: string }
  /** Counts (or sums a field) per window of event time, with a watermark (see windows.ts). */
  | { readonly kind: 'window'; readonly window: WindowSpec };

export interface ProjectionSpec {
  readonly name: string;
  readonly types: readonly string[];
  readonly fold: ProjectionFold;
  readonly startFrom: StartFrom;
  /** Where it lives, and so how fresh it is (default `memory`; see readModelStores.ts). */
  readonly store?: ReadModelStore;
}

/** What a grown subscriber's state holds. */
export interface SubscriberState {
  heard: number;
  readonly byType: Record<string, number>;
  /** Notifications performed through the gateway, or reactions scheduled. */
  acted: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9 _-]{0,23}$/;
export const MAX_DELAY_MS = 60_000;
export const MAX_PROCESSING_MS = 5_000;

/** Names a new subscriber or read model may not take, besides the ones already running. */
export interface NameRules {
  /** Every service, subscription and read model name in use. */
  readonly taken: readonly string[];
  /** Names of grown parts removed earlier in this run: never reused (their stale tasks may remain). */
  readonly retired: readonly string[];
}

/** Every reason `spec` cannot be added, in words (empty when it can). */
export function subscriberProblems(spec: SubscriberSpec, catalog: Catalog, names: NameRules): string[] {
  const problems = [...nameProblems(spec.name, names), ...typeProblems(spec.types, catalog)];
  const b = spec.behaviour;
  if (b.kind === 'react') {
    if (!Object.hasOwn(catalog, b.publish)) problems.push(`Choose an event to publish.`);
    else if (specOf(catalog, b.publish).kind !== 'event') {
      problems.push(`"${b.publish}" is a command; a reaction publishes an event.`);
    } else if (spec.types.includes(b.publish)) {
      problems.push(`It would hear its own "${b.publish}" and react forever; publish another event.`);
    }
    if (!Number.isFinite(b.delay) || b.delay < 0 || b.delay > MAX_DELAY_MS) {
      problems.push(`The delay must be 0 to ${MAX_DELAY_MS} ms.`);
    }
  }
  const rate = spec.failureRate ?? 0;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) problems.push('The failure rate must be 0 to 100%.');
  const time = spec.processingTime ?? 0;
  if (!Number.isFinite(time) || time < 0 || time > MAX_PROCESSING_MS) {
    problems.push(`The processing time must be 0 to ${MAX_PROCESSING_MS} ms.`);
  }
  return problems;
}

/** Every reason `spec` cannot be added, in words (empty when it can). */
export function projectionProblems(spec: ProjectionSpec, catalog: Catalog, names: NameRules): string[] {
  const problems = [...nameProblems(spec.name, names), ...typeProblems(spec.types, catalog)];
  if (spec.fold.kind === 'sumField' && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(spec.fold.field)) {
    problems.push('Name the field to sum, e.g. amount.');
  }
  if (spec.fold.kind === 'latestPerKey' && spec.fold.field !== undefined && spec.fold.field.trim() === '') {
    problems.push('Name the key field, or leave it out to key by subject.');
  }
  if (spec.fold.kind === 'window') problems.push(...windowProblems(spec.fold.window));
  if (spec.store !== undefined && !Object.hasOwn(STORE_BATCH, spec.store)) {
    problems.push(
      `There is no read-model store "${spec.store}" (choose ${Object.keys(STORE_BATCH).join(', ')}).`,
    );
  }
  return problems;
}

function nameProblems(name: string, names: NameRules): string[] {
  if (!NAME.test(name)) {
    return ['The name must start with a letter and have at most 24 letters, digits, spaces, - or _.'];
  }
  if (names.taken.includes(name)) return [`"${name}" is already taken.`];
  if (names.retired.includes(name)) return [`"${name}" was removed earlier in this run; choose a new name.`];
  return [];
}

function typeProblems(types: readonly string[], catalog: Catalog): string[] {
  if (types.length === 0) return ['Choose at least one event type to consume.'];
  const problems: string[] = [];
  for (const type of types) {
    if (!Object.hasOwn(catalog, type)) problems.push(`"${type}" is not in the catalog.`);
    else if (specOf(catalog, type).kind !== 'event') {
      problems.push(`"${type}" is a command: it already has its one handler. Consume events.`);
    }
  }
  if (new Set(types).size !== types.length) problems.push('An event type is chosen twice.');
  return problems;
}

/** Throws a ConfigurationError listing the problems, if any. */
export function assertNoProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw new ConfigurationError(problems.join(' '));
}

/** The running service for a subscriber spec (its state: what it heard, per type). */
export function subscriberDefinition(spec: SubscriberSpec): ServiceDefinition<SubscriberState> {
  const b = spec.behaviour;
  return {
    name: spec.name,
    handles: spec.types,
    processingTime: spec.processingTime ?? 0,
    initialState: () => ({ heard: 0, byType: {}, acted: 0 }),
    decide: (_state, message, { effects, now }) => {
      if (b.kind === 'notify') {
        const request = { type: message.type, subject: message.subject };
        effects.perform('notify', `notify:${spec.name}:${message.id}`, request, now, () => ({ sent: true }));
        return [];
      }
      if (b.kind === 'react') {
        const data = { by: spec.name, heard: message.type };
        return [
          { type: b.publish, subject: message.subject, data, ...(b.delay > 0 ? { after: b.delay } : {}) },
        ];
      }
      return [];
    },
    evolve: (state) => state,
    absorb: (state, message) => {
      state.heard++;
      state.byType[message.type] = (state.byType[message.type] ?? 0) + 1;
      if (b.kind !== 'count') state.acted++;
      return state;
    },
    copyState: (state) => ({ ...state, byType: { ...state.byType } }),
  };
}

export type GrownProjectionState =
  | WindowState
  | DocumentIndex
  | Record<string, number>
  | { total: number; count: number }
  | Record<string, { type: string; position: number }>;

/** The running read model for a projection spec. */
export function projectionDefinition(spec: ProjectionSpec): ProjectionDefinition<GrownProjectionState> {
  const batchEvery = STORE_BATCH[spec.store ?? 'memory'];
  const definition = foldDefinition(spec);
  return batchEvery ? { ...definition, batchEvery } : definition;
}

function foldDefinition(spec: ProjectionSpec): ProjectionDefinition<GrownProjectionState> {
  const fold = spec.fold;
  if (fold.kind === 'documents') {
    const key = keyOf(fold.field);
    return {
      name: spec.name,
      handles: spec.types,
      initialState: () => ({}),
      evolve: (state, message) => {
        (state as DocumentIndex)[key(message)] = documentText(message);
        return state;
      },
      copyState: (state) => ({ ...state }) as GrownProjectionState,
    };
  }
  if (fold.kind === 'window') {
    return windowedDefinition(
      spec.name,
      spec.types,
      fold.window,
    ) as ProjectionDefinition<GrownProjectionState>;
  }
  if (fold.kind === 'sumField') {
    const path = fold.field.split('.');
    return {
      name: spec.name,
      handles: spec.types,
      initialState: () => ({ total: 0, count: 0 }),
      evolve: (state, message) => {
        const s = state as { total: number; count: number };
        const value = valueAt(message.data, path);
        if (typeof value === 'number' && Number.isFinite(value)) {
          s.total += value;
          s.count++;
        }
        return s;
      },
      copyState: (state) => ({ ...(state as { total: number; count: number }) }),
    };
  }
  const key = keyOf(fold.kind === 'latestPerKey' ? fold.field : undefined);
  return {
    name: spec.name,
    handles: spec.types,
    initialState: () => ({}),
    evolve: (state, message) => {
      if (fold.kind === 'countByType') {
        const s = state as Record<string, number>;
        s[message.type] = (s[message.type] ?? 0) + 1;
      } else {
        const s = state as Record<string, { type: string; position: number }>;
        s[key(message)] = { type: message.type, position: message.position };
      }
      return state;
    },
    copyState: (state) => ({ ...state }) as GrownProjectionState,
  };
}

/** A message's key: a data field (a dotted path) when one is named, else its subject. */
function keyOf(field: string | undefined): (m: Message) => string {
  if (!field) return (m) => m.subject;
  const path = field.split('.');
  return (m) => String(valueAt(m.data, path) ?? '(none)');
}

/** A one-line summary of a grown subscriber's or read model's state, for the graph. */
export function summarizeGrown(state: unknown): string {
  if (typeof state !== 'object' || state === null) return '';
  const s = state as Record<string, unknown>;
  if (typeof s.heard === 'number') return `heard ${s.heard}`;
  if (Array.isArray(s.closed) && typeof s.late === 'number') {
    const last = s.closed.at(-1) as WindowResult | undefined;
    const lastText = last ? ` · last ${last.count} (sum ${last.sum})` : '';
    return `${s.closed.length} windows closed${lastText} · ${s.late} late`;
  }
  if (typeof s.total === 'number' && typeof s.count === 'number') return `total ${s.total} of ${s.count}`;
  return `${Object.keys(s).length} keys`;
}

/** What is wrong with a window spec, in words. */
function windowProblems(w: WindowSpec): string[] {
  const problems: string[] = [];
  if (!(Number.isFinite(w.size) && w.size >= 100 && w.size <= 3_600_000)) {
    problems.push('A window lasts 100 ms to an hour.');
  }
  if (w.kind === 'sliding' && w.slide !== undefined && !(w.slide > 0 && w.slide <= w.size)) {
    problems.push('Windows slide by more than 0 and at most their length.');
  }
  if (!(Number.isFinite(w.lateness) && w.lateness >= 0 && w.lateness <= 3_600_000)) {
    problems.push('Allowed lateness is 0 ms to an hour.');
  }
  if (w.sum !== undefined && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(w.sum)) {
    problems.push('Name the field to sum, e.g. order.amount, or leave it out to count.');
  }
  return problems;
}

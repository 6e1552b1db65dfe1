import type { BrokerSettings, BrokerState, BrokerTask, DeadLetter, SubscriptionView } from './brokerTypes';
import type { Catalog } from './catalog';
import type { SchedulerState } from './clock';
import type { EffectsState } from './effects';
import type { EventLog } from './eventLog';
import type { BrokerFlavour } from './flavours';
import type { ProjectionSpec, SubscriberSpec } from './growth';
import type { ProjectionDefinition, ProjectionFailure, ProjectionState } from './projection';
import type { RandomState } from './random';
import type { Outgoing, ServiceDefinition } from './service';
import type { UpcasterView } from './upcasting';

/** The simulation's options, its plain snapshot for the UI and its saved state (simulation.ts). */

export const SIMULATION_STATE_FORMAT = 'eventscape.simulation/1';

export interface ServiceState {
  readonly state: unknown;
  /** Events folded into `state` (absent in runs saved before it was kept). */
  readonly version?: number;
  readonly idempotent: boolean;
  readonly outbox: boolean;
  /** Table-backed (CDC, cdc.ts): its events are rows in its own table, never published by it. */
  readonly tableBacked?: boolean;
  /** Ids already handled that may still be delivered again (a duplicate or a redelivery is queued). */
  readonly processed: readonly string[];
  /** Request keys already handled (see `ServiceDefinition.idempotencyKey`); a retry may come any time. */
  readonly processedKeys: readonly string[];
  readonly handled: number;
  readonly duplicatesSuppressed: number;
  /** Optimistic concurrency (`ServiceDefinition.concurrency`): is the version check on? (default on) */
  readonly versionCheck?: boolean;
  /** Optimistic concurrency: appends rejected as stale so far. */
  readonly conflicts?: number;
  /** Optimistic concurrency: what each busy instance read when it started (kept as shared state). */
  readonly reads?: readonly ServiceRead[];
}

/** What one instance read when it started a delivery (optimistic concurrency). Plain data. */
export interface ServiceRead {
  readonly instance: number;
  readonly messageId: string;
  /** The delivery's failed attempts when this attempt started: a read belongs to one attempt. */
  readonly attempts: number;
  /** The log's head at the read: written streams must still be at their versions as of it. */
  readonly position: number;
  /** The service's state at the read; never changed afterwards. */
  readonly state: unknown;
}

/** A simulation's plain, JSON-able state (see {@link Simulation.exportState}). */
export interface SimulationState {
  readonly format: typeof SIMULATION_STATE_FORMAT;
  readonly seed: string;
  readonly head: number;
  readonly logHash: readonly [number, number];
  readonly scheduler: SchedulerState<Task>;
  readonly random: {
    readonly ids: RandomState;
    readonly broker: RandomState;
    readonly services: Readonly<Record<string, RandomState>>;
  };
  readonly broker: BrokerState;
  readonly services: Readonly<Record<string, ServiceState>>;
  readonly projections: Readonly<Record<string, ProjectionState>>;
  readonly projectionWakes: Readonly<Record<string, number>>;
  readonly effects: EffectsState;
  /** Subscribers and read models added while running (absent when none ever was). */
  readonly grown?: GrownState;
  /** Upcasters switched off, as `type@fromVersion` (absent when all are on). */
  readonly upcastersOff?: readonly string[];
  /** CDC connectors, by the service they tail: the rows each has seen (absent when none runs). */
  readonly connectors?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** What was added to a running simulation, as plain specs (see growth.ts). */
export interface GrownState {
  /** In the order they were added (and still running). */
  readonly subscribers: readonly SubscriberSpec[];
  readonly projections: readonly ProjectionSpec[];
  /** Names of grown parts removed since: never reused in this run. */
  readonly retired: readonly string[];
  /** Grown read models still reading the log's history. */
  readonly replaying: readonly string[];
}

export interface SimulationOptions {
  readonly seed: number | string;
  readonly catalog: Catalog;
  // biome-ignore lint/suspicious/noExplicitAny: a simulation holds services of many state types
  readonly services: readonly ServiceDefinition<any>[];
  // biome-ignore lint/suspicious/noExplicitAny: likewise for read models
  readonly projections?: readonly ProjectionDefinition<any>[];
  /** The event log; an in-memory one by default. */
  readonly log?: EventLog;
  readonly broker?: Partial<BrokerSettings>;
  /** Read-model lag in virtual ms (default 0). */
  readonly projectionLag?: number;
}

/** A person's action, or anything from outside the services. */
export interface Dispatch {
  readonly type: string;
  readonly subject: string;
  readonly data: unknown;
  readonly correlationId?: string;
  readonly source?: string;
}

export type ProjectionTask =
  | { readonly kind: 'projection.catchUp'; readonly name: string }
  /** A read model added from the beginning reads the next batch of the log's history. */
  | { readonly kind: 'projection.history'; readonly name: string };
/** A service's timer (`Outgoing.after`): when it fires, the message is logged and routed. */
export interface ServiceTimerTask {
  readonly kind: 'service.timer';
  readonly service: string;
  readonly outgoing: Omit<Outgoing, 'after'>;
  readonly correlationId: string;
  readonly causationId: string;
}
/** Everything the simulation's scheduler runs. */
export type Task = BrokerTask | ProjectionTask | ServiceTimerTask;

export interface ServiceView extends SubscriptionView {
  readonly idempotent: boolean;
  readonly outbox: boolean;
  /** Table-backed (cdc.ts): it publishes no events; a connector may capture its changes. */
  readonly tableBacked: boolean;
  /** A CDC connector tails its table. */
  readonly connector: boolean;
  readonly handled: number;
  readonly duplicatesSuppressed: number;
  /** Optimistic concurrency: appends carry the versions read (always true for other services). */
  readonly versionCheck: boolean;
  /** Appends rejected by the version check so far (each a failed delivery the broker retries). */
  readonly conflicts: number;
  /**
   * The service's live state, not a copy (copying every table per frame would cost what the O(1)
   * folds saved): read it while rendering, copy what you keep. `version` grows with each event
   * folded into it, so a memo can key on it.
   */
  readonly state: unknown;
  readonly version: number;
}

export interface ProjectionView {
  readonly name: string;
  readonly checkpoint: number;
  /** Messages in the log that the read model has not folded yet. */
  readonly behind: number;
  readonly lag: number;
  /** As of `checkpoint`, and never changed afterwards (the read model copies before its next change). */
  readonly state: unknown;
  /** Present while it is stopped at a message it could not fold (its `behind` then only grows). */
  readonly failure?: ProjectionFailure;
}

/** A subscriber added while running: its spec and how far behind the head it is. */
export interface GrownSubscriberView {
  readonly spec: SubscriberSpec;
  /**
   * Messages behind the head: log positions not read yet while it catches up from the beginning,
   * plus deliveries it has not acked. Falls to 0 when it has caught up and drained.
   */
  readonly behind: number;
}

/** A read model added while running (its live figures are in `projections`, by name). */
export interface GrownProjectionView {
  readonly spec: ProjectionSpec;
  /** Still reading the log's history (added from the beginning). */
  readonly replaying: boolean;
}

/** Plain data for the UI: everything shown on screen comes from here. */
export interface SimulationSnapshot {
  readonly now: number;
  readonly head: number;
  readonly services: readonly ServiceView[];
  readonly projections: readonly ProjectionView[];
  /** Subscribers added while running (each is also in `services`, by name). */
  readonly subscribers: readonly GrownSubscriberView[];
  /** Read models added while running (each is also in `projections`, by name). */
  readonly grownProjections: readonly GrownProjectionView[];
  /** The broker's dead letters, then each stopped read model's message (`readModel: true`). */
  readonly deadLetters: readonly DeadLetter[];
  readonly pendingTasks: number;
  /** The catalog's upcasters and whether each is switched on (schema evolution). */
  readonly upcasters: readonly UpcasterView[];
  /** Which real broker's semantics the run has (flavours.ts): `log`, `queue` or `sqs`. */
  readonly brokerFlavour: BrokerFlavour;
}

/**
 * A running simulation: the virtual clock and scheduler, the log, the broker, the services and the
 * read models, wired together. Every change happens in a scheduled task or a dispatched action, one
 * at a time, so the same seed and actions always give the same log.
 */

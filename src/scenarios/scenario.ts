import type { Catalog } from '../engine/catalog';
import type { Message } from '../engine/message';
import type { ProjectionDefinition } from '../engine/projection';
import type { ServiceDefinition } from '../engine/service';
import type { Dispatch, SimulationSnapshot } from '../engine/simulation';

/** How the person wants the next transaction: its coordination style, size, and a way to make it fail. */
export interface SampleOptions {
  readonly style?: string;
  readonly quantity?: number;
  readonly fail?: 'decline' | 'outOfStock';
}

/** One business transaction (an order's saga) as the Sagas panel shows it. */
export interface TransactionView {
  readonly id: string;
  readonly status: 'Running' | 'Compensating' | 'Confirmed' | 'Cancelled';
  readonly style?: string;
  /** What happened, in log order; a compensation names the position of the step it undoes. */
  readonly steps: readonly { readonly label: string; readonly position: number; readonly undoes?: number }[];
  /** Something the person should see: a lost message, a stuck saga. */
  readonly problem?: string;
}

/** One invariant, checked now. */
export interface CheckView {
  readonly name: string;
  readonly label: string;
  readonly status: 'ok' | 'violated';
  readonly violations: readonly { readonly message: string; readonly positions: readonly number[] }[];
}

/** What a scenario can tell about a run, computed from its log (and snapshot) alone. */
export interface ScenarioInsight {
  transactions(log: readonly Message[]): TransactionView[];
  checks(log: readonly Message[], snapshot: SimulationSnapshot): CheckView[];
  /** Per-style figures for the comparison table: style → metric → value. */
  metrics?(log: readonly Message[]): Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A business world the engine can run: its messages, services, read models and a sample action. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly catalog: Catalog;
  // biome-ignore lint/suspicious/noExplicitAny: services of many state types
  readonly services: readonly ServiceDefinition<any>[];
  // biome-ignore lint/suspicious/noExplicitAny: read models of many state types
  readonly projections: readonly ProjectionDefinition<any>[];
  /** The person's action that starts business transaction number `n` (e.g. place order n). */
  sampleAction(n: number, options?: SampleOptions): Dispatch;
  /** Coordination styles a person can choose between for new transactions, if more than one. */
  readonly styles?: readonly string[];
  /** Where each node goes on the graph (else an automatic layered layout). */
  readonly layout?: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
  readonly insight?: ScenarioInsight;
  /** The same scenario with a run's business knobs applied (e.g. the payment decline rate). */
  configure?(knobs: { readonly decline?: number }): Scenario;
  /**
   * The types each service may send, by service name (`user` for a person's actions). With the
   * services' `handles`, this draws the graph's edges before any message has flowed.
   */
  readonly emits: Readonly<Record<string, readonly string[]>>;
  /** A one-line summary of a service's state for its node on the graph. */
  summarize?(service: string, state: unknown): string;
}

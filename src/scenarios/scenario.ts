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
  /**
   * A kind of transaction the scenario offers besides its sample sequence (the bank: `deposit`,
   * `withdrawal`, `transfer`). Scenarios ignore kinds they do not know.
   */
  readonly kind?: string;
  /**
   * The scenario's race on demand (the bank: a deposit and a withdrawal on one account, sent at
   * the same moment): `sampleAction` then returns the requests that race, dispatched together.
   */
  readonly conflict?: boolean;
}

/** One choice of the controls' transaction menu: its words and the options it places with. */
export interface SampleChoice {
  readonly label: string;
  readonly options: SampleOptions;
}

/**
 * How the header's controls speak of a scenario's transactions (absent: the order saga's words,
 * "Place order", with quantity and outcome when the scenario has coordination styles).
 */
export interface ScenarioControls {
  /** The button that starts one transaction, e.g. "Send request". */
  readonly actionLabel: string;
  /** What the transactions are called, plural, e.g. "requests" (in "5 requests/s"). */
  readonly unit: string;
  /** The menu of what the button sends: its label and choices (the first is the default). */
  readonly choiceLabel: string;
  readonly choices: readonly SampleChoice[];
  /** A button that makes the scenario's race (`SampleOptions.conflict`), e.g. "Make a conflict". */
  readonly conflictLabel?: string;
  /** What the conflict sends, for the button's tooltip. */
  readonly conflictHint?: string;
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
  /**
   * The person's action that starts business transaction number `n` (e.g. place order n): one
   * request, or several sent at the same moment (`SampleOptions.conflict`).
   */
  sampleAction(n: number, options?: SampleOptions): Dispatch | readonly Dispatch[];
  /** How the controls name its transactions (see `ScenarioControls`). */
  readonly controls?: ScenarioControls;
  /** Coordination styles a person can choose between for new transactions, if more than one. */
  readonly styles?: readonly string[];
  /** Where each node goes on the graph (else an automatic layered layout). */
  readonly layout?: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
  readonly insight?: ScenarioInsight;
  /**
   * The command that undoes an event ("Reverse this event"), sent to the event's own stream so the
   * service that owns it decides and logs the compensating event itself; null when it has none.
   */
  reverse?(message: Message): Dispatch | null;
  /** The same scenario with a run's business knobs applied (e.g. the payment decline rate). */
  configure?(knobs: { readonly decline?: number; readonly schema?: 'v1' | 'v2' }): Scenario;
  /**
   * The types each service may send, by service name (`user` for a person's actions). With the
   * services' `handles`, this draws the graph's edges before any message has flowed.
   */
  readonly emits: Readonly<Record<string, readonly string[]>>;
  /** A one-line summary of a service's state for its node on the graph. */
  summarize?(service: string, state: unknown): string;
}

/** The requests a `sampleAction` result sends, in order. */
export function dispatchesOf(sample: Dispatch | readonly Dispatch[]): readonly Dispatch[] {
  return isMany(sample) ? sample : [sample];
}

function isMany(sample: Dispatch | readonly Dispatch[]): sample is readonly Dispatch[] {
  return Array.isArray(sample);
}

import type { Catalog } from '../engine/catalog';
import type { ProjectionDefinition } from '../engine/projection';
import type { ServiceDefinition } from '../engine/service';
import type { Dispatch } from '../engine/simulation';

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
  sampleAction(n: number): Dispatch;
  /**
   * The types each service may send, by service name (`user` for a person's actions). With the
   * services' `handles`, this draws the graph's edges before any message has flowed.
   */
  readonly emits: Readonly<Record<string, readonly string[]>>;
  /** A one-line summary of a service's state for its node on the graph. */
  summarize?(service: string, state: unknown): string;
}

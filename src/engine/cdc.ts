import type { Catalog } from './catalog';
import type { Message } from './message';
import type { ServiceDefinition } from './service';

/**
 * Change data capture, as Debezium does it. A table-backed service (`Simulation.setTableBacked`)
 * keeps its state in its own table and publishes no events: each change is only a row written (the
 * `$StateCommitted` record, its database's change log). A connector (`Simulation.setConnector`)
 * tails that change log and publishes one `RowChanged` per changed row with the row's image before
 * and after, so other services can follow a legacy service that was never changed to publish. The
 * events are technical (rows, not decisions): the contrast with the outbox, which publishes the
 * service's own domain events in the same transaction as its state.
 */
export const ROW_CHANGED = 'RowChanged';

/** The engine's own event type for captured changes; merged into every simulation's catalog. */
export const cdcCatalog: Catalog = {
  [ROW_CHANGED]: {
    kind: 'event',
    description: 'A row of a table-backed service changed (change data capture): its image before and after.',
  },
};

/** What a connector publishes per row (Debezium's envelope: op c/u/r, before, after). */
export interface RowChange {
  /** The service whose table it is. */
  readonly table: string;
  /** The row's key: the stream the change belongs to (`order-17`). */
  readonly key: string;
  /** `c` created, `u` updated, `r` read by the connector's initial snapshot. */
  readonly op: 'c' | 'u' | 'r';
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * One connector: the rows of one service's table as it has seen them, each the fold of that key's
 * events with the service's own `evolve` (its row image).
 */
export class Connector {
  readonly #service: ServiceDefinition<unknown>;
  readonly #rows = new Map<string, unknown>();

  constructor(service: ServiceDefinition<unknown>, rows: Readonly<Record<string, unknown>> = {}) {
    this.#service = service;
    for (const [key, row] of Object.entries(rows)) this.#rows.set(key, row);
  }

  /** Folds committed events into the rows; returns each change in order (`op` c or u). */
  changes(events: readonly Message[]): RowChange[] {
    const out: RowChange[] = [];
    for (const event of events) {
      const before = this.#rows.get(event.subject);
      // The stored image is never changed: the next one is folded on a copy of it.
      const base = before === undefined ? this.#service.initialState() : structuredClone(before);
      const after = this.#service.evolve(base, event);
      this.#rows.set(event.subject, after);
      out.push({
        table: this.#service.name,
        key: event.subject,
        op: before === undefined ? 'c' : 'u',
        before: before ?? null,
        after: structuredClone(after),
      });
    }
    return out;
  }

  /** The initial snapshot: every row as it stands (`op` r), as a connector that starts late reads them. */
  snapshot(): RowChange[] {
    return [...this.#rows].map(([key, row]) => ({
      table: this.#service.name,
      key,
      op: 'r' as const,
      before: null,
      after: structuredClone(row),
    }));
  }

  exportRows(): Record<string, unknown> {
    return Object.fromEntries(this.#rows);
  }
}

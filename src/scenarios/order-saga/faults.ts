import type { Simulation } from '../../engine/simulation';
import type { Style } from './messages';
import type { Downtime } from './metrics';
import { placeOrder } from './placeOrder';
import { type OrderSagaSettings, SERVICE_NAMES, type ServiceName } from './settings';

/**
 * One step of a run's schedule, at a virtual time: a person placing an order, or a fault. Plain
 * data, so a schedule can be printed, pinned as a regression case and replayed exactly.
 */
export type ScheduleAction =
  | {
      readonly at: number;
      readonly kind: 'place';
      readonly n: number;
      readonly style: Style;
      readonly sku: string;
      readonly quantity: number;
      readonly forceDecline: boolean;
    }
  | { readonly at: number; readonly kind: 'kill' | 'revive'; readonly service: ServiceName }
  | {
      readonly at: number;
      readonly kind: 'tune';
      readonly service: ServiceName;
      readonly failureRate: number;
      readonly processingTime: number;
    }
  | { readonly at: number; readonly kind: 'duplicates'; readonly rate: number }
  /** `edge` is `Source->Target`; null changes the default latency of every edge. */
  | {
      readonly at: number;
      readonly kind: 'latency';
      readonly edge: string | null;
      readonly base: number;
      readonly jitter: number;
    };

/** Applies schedule steps and remembers when each service was down (for the metrics). */
export class FaultApplier {
  readonly #sim: Simulation;
  readonly #settings: OrderSagaSettings;
  readonly #downSince = new Map<string, number>();
  readonly #downtime: Record<string, [number, number][]> = {};

  constructor(sim: Simulation, settings: OrderSagaSettings) {
    this.#sim = sim;
    this.#settings = settings;
  }

  async apply(action: ScheduleAction): Promise<void> {
    const sim = this.#sim;
    switch (action.kind) {
      case 'place': {
        const line = { sku: action.sku, quantity: action.quantity, forceDecline: action.forceDecline };
        await sim.dispatch(placeOrder(action.n, action.style, line, this.#settings));
        return;
      }
      case 'kill':
        if (!this.#downSince.has(action.service)) this.#downSince.set(action.service, sim.now);
        sim.kill(action.service);
        return;
      case 'revive':
        this.#up(action.service);
        sim.revive(action.service);
        return;
      case 'tune':
        sim.broker.tune(action.service, {
          failureRate: action.failureRate,
          processingTime: action.processingTime,
        });
        return;
      case 'duplicates':
        sim.broker.configure({ duplicateRate: action.rate });
        return;
      case 'latency': {
        const spec = { base: action.base, jitter: action.jitter };
        if (action.edge === null) sim.broker.configure({ latency: spec });
        else
          sim.broker.configure({ edgeLatency: { ...sim.broker.settings.edgeLatency, [action.edge]: spec } });
        return;
      }
      default:
        return assertNever(action);
    }
  }

  /** The faults end: every service comes back and stops failing; then the system can drain. */
  recover(): void {
    for (const name of SERVICE_NAMES) {
      this.#up(name);
      this.#sim.revive(name);
      this.#sim.broker.tune(name, { failureRate: 0 });
    }
  }

  get downtime(): Downtime {
    const open = Object.fromEntries(
      [...this.#downSince].map(([name, since]) => [name, [[since, Number.POSITIVE_INFINITY] as const]]),
    );
    const all: Record<string, (readonly [number, number])[]> = { ...this.#downtime };
    for (const [name, spans] of Object.entries(open)) all[name] = [...(all[name] ?? []), ...spans];
    return all;
  }

  #up(service: string): void {
    const since = this.#downSince.get(service);
    if (since === undefined) return;
    this.#downSince.delete(service);
    const spans = this.#downtime[service] ?? [];
    spans.push([since, this.#sim.now]);
    this.#downtime[service] = spans;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown schedule action: ${JSON.stringify(value)}`);
}

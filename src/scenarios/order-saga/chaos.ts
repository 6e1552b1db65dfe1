import type { BrokerSettings } from '../../engine/brokerTypes';
import type { BrokerFlavour } from '../../engine/flavours';
import { Random } from '../../engine/random';
import type { ScheduleAction } from './faults';
import type { Style } from './messages';
import { defaultSettings, type OrderSagaSettings, PROCESSING_TIME, SERVICE_NAMES } from './settings';

/**
 * How a headless run (the CLI, the chaos tests) sets up each broker flavour. `log` and `queue` run
 * with their defaults. On `sqs` the visibility timeout sits just above Payment's own processing time
 * and Payment and Inventory run two instances each, so when chaos slows one of them down (×3) it
 * outlasts the timeout and the other instance receives the message again: the idempotent consumer
 * must keep that from charging (or reserving) twice.
 */
export function brokerSetup(flavour: BrokerFlavour): {
  readonly broker: Partial<BrokerSettings>;
  readonly instances: Readonly<Record<string, number>>;
} {
  if (flavour === 'log') return { broker: {}, instances: {} };
  if (flavour === 'queue') return { broker: { flavour }, instances: {} };
  return {
    broker: { flavour, visibilityTimeout: SQS_VISIBILITY_TIMEOUT },
    instances: { Payment: 2, Inventory: 2 },
  };
}

/** `sqs` runs' visibility timeout, virtual ms: Payment takes 5, and chaos slows it to 5, 10 or 15. */
export const SQS_VISIBILITY_TIMEOUT = 12;

/** Virtual ms between two orders a run places. */
export const ORDER_GAP = 50;

/** `count` orders in one style, one every {@link ORDER_GAP} ms, with seeded SKUs and quantities. */
export function orderSchedule(
  seed: string,
  count: number,
  style: Style,
  settings: OrderSagaSettings = defaultSettings,
): ScheduleAction[] {
  const random = new Random(seed).fork('orders');
  const skus = Object.keys(settings.initialStock);
  return Array.from({ length: count }, (_, i) => ({
    at: i * ORDER_GAP,
    kind: 'place' as const,
    n: i + 1,
    style,
    sku: skus[random.int(skus.length)] ?? 'SKU-RED',
    quantity: 1 + random.int(3),
    forceDecline: false,
  }));
}

/**
 * Seeded chaos over `[0, horizon)`: duplicate delivery, slow and jittery edges, services that fail
 * some attempts and take up to three times as long, and kills — any service, the orchestrator included — each revived
 * after 0.1–2.5 s. Failure rates stay at or below 0.15, so with ten attempts a delivery is all but
 * never dead-lettered: the faults delay and repeat messages, they do not destroy them (the outbox's
 * job, and its absence's lesson).
 */
export function chaosSchedule(seed: string, horizon: number): ScheduleAction[] {
  const random = new Random(seed).fork('chaos');
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)] as T;
  const out: ScheduleAction[] = [
    { at: 0, kind: 'duplicates', rate: 0.1 + random.int(21) / 100 },
    { at: 0, kind: 'latency', edge: null, base: 10 + random.int(21), jitter: random.int(61) },
  ];
  for (const service of SERVICE_NAMES) {
    const failureRate = random.int(16) / 100;
    const processingTime = PROCESSING_TIME[service] * (1 + random.int(3));
    out.push({ at: 0, kind: 'tune', service, failureRate, processingTime });
  }
  for (let i = 0; i < 4; i++) {
    const edge = `${pick(SERVICE_NAMES)}->${pick(SERVICE_NAMES)}`;
    out.push({
      at: random.int(horizon),
      kind: 'latency',
      edge,
      base: random.int(150),
      jitter: random.int(100),
    });
  }
  const kills = Math.max(2, Math.ceil(horizon / 1_500));
  for (let i = 0; i < kills; i++) {
    const service = pick(SERVICE_NAMES);
    const at = random.int(horizon);
    out.push({ at, kind: 'kill', service }, { at: at + 100 + random.int(2_400), kind: 'revive', service });
  }
  return out;
}

/** Steps in time order; steps at the same time keep their order (a stable sort). */
export function inTimeOrder(actions: readonly ScheduleAction[]): ScheduleAction[] {
  return actions
    .map((action, i) => ({ action, i }))
    .sort((a, b) => a.action.at - b.action.at || a.i - b.i)
    .map((x) => x.action);
}

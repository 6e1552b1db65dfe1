import type { BrokerSettings } from './brokerTypes';

/**
 * The broker's flavours (issue 9, item 1): one interface, three real systems' semantics. Chosen per
 * run (`BrokerSettings.flavour`, saved with the run); see src/engine/CONTEXT.md, "Broker flavours".
 *
 * - `log` (Kafka-like, the default): topics are retained, each consumer group keeps an offset, a new
 *   group may start from the earliest offset; a failed message is retried with backoff at the head
 *   of its partition (per-subject order; the partition waits).
 * - `queue` (RabbitMQ-like): a topic exchange routes each message to the queues bound to its type;
 *   an acked message is gone, so a new queue only sees what arrives after it is bound; a failure is
 *   a nack that requeues at once, and past the queue's delivery limit the message goes to the
 *   dead-letter exchange.
 * - `sqs` (SNS/SQS-like): an SNS topic fans out to one SQS queue per subscriber; a received message
 *   is invisible for the visibility timeout, and reappears (another instance receives it) if it is
 *   not deleted in time; a failure is simply not deleted; past `maxReceiveCount` receives the redrive
 *   policy moves it to the dead-letter queue.
 */
export type BrokerFlavour = 'log' | 'queue' | 'sqs';

export const BROKER_FLAVOURS: readonly BrokerFlavour[] = ['log', 'queue', 'sqs'];

export interface FlavourInfo {
  readonly flavour: BrokerFlavour;
  /** The real system it behaves like. */
  readonly like: string;
  /** Can a new consumer start from the beginning of the stream? */
  readonly replayable: boolean;
  /** One line on how it differs. */
  readonly summary: string;
}

export const flavourInfo: Readonly<Record<BrokerFlavour, FlavourInfo>> = {
  log: {
    flavour: 'log',
    like: 'Kafka-like',
    replayable: true,
    summary: 'retained topics, offsets per consumer group; a new group can start from the earliest offset',
  },
  queue: {
    flavour: 'queue',
    like: 'RabbitMQ-like',
    replayable: false,
    summary:
      'exchanges route to bound queues; an acked message is gone; a nack requeues; dead-letter exchange',
  },
  sqs: {
    flavour: 'sqs',
    like: 'SNS/SQS-like',
    replayable: false,
    summary: 'SNS fans out to SQS queues; visibility timeout; max receive count, then redrive to a DLQ',
  },
};

/** "queue (RabbitMQ-like)": how the UI names a flavour. */
export function flavourLabel(flavour: BrokerFlavour): string {
  return `${flavour} (${flavourInfo[flavour].like})`;
}

export function isBrokerFlavour(value: unknown): value is BrokerFlavour {
  return typeof value === 'string' && (BROKER_FLAVOURS as readonly string[]).includes(value);
}

/** The run's flavour (absent in settings means `log`, so runs saved before flavours read as they were). */
export function flavourOf(settings: Pick<BrokerSettings, 'flavour'>): BrokerFlavour {
  return settings.flavour ?? 'log';
}

/** Defaults of the flavour-specific knobs (each may be set in `BrokerSettings`). */
export const QUEUE_DELIVERY_LIMIT = 20;
export const SQS_VISIBILITY_TIMEOUT = 1_000;
export const SQS_MAX_RECEIVE_COUNT = 10;

export function deliveryLimit(settings: BrokerSettings): number {
  return settings.deliveryLimit ?? QUEUE_DELIVERY_LIMIT;
}

export function visibilityTimeout(settings: BrokerSettings): number {
  return settings.visibilityTimeout ?? SQS_VISIBILITY_TIMEOUT;
}

export function maxReceiveCount(settings: BrokerSettings): number {
  return settings.maxReceiveCount ?? SQS_MAX_RECEIVE_COUNT;
}

/**
 * Why a consumer cannot start from the beginning on this flavour, in words (empty when it can).
 * Only the retained log keeps what was consumed; a queue holds a message only until it is acked.
 */
export function startFromProblems(
  flavour: BrokerFlavour,
  startFrom: 'now' | 'beginning' | undefined,
): string[] {
  if (startFrom !== 'beginning' || flavour === 'log') return [];
  if (flavour === 'queue') {
    return [
      'The queue broker (RabbitMQ-like) cannot start a subscriber from the beginning: a message is gone ' +
        'once acked, so a new queue only sees what arrives after it is bound. Start it from now, or run on ' +
        'the log broker (Kafka-like), which retains its topics.',
    ];
  }
  return [
    'The SNS/SQS broker cannot start a subscriber from the beginning: SNS pushes each message to the ' +
      'queues subscribed at that moment and SQS deletes it once processed, so a new queue starts empty. ' +
      'Start it from now, or run on the log broker (Kafka-like), which retains its topics.',
  ];
}

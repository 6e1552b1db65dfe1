import type { EventLog } from './eventLog';
import type { BrokerFlavour } from './flavours';
import type { Message } from './message';
import type { Random, RandomState } from './random';

/** Settings, plain-data shapes and tasks of the broker (src/engine/broker.ts). */

export interface LatencySpec {
  /** Virtual ms a message spends travelling the edge. */
  readonly base: number;
  /** Up to this many extra ms, drawn from the seeded random. */
  readonly jitter: number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Backoff after the n-th failed attempt: min(maxBackoff, baseBackoff × 2^(n−1)). */
  readonly baseBackoff: number;
  readonly maxBackoff: number;
}

export interface BrokerSettings {
  readonly latency: LatencySpec;
  /** Per-edge latency, keyed `${source}->${subscription}`. */
  readonly edgeLatency: Readonly<Record<string, LatencySpec>>;
  /** Chance that a delivery is made twice (network redelivery). */
  readonly duplicateRate: number;
  readonly retry: RetryPolicy;
  /** Messages a catching-up subscription reads from the log per virtual ms. */
  readonly catchUpBatch: number;
  /** Which real broker's semantics this run has (flavours.ts); absent means `log` (Kafka-like). */
  readonly flavour?: BrokerFlavour;
  /** `queue`: deliveries (the first and each requeue) before a message is dead-lettered (default 20). */
  readonly deliveryLimit?: number;
  /** `sqs`: virtual ms a received message stays invisible to other consumers (default 1,000). */
  readonly visibilityTimeout?: number;
  /** `sqs`: receives after which the redrive policy moves a message to the dead-letter queue (default 10). */
  readonly maxReceiveCount?: number;
}

export const defaultBrokerSettings: BrokerSettings = {
  latency: { base: 20, jitter: 10 },
  edgeLatency: {},
  duplicateRate: 0,
  retry: { maxAttempts: 5, baseBackoff: 50, maxBackoff: 2000 },
  catchUpBatch: 200,
};

export interface SubscriptionOptions {
  /** The consumer group's name, usually the service's. */
  readonly name: string;
  /** Event types taken from topics and command types handled (point-to-point). */
  readonly types: readonly string[];
  /** Instances in the consumer group; each subject always goes to the same one. */
  readonly instances?: number;
  /** Virtual ms an instance is busy with one message. */
  readonly processingTime?: number;
  /** Chance that an attempt fails as if the handler crashed. */
  readonly failureRate?: number;
  /** `now` (default) takes what is published from now on; `beginning` first catches up on the log. */
  readonly startFrom?: 'now' | 'beginning';
  /**
   * Its own random stream for its latency, duplicates and failures (default: the broker's), so a
   * subscription added while running shifts no other subscription's draws: producers and the
   * other consumers see exactly what they would have seen without it.
   */
  readonly random?: Random;
}

/** One message on its way to, or waiting in, one subscription's queue. Plain data. */
export interface Delivery {
  readonly message: Message;
  readonly subscription: string;
  readonly instance: number;
  /** Failed attempts so far. */
  attempts: number;
  readonly sentAt: number;
  /** When it arrives (or, after a failure, when it may be tried again). */
  availableAt: number;
  /** True for the extra copy made by duplicate delivery. */
  readonly duplicate: boolean;
  lastError: string | null;
  /** `sqs` only: times an instance received it (SQS's ApproximateReceiveCount). */
  receives?: number;
  /** `sqs` only: when it was last received (a failure leaves it invisible until then + the timeout). */
  receivedAt?: number;
  /**
   * `sqs` only: its visibility timeout ran out while this instance was busy with it and another
   * instance received it. This instance finishes its work, but its delete is void (the receipt is
   * stale): the message lives on with the other instance.
   */
  stale?: boolean;
}

export interface DeadLetter {
  readonly message: Message;
  readonly subscription: string;
  readonly attempts: number;
  readonly reason: string;
  readonly errorCode: string;
  readonly time: number;
  /**
   * True when `subscription` is a read model stopped at this message (it could not fold it), not a
   * broker subscription: "Retry" makes it try again and go on, "Discard" skips the message.
   */
  readonly readModel?: boolean;
}

/** Thrown for an injected handler failure (the `failureRate` fault). */
export type BrokerTask =
  | { readonly kind: 'broker.wake'; readonly subscription: string; readonly instance: number }
  | {
      readonly kind: 'broker.complete';
      readonly subscription: string;
      readonly instance: number;
      readonly epoch: number;
    }
  | { readonly kind: 'broker.catchUp'; readonly subscription: string }
  /** `sqs`: the visibility timeout of one receive runs out (ignored if it was deleted in time). */
  | {
      readonly kind: 'broker.visibility';
      readonly subscription: string;
      readonly instance: number;
      readonly epoch: number;
      readonly position: number;
      readonly receives: number;
    };

export type DeliveryHandler = (message: Message, delivery: Delivery) => void | Promise<void>;

/**
 * Told when an instance starts processing a delivery (it becomes busy for `processingTime`), before
 * the handler runs at the end of it. A handler that reads its state here and writes at the end has a
 * read-decide-write window in which another instance may write (see `ServiceDefinition.concurrency`).
 * Not called when `processingTime` is 0: then start and end are one moment.
 */
export type DeliveryStarted = (message: Message, delivery: Delivery) => void;

export interface BrokerStats {
  routed: number;
  delivered: number;
  failedAttempts: number;
  duplicatesInjected: number;
  deadLettered: number;
}

export interface BrokerHost {
  readonly now: () => number;
  readonly schedule: (at: number, task: BrokerTask) => void;
  readonly log: EventLog;
  readonly random: Random;
}

/** One instance of a consumer group, for snapshots: which subjects it took lately. */
export interface InstanceView {
  readonly index: number;
  /** False while this instance alone is killed (the group rebalanced its subjects onto the others). */
  readonly up: boolean;
  readonly busy: boolean;
  /** Deliveries waiting on this instance (arrived or being retried). */
  readonly inbox: number;
  readonly handled: number;
  /** The last few distinct subjects it handled, newest first. */
  readonly recent: readonly string[];
}

export interface SubscriptionView {
  readonly name: string;
  readonly up: boolean;
  /** Active instances in the consumer group. */
  readonly instances: number;
  /** Each active instance, in index order. */
  readonly members: readonly InstanceView[];
  readonly busy: boolean;
  /** Deliveries that have arrived (or are being retried) and are not yet acked. */
  readonly inbox: number;
  /** Deliveries still travelling their edge. */
  readonly inFlight: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly catchingUp: boolean;
  readonly cursor: number;
  readonly processingTime: number;
  readonly failureRate: number;
  /** `sqs` only: messages that reappeared after their visibility timeout and went to another instance. */
  readonly visibilityTimeouts?: number;
}

/** A delivery as saved: the message is kept as its log position. */
export interface DeliveryState {
  readonly position: number;
  readonly attempts: number;
  readonly sentAt: number;
  readonly availableAt: number;
  readonly duplicate: boolean;
  readonly lastError: string | null;
  /** `sqs` only (see `Delivery`). */
  readonly receives?: number;
  readonly receivedAt?: number;
  readonly stale?: boolean;
}

export interface SubscriptionState {
  readonly up: boolean;
  readonly cursor: number;
  readonly catchingUp: boolean;
  readonly processingTime: number;
  readonly failureRate: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  /** Its own random stream's state, when it has one (`SubscriptionOptions.random`). */
  readonly random?: RandomState;
  /** Active instances, when fewer than `instances` (scaled down); absent means all. */
  readonly size?: number;
  /** `sqs`: visibility-timeout redeliveries so far (absent when none). */
  readonly visibilityTimeouts?: number;
  readonly instances: readonly {
    readonly epoch: number;
    readonly wakeAt: number | null;
    /** True when the head delivery is being processed. */
    readonly busy: boolean;
    /** False while this instance alone is killed; absent means up. */
    readonly up?: boolean;
    /** Deliveries it acked (absent when none) and its last distinct subjects. */
    readonly handled?: number;
    readonly recent?: readonly string[];
    readonly inbox: readonly DeliveryState[];
  }[];
}

export type DeadLetterState = Omit<DeadLetter, 'message'> & { readonly position: number };

/** Everything the broker holds, as plain data: queues, cursors, dead letters, counters, settings. */
export interface BrokerState {
  readonly settings: BrokerSettings;
  readonly routedHead: number;
  readonly stats: BrokerStats;
  readonly subscriptions: Readonly<Record<string, SubscriptionState>>;
  readonly deadLetters: readonly DeadLetterState[];
}

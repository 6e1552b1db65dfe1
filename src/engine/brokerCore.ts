import type {
  BrokerSettings,
  BrokerState,
  BrokerStats,
  DeadLetter,
  Delivery,
  DeliveryHandler,
  DeliveryStarted,
  DeliveryState,
  InstanceView,
  SubscriptionOptions,
  SubscriptionState,
  SubscriptionView,
} from './brokerTypes';
import { ConfigurationError } from './errors';
import { flavourLabel, flavourOf } from './flavours';
import type { Message } from './message';
import { Queue } from './queue';
import type { Random } from './random';

/** The broker's own mutable state, kept in one object so saving and restoring it live apart. */

export interface Instance {
  readonly index: number;
  readonly inbox: Queue<Delivery>;
  /** The delivery being processed (still queued: it is acked only when processing succeeds). */
  busy: Delivery | null;
  /** Bumped on kill so a processing task from before the kill is ignored. */
  epoch: number;
  /** Time of the earliest wake already scheduled, or null. */
  wakeAt: number | null;
  /** False while this one instance is killed (its queue moves to the others: a rebalance). */
  up: boolean;
  /** Queued deliveries per subject (derived from `inbox`): a subject stays where it is queued. */
  readonly subjects: Map<string, number>;
  /** Deliveries this instance acked. */
  handled: number;
  /** The last few distinct subjects it handled, newest first: the assignment, as it happened. */
  recent: string[];
}

export interface Subscription {
  readonly options: SubscriptionOptions;
  readonly types: ReadonlySet<string>;
  readonly handler: DeliveryHandler;
  readonly started: DeliveryStarted | undefined;
  /** Its own random stream, or undefined for the broker's. */
  readonly random: Random | undefined;
  /**
   * Every instance the group ever had; the first `size` are active. Scaling down retires the
   * rest (kept, so a stale task of theirs meets a bumped epoch, never a fresh instance).
   */
  readonly instances: Instance[];
  size: number;
  processingTime: number;
  failureRate: number;
  up: boolean;
  /** Last log position read while catching up; live subscriptions follow `routedHead`. */
  cursor: number;
  catchingUp: boolean;
  delivered: number;
  failedAttempts: number;
  /** `sqs`: messages that reappeared after their visibility timeout and went to another instance. */
  visibilityTimeouts: number;
}

export interface BrokerCore {
  settings: BrokerSettings;
  readonly subscriptions: Map<string, Subscription>;
  readonly eventRoutes: Map<string, Subscription[]>;
  readonly commandRoutes: Map<string, Subscription>;
  readonly deadLetters: DeadLetter[];
  routedHead: number;
  readonly stats: BrokerStats;
}

export function newBrokerCore(settings: BrokerSettings): BrokerCore {
  return {
    settings,
    subscriptions: new Map(),
    eventRoutes: new Map(),
    commandRoutes: new Map(),
    deadLetters: [],
    routedHead: 0,
    stats: { routed: 0, delivered: 0, failedAttempts: 0, duplicatesInjected: 0, deadLettered: 0 },
  };
}

export function newInstance(index: number): Instance {
  return {
    index,
    inbox: new Queue<Delivery>(),
    busy: null,
    epoch: 0,
    wakeAt: null,
    up: true,
    subjects: new Map(),
    handled: 0,
    recent: [],
  };
}

/**
 * Queues a delivery on an instance, keeping its per-subject count. A stale one (`sqs`: its message
 * went on to another instance) is not counted: its subject now lives elsewhere.
 */
export function pushDelivery(inst: Instance, delivery: Delivery): void {
  inst.inbox.push(delivery);
  if (delivery.stale) return;
  inst.subjects.set(delivery.message.subject, (inst.subjects.get(delivery.message.subject) ?? 0) + 1);
}

/** Un-counts a queued delivery's subject on its instance (it became stale, or moved away). */
export function uncountSubject(inst: Instance, subject: string): void {
  const left = (inst.subjects.get(subject) ?? 1) - 1;
  if (left > 0) inst.subjects.set(subject, left);
  else inst.subjects.delete(subject);
}

/** Takes the head delivery off an instance's queue (acked or dead-lettered). */
export function shiftDelivery(inst: Instance): Delivery | undefined {
  const d = inst.inbox.shift();
  if (d && !d.stale) {
    const left = (inst.subjects.get(d.message.subject) ?? 1) - 1;
    if (left > 0) inst.subjects.set(d.message.subject, left);
    else inst.subjects.delete(d.message.subject);
  }
  return d;
}

/** How many subjects an instance remembers having handled (for the assignment view). */
const RECENT = 4;

/** Notes an acked delivery on the instance that handled it. */
export function noteHandled(inst: Instance, subject: string): void {
  inst.handled++;
  if (inst.recent[0] === subject) return;
  inst.recent = [subject, ...inst.recent.filter((s) => s !== subject)].slice(0, RECENT);
}

/** Everything the broker holds, as plain data (messages kept as log positions). */
export function exportBrokerState(core: BrokerCore): BrokerState {
  const subscriptions: Record<string, SubscriptionState> = {};
  for (const [name, sub] of core.subscriptions) {
    subscriptions[name] = {
      up: sub.up,
      cursor: sub.cursor,
      catchingUp: sub.catchingUp,
      processingTime: sub.processingTime,
      failureRate: sub.failureRate,
      delivered: sub.delivered,
      failedAttempts: sub.failedAttempts,
      ...(sub.random ? { random: sub.random.state } : {}),
      // Optional fields only when they say something, so a run without consumer groups saves as before.
      ...(sub.size !== sub.instances.length ? { size: sub.size } : {}),
      ...(sub.visibilityTimeouts > 0 ? { visibilityTimeouts: sub.visibilityTimeouts } : {}),
      instances: sub.instances.map((inst) => ({
        epoch: inst.epoch,
        wakeAt: inst.wakeAt,
        busy: inst.busy !== null,
        ...(inst.up ? {} : { up: false }),
        ...(inst.handled > 0 ? { handled: inst.handled, recent: [...inst.recent] } : {}),
        inbox: inst.inbox.toArray().map(({ message, subscription: _s, instance: _i, ...rest }) => ({
          position: message.position,
          ...rest,
        })),
      })),
    };
  }
  return {
    settings: core.settings,
    routedHead: core.routedHead,
    stats: { ...core.stats },
    subscriptions,
    deadLetters: core.deadLetters.map(({ message, ...rest }) => ({ position: message.position, ...rest })),
  };
}

/** Restores a saved state onto the same subscriptions (created by `subscribe` first). */
export function importBrokerState(
  core: BrokerCore,
  state: BrokerState,
  messageAt: (position: number) => Message,
): void {
  const saved = Object.keys(state.subscriptions).sort().join(', ');
  const mine = [...core.subscriptions.keys()].sort().join(', ');
  if (saved !== mine) {
    throw new ConfigurationError(`The saved run has subscriptions [${saved}] but this one has [${mine}].`);
  }
  const [was, is] = [flavourOf(state.settings), flavourOf(core.settings)];
  if (was !== is) {
    throw new ConfigurationError(
      `The saved run ran on the ${flavourLabel(was)} broker, but this one is set up for ${flavourLabel(is)}.`,
    );
  }
  core.settings = state.settings;
  core.routedHead = state.routedHead;
  Object.assign(core.stats, state.stats);
  core.deadLetters.length = 0;
  for (const { position, ...rest } of state.deadLetters) {
    core.deadLetters.push({ message: messageAt(position), ...rest });
  }
  for (const [name, savedSub] of Object.entries(state.subscriptions)) {
    const sub = core.subscriptions.get(name) as Subscription;
    sub.up = savedSub.up;
    sub.cursor = savedSub.cursor;
    sub.catchingUp = savedSub.catchingUp;
    sub.processingTime = savedSub.processingTime;
    sub.failureRate = savedSub.failureRate;
    sub.delivered = savedSub.delivered;
    sub.failedAttempts = savedSub.failedAttempts;
    sub.visibilityTimeouts = savedSub.visibilityTimeouts ?? 0;
    if (sub.random && savedSub.random) sub.random.restore(savedSub.random);
    sub.instances.length = 0;
    for (const [index, inst] of savedSub.instances.entries()) {
      const restored = newInstance(index);
      restored.epoch = inst.epoch;
      restored.wakeAt = inst.wakeAt;
      restored.up = inst.up ?? true;
      restored.handled = inst.handled ?? 0;
      restored.recent = [...(inst.recent ?? [])];
      for (const saved of inst.inbox) pushDelivery(restored, restoredDelivery(saved, messageAt, name, index));
      if (inst.busy) restored.busy = restored.inbox.peek() ?? null;
      sub.instances.push(restored);
    }
    sub.size = savedSub.size ?? sub.instances.length;
  }
}

/**
 * A queued delivery as it was saved, with its message: one object, field by field (every seek
 * restores the broker's queues, often a thousand deliveries; a rest and a spread made two each).
 */
function restoredDelivery(
  saved: DeliveryState,
  messageAt: (position: number) => Message,
  subscription: string,
  instance: number,
): Delivery {
  const delivery: Delivery = {
    message: messageAt(saved.position),
    subscription,
    instance,
    attempts: saved.attempts,
    sentAt: saved.sentAt,
    availableAt: saved.availableAt,
    duplicate: saved.duplicate,
    lastError: saved.lastError,
  };
  if (saved.receives !== undefined) delivery.receives = saved.receives;
  if (saved.receivedAt !== undefined) delivery.receivedAt = saved.receivedAt;
  if (saved.stale !== undefined) delivery.stale = saved.stale;
  return delivery;
}

/** Plain facts about one subscription, for snapshots: arrived vs still travelling, counters, knobs. */
export function describeSubscription(
  sub: Subscription,
  routedHead: number,
  now: number,
  sqs = false,
): SubscriptionView {
  let inFlight = 0;
  let queued = 0;
  const members: InstanceView[] = [];
  for (const inst of sub.instances) {
    let mine = 0;
    for (const d of inst.inbox.toArray()) {
      if (d.attempts === 0 && d.availableAt > now) inFlight++;
      else {
        queued++;
        mine++;
      }
    }
    if (inst.index < sub.size) {
      members.push({
        index: inst.index,
        up: inst.up,
        busy: inst.busy !== null,
        inbox: mine,
        handled: inst.handled,
        recent: inst.recent,
      });
    }
  }
  return {
    name: sub.options.name,
    up: sub.up,
    instances: sub.size,
    members,
    busy: sub.instances.some((i) => i.busy !== null),
    inbox: queued,
    inFlight,
    delivered: sub.delivered,
    failedAttempts: sub.failedAttempts,
    catchingUp: sub.catchingUp,
    cursor: sub.catchingUp ? sub.cursor : routedHead,
    processingTime: sub.processingTime,
    failureRate: sub.failureRate,
    ...(sqs ? { visibilityTimeouts: sub.visibilityTimeouts } : {}),
  };
}

/** Removes and returns the dead letter of message `position` for `subscription`, if held. */
export function takeDeadLetter(
  core: BrokerCore,
  subscription: string,
  position: number,
): DeadLetter | undefined {
  const index = core.deadLetters.findIndex(
    (d) => d.subscription === subscription && d.message.position === position,
  );
  return index < 0 ? undefined : core.deadLetters.splice(index, 1)[0];
}

/** Per-subject ordering inside a consumer group: a subject always maps to the same instance. */
export function instanceFor(subject: string, instances: number): number {
  let h = 2166136261;
  for (let i = 0; i < subject.length; i++) h = Math.imul(h ^ subject.charCodeAt(i), 16777619);
  return (h >>> 0) % instances;
}

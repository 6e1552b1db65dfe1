import { type Instance, instanceFor, newInstance, pushDelivery, type Subscription } from './brokerCore';
import type { Delivery } from './brokerTypes';
import { ConfigurationError } from './errors';

/**
 * A consumer group's instances (issue 7, item 2): which instance takes a subject, scaling, and the
 * rebalance when one instance dies or comes back. Pure functions over the broker's state; the
 * broker wakes the instances they return.
 *
 * Per-subject order is the rule everything here keeps: at any moment all the queued deliveries of
 * one subject sit on one instance. So a subject goes (1) where it is already queued, else (2) to its
 * home, `instanceFor(subject, size)`, if that is up, else (3) to one of the live instances, chosen
 * by the same hash over the live ones. A revived instance gets its subjects back only once their
 * backlog elsewhere has drained, as Kafka's cooperative rebalancing waits for a revoked partition.
 */

/** Most instances a group may have (the picture must stay legible). */
export const MAX_INSTANCES = 8;

function live(sub: Subscription): Instance[] {
  return sub.instances.filter((i) => i.index < sub.size && i.up);
}

/** The instance that takes the next message of `subject` (see the rules above). */
export function targetInstance(sub: Subscription, subject: string): Instance {
  const n = sub.size;
  if (n === 1) return sub.instances[0] as Instance;
  for (let i = 0; i < n; i++) {
    const inst = sub.instances[i] as Instance;
    if (inst.subjects.has(subject)) return inst;
  }
  const home = sub.instances[instanceFor(subject, n)] as Instance;
  if (home.up) return home;
  const alive = live(sub);
  return alive.length === 0 ? home : (alive[instanceFor(subject, alive.length)] as Instance);
}

/**
 * Moves every delivery off instances that cannot take them (killed, or retired by scaling down)
 * onto live ones, subject by subject, in queue order. A delivery that was being processed was not
 * acked, so it moves too and is processed again by its new instance (the idempotent consumer is
 * per service, so a handled id is still recognised). Returns the instances that received work.
 */
export function rebalance(sub: Subscription): Instance[] {
  if (live(sub).length === 0) return [];
  const received = new Set<Instance>();
  for (const inst of sub.instances) {
    if ((inst.index < sub.size && inst.up) || inst.inbox.length === 0) continue;
    const moving = inst.inbox.toArray();
    inst.inbox.remove(() => true);
    inst.subjects.clear();
    release(inst);
    for (const d of moving) {
      // `sqs`: a stale receive's message already lives on another instance; the work is simply lost.
      if (d.stale) continue;
      const to = targetInstance(sub, d.message.subject);
      const moved: Delivery = { ...d, instance: to.index };
      pushDelivery(to, moved);
      received.add(to);
    }
  }
  return [...received].sort((a, b) => a.index - b.index);
}

/** The instance stops what it was doing: a processing task from before is ignored (epoch). */
function release(inst: Instance): void {
  if (inst.busy) {
    inst.epoch++;
    inst.busy = null;
  }
}

/** Kills one instance; its queue moves to the live ones. Returns the instances to wake. */
export function killInstance(sub: Subscription, index: number): Instance[] {
  const inst = member(sub, index);
  if (!inst.up) return [];
  inst.up = false;
  inst.epoch++;
  inst.busy = null;
  return rebalance(sub);
}

/** Revives one instance (its home subjects come back as their backlog drains). */
export function reviveInstance(sub: Subscription, index: number): Instance[] {
  const inst = member(sub, index);
  if (inst.up) return [];
  inst.up = true;
  return [inst, ...rebalance(sub).filter((i) => i !== inst)];
}

/**
 * Sets the number of active instances. Growing adds instances (or re-activates retired ones, up);
 * shrinking retires the highest ones and moves their queues. Returns the instances to wake.
 */
export function scale(sub: Subscription, size: number): Instance[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_INSTANCES) {
    throw new ConfigurationError(
      `"${sub.options.name}" can run 1 to ${MAX_INSTANCES} instances, not ${String(size)}.`,
    );
  }
  const before = sub.size;
  if (size > before) {
    for (let i = before; i < size; i++) {
      const existing = sub.instances[i];
      if (existing) existing.up = true;
      else sub.instances.push(newInstance(i));
    }
  } else {
    for (let i = size; i < before; i++) {
      const retired = sub.instances[i] as Instance;
      retired.epoch++;
      retired.busy = null;
    }
  }
  sub.size = size;
  const woken = rebalance(sub);
  for (let i = before; i < size; i++) {
    const inst = sub.instances[i] as Instance;
    if (!woken.includes(inst)) woken.push(inst);
  }
  return woken;
}

function member(sub: Subscription, index: number): Instance {
  const inst = index < sub.size ? sub.instances[index] : undefined;
  if (!inst) {
    throw new ConfigurationError(
      `"${sub.options.name}" has instances 0 to ${sub.size - 1}; there is no instance ${index}.`,
    );
  }
  return inst;
}

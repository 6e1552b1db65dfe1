import type { Broker } from './broker';
import { type Catalog, specOf } from './catalog';
import { type Connector, ROW_CHANGED, type RowChange } from './cdc';
import type { Scheduler } from './clock';
import type { EffectGateway } from './effects';
import { envelope } from './envelope';
import type { EventLog, ExpectedVersion } from './eventLog';
import { type CommittedTimer, committedEvents, localCommitRecord } from './localCommit';
import type { Message, NewMessage } from './message';
import type { IdGenerator, Random } from './random';
import type { Outgoing } from './service';
import type { ServiceHost, ServiceRuntime } from './serviceRuntime';
import type { ServiceTimerTask, Task } from './simulationTypes';
import type { Upcasting } from './upcasting';

/** What of the simulation the host works with: its parts, and how it logs and routes messages. */
export interface HostParts {
  readonly catalog: Catalog;
  readonly log: EventLog;
  readonly effects: EffectGateway;
  readonly scheduler: Scheduler<Task>;
  readonly ids: IdGenerator;
  readonly brokerRandom: Random;
  readonly broker: Broker;
  readonly upcasting: Upcasting;
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly head: () => number;
  /** Appends, then hands what was written to the broker (unless `route` is false) and the read models. */
  readonly publish: (
    drafts: readonly NewMessage[],
    route?: boolean,
    expected?: ExpectedVersion,
  ) => Promise<readonly Message[]>;
}

/**
 * How the simulation's services make and send messages: the `ServiceHost` their runtimes handle
 * deliveries with (envelopes, local commits with their CDC rows, timers), and the messages the
 * simulation itself sends for them (a timer firing, a connector's first snapshot).
 */
export class SimulationHost {
  readonly #parts: HostParts;
  readonly service: ServiceHost;

  constructor(parts: HostParts) {
    this.#parts = parts;
    const { scheduler, effects, catalog, log, brokerRandom, broker, upcasting } = parts;
    this.service = {
      now: () => scheduler.now,
      effects,
      envelope: (outgoing, cause, source) => outgoing.map((out) => this.draft(out, cause, source)),
      publish: (drafts, expected) => parts.publish(drafts, true, expected),
      commitLocally: (drafts, timers, cause, source, expected) =>
        this.#commitLocally(drafts, timers, cause, source, expected),
      head: parts.head,
      streamVersionsAt: async (subjects, position) => {
        const versions: Record<string, number> = {};
        for (const s of subjects) versions[s] = (await log.readStream(s, { asOf: position })).length;
        return versions;
      },
      startTimer: (outgoing, cause, source) => {
        const { after, ...message } = outgoing;
        const correlationId = outgoing.correlationId ?? cause.correlationId;
        // Checked now, while its producer is still handling a delivery (which then fails, visibly),
        // not when the timer fires inside the scheduler, where no one could take the error.
        envelope(catalog, scheduler.now, message, specOf(catalog, message.type).kind, '(timer)', {
          source,
          correlationId,
          causationId: cause.id,
        });
        const task: ServiceTimerTask = {
          kind: 'service.timer',
          service: source,
          outgoing: message,
          correlationId,
          causationId: cause.id,
        };
        scheduler.schedule(scheduler.now + Math.max(0, after ?? 0), task);
      },
      crashesBeforePublish: (source) => brokerRandom.chance(broker.knobs(source).failureRate),
      readOwn: (event) => upcasting.upgrade(event),
    };
  }

  /** What a service decided, in its envelope (a new id), caused by `cause`. */
  draft(out: Outgoing, cause: Pick<Message, 'id' | 'correlationId'>, source: string): NewMessage {
    const { catalog, scheduler, ids } = this.#parts;
    return envelope(catalog, scheduler.now, out, specOf(catalog, out.type).kind, ids.next(), {
      source,
      correlationId: out.correlationId ?? cause.correlationId,
      causationId: cause.id,
    });
  }

  /** A captured row change as an event of the connector's, caused by the table write it read. */
  rowChanged(
    change: RowChange,
    cause: Pick<Message, 'correlationId'>,
    causationId: string | null,
  ): NewMessage {
    const { catalog, scheduler, ids } = this.#parts;
    return envelope(
      catalog,
      scheduler.now,
      { type: ROW_CHANGED, subject: change.key, data: change },
      'event',
      ids.next(),
      { source: `${change.table}.connector`, correlationId: cause.correlationId, causationId },
    );
  }

  /** A service's timer falls due: its message is logged and routed (unless the service is gone). */
  async fireTimer(services: ReadonlyMap<string, ServiceRuntime>, task: ServiceTimerTask): Promise<void> {
    const service = services.get(task.service);
    if (!service) return; // a subscriber removed while its reaction waited: it publishes nothing more
    if (service.definition.isTimerCurrent?.(service.state, task.outgoing) === false) return;
    const cause = { id: task.causationId, correlationId: task.correlationId };
    await this.#parts.publish([this.draft(task.outgoing, cause, task.service)]);
  }

  async #commitLocally(
    drafts: readonly NewMessage[],
    timers: readonly CommittedTimer[],
    cause: Message,
    source: string,
    expected?: ExpectedVersion,
  ): Promise<Message> {
    const { ids, scheduler, publish, connectors } = this.#parts;
    const record = localCommitRecord(ids.next(), scheduler.now, source, cause, { messages: drafts, timers });
    const [stored] = await publish([record], false, expected);
    const connector = connectors.get(source);
    if (connector && stored) {
      const changes = connector.changes(committedEvents(stored));
      await publish(changes.map((change) => this.rowChanged(change, cause, stored.id)));
    }
    return stored as Message;
  }
}

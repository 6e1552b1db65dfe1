import type { Message, NewMessage } from './message';

/**
 * The dual-write window, made visible. With its outbox on, a service's state change and its publish
 * are one atomic append. With it off, the service first commits its new events to its own store —
 * logged here as one `$StateCommitted` record on a private stream, never routed — and publishes in a
 * second step; a crash in between loses the publish, and the record is the proof of what was lost.
 * The `$` prefix marks an engine record (as EventStoreDB marks system events): no catalog defines it.
 */
export const LOCAL_COMMIT_TYPE = '$StateCommitted';

/** A timer a service asked for, kept in the record so a lost one is provable too. */
export interface CommittedTimer {
  readonly type: string;
  readonly subject: string;
  readonly after: number;
}

export interface LocalCommitData {
  /** Everything the service decided to send, enveloped with the ids it will be published under. */
  readonly messages: readonly NewMessage[];
  readonly timers: readonly CommittedTimer[];
}

/** The record of one local commit, as it goes into the log (never routed). */
export function localCommitRecord(
  id: string,
  time: number,
  source: string,
  cause: Pick<Message, 'id' | 'correlationId'>,
  data: LocalCommitData,
): NewMessage {
  return {
    id,
    kind: 'event',
    type: LOCAL_COMMIT_TYPE,
    schemaVersion: 1,
    source,
    subject: localStream(source),
    time,
    correlationId: cause.correlationId,
    causationId: cause.id,
    data,
  };
}

/** The private stream a service's local commits go to. */
export function localStream(service: string): string {
  return `$local-${service}`;
}

export function isLocalCommit(
  message: Message,
): message is Message<typeof LOCAL_COMMIT_TYPE, LocalCommitData> {
  return message.type === LOCAL_COMMIT_TYPE;
}

/**
 * The events a local commit holds, as the service folded them: not yet placed on their own streams,
 * so they carry the record's position and stream version 0.
 */
export function committedEvents(record: Message): Message[] {
  if (!isLocalCommit(record)) return [];
  return record.data.messages
    .filter((m) => m.kind === 'event')
    .map((m) => ({ ...m, position: record.position, streamVersion: 0 }));
}

/**
 * The one envelope every message travels in, aligned with CloudEvents 1.0 so an export is lossless
 * (DESIGN.md, "Envelope"). Events are facts in the past tense; commands are requests to one handler.
 */
export type MessageKind = 'event' | 'command';

/** A message as the log holds it: the log has placed it at a global `position` and a `streamVersion`. */
export interface Message<Type extends string = string, Data = unknown> {
  /** Unique; the idempotency key for appends and for consumers' inboxes. */
  readonly id: string;
  readonly kind: MessageKind;
  /** `OrderPlaced` (event, past tense) or `ChargePayment` (command, imperative). */
  readonly type: Type;
  readonly schemaVersion: number;
  /** The producing service, or `user` for a person's action. */
  readonly source: string;
  /** The stream (aggregate) this message belongs to, e.g. `order-17`. */
  readonly subject: string;
  /** 1-based version within `subject`'s stream, assigned by the log. */
  readonly streamVersion: number;
  /** 1-based global position, assigned by the log. */
  readonly position: number;
  /** Virtual milliseconds since the run began. */
  readonly time: number;
  /** The business transaction (saga) this message belongs to. */
  readonly correlationId: string;
  /** The id of the message that caused this one; `null` for a person's action. */
  readonly causationId: string | null;
  readonly data: Data;
}

/** A message before the log places it: everything but `position` and `streamVersion`. */
export type NewMessage<Type extends string = string, Data = unknown> = Omit<
  Message<Type, Data>,
  'position' | 'streamVersion'
>;

/** True for a value that is a well-formed {@link NewMessage}; `why` names the first problem found. */
export function describeMessageProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'a message must be an object';
  const m = value as Record<string, unknown>;
  for (const key of ['id', 'type', 'source', 'subject', 'correlationId'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') return `"${key}" must be a non-empty string`;
  }
  if (m.kind !== 'event' && m.kind !== 'command') return '"kind" must be "event" or "command"';
  if (!Number.isInteger(m.schemaVersion) || (m.schemaVersion as number) < 1) {
    return '"schemaVersion" must be a whole number from 1';
  }
  if (typeof m.time !== 'number' || !Number.isFinite(m.time) || m.time < 0) {
    return '"time" must be a finite, non-negative number of virtual ms';
  }
  if (m.causationId !== null && typeof m.causationId !== 'string') {
    return '"causationId" must be a string or null';
  }
  if (!('data' in m)) return '"data" is missing';
  return null;
}

import * as v from 'valibot';
import type { Message } from '../../engine/message';

/** The media type of a CloudEvents 1.0 JSON batch (an array of structured-mode events). */
export const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json';

/** Positions are written zero-padded to this width, so `sequence` sorts as text (CloudEvents' sequence extension). */
const SEQUENCE_DIGITS = 12;
const SOURCE_PREFIX = '/eventscape/services/';

/**
 * One logged message as a CloudEvent 1.0 (structured JSON). The envelope's own attributes map to
 * the spec's (`id`, `source`, `type`, `subject`, `time`, `data`); the rest ride as extension
 * attributes (lower-case names, as the spec requires): `correlationid`, `causationid`, `sequence`
 * (the log position, zero-padded) and `partitionkey` (the stream, which is what orders delivery),
 * plus `kind`, `schemaversion`, `streamversion` and `virtualms`, the exact virtual time (`time` is an
 * RFC 3339 timestamp counted from the epoch, which keeps milliseconds only).
 */
export interface CloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: unknown;
  readonly correlationid: string;
  readonly causationid?: string;
  readonly sequence: string;
  readonly partitionkey: string;
  readonly kind: 'event' | 'command';
  readonly schemaversion: number;
  readonly streamversion: number;
  readonly virtualms: string;
}

export function toCloudEvent(m: Message): CloudEvent {
  return {
    specversion: '1.0',
    id: m.id,
    source: `${SOURCE_PREFIX}${encodeURIComponent(m.source)}`,
    type: m.type,
    subject: m.subject,
    time: new Date(m.time).toISOString(),
    datacontenttype: 'application/json',
    data: m.data,
    correlationid: m.correlationId,
    ...(m.causationId === null ? {} : { causationid: m.causationId }),
    sequence: String(m.position).padStart(SEQUENCE_DIGITS, '0'),
    partitionkey: m.subject,
    kind: m.kind,
    schemaversion: m.schemaVersion,
    streamversion: m.streamVersion,
    virtualms: String(m.time),
  };
}

/** A whole log as one CloudEvents JSON batch. */
export function toCloudEventsBatch(messages: readonly Message[]): string {
  return JSON.stringify(messages.map(toCloudEvent));
}

const text = v.pipe(
  v.string(),
  v.nonEmpty('must not be empty'),
  v.maxLength(500, 'is longer than 500 characters'),
);
const count = (what: string) =>
  v.pipe(v.number(), v.integer(`${what} must be a whole number`), v.minValue(1));

/** What an imported event must look like; anything else is refused with the path and the reason. */
export const CloudEventSchema = v.object({
  specversion: v.literal('1.0', 'specversion must be "1.0"'),
  id: text,
  source: v.pipe(
    v.string(),
    v.startsWith(SOURCE_PREFIX, `source must start with "${SOURCE_PREFIX}"`),
    v.maxLength(500),
  ),
  type: v.pipe(
    text,
    v.regex(/^[A-Za-z$][A-Za-z0-9$]*$/, 'type must be a message type name such as OrderPlaced'),
  ),
  subject: text,
  time: v.pipe(v.string(), v.isoTimestamp('time must be an RFC 3339 timestamp')),
  datacontenttype: v.optional(v.literal('application/json', 'datacontenttype must be application/json')),
  data: v.unknown(),
  correlationid: text,
  causationid: v.optional(text),
  sequence: v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'sequence must be the zero-padded log position')),
  partitionkey: v.optional(text),
  kind: v.picklist(['event', 'command'], 'kind must be "event" or "command"'),
  schemaversion: count('schemaversion'),
  streamversion: count('streamversion'),
  virtualms: v.optional(
    v.pipe(v.string(), v.regex(/^\d+(\.\d+)?(e[+-]?\d+)?$/, 'virtualms must be a number')),
  ),
});

export type CloudEventInput = v.InferOutput<typeof CloudEventSchema>;

/** The logged message a validated CloudEvent describes. */
export function fromCloudEvent(e: CloudEventInput): Message {
  const time = e.virtualms === undefined ? Date.parse(e.time) : Number(e.virtualms);
  return {
    id: e.id,
    kind: e.kind,
    type: e.type,
    schemaVersion: e.schemaversion,
    source: decodeURIComponent(e.source.slice(SOURCE_PREFIX.length)),
    subject: e.subject,
    streamVersion: e.streamversion,
    position: Number(e.sequence),
    time,
    correlationId: e.correlationid,
    causationId: e.causationid ?? null,
    data: e.data,
  };
}

import * as v from 'valibot';
import type { RecordedAction, UserAction } from '../actions';
import { DEFAULT_JSON_LIMITS, parseUntrustedJson, UnsafeJsonError } from './safeJson';

/**
 * A run as a file or a link: which run (its URL query: scenario, seed and settings), what the
 * person did and when (virtual ms), how far it had got, and the log hash that proves a
 * reproduction exact. The log itself is not in it: seed + actions regenerate it.
 */
export interface RunFile {
  readonly format: 'eventscape-run';
  readonly version: 1;
  /** The run's URL query, e.g. `?scenario=order-saga&seed=42&mode=choreography&speed=1`. */
  readonly run: string;
  readonly actions: readonly RecordedAction[];
  /** Virtual ms the run had reached. */
  readonly until: number;
  readonly head: number;
  readonly logHash: string;
  /** The timeline position on show when it was shared, if the person was looking at the past. */
  readonly cursor?: number;
  /** The branch it was shared from (a label: the actions already hold its whole history). */
  readonly branch?: string;
}

const name = v.pipe(v.string(), v.nonEmpty(), v.maxLength(100));
const count = v.pipe(v.number(), v.finite(), v.minValue(0));
const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

const index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const types = v.pipe(v.array(name), v.maxLength(200));
const startFrom = v.picklist(['now', 'beginning']);

/** A subscriber dragged in (engine/growth.ts), checked for shape; the engine checks the rest. */
const SubscriberSpecSchema = v.object({
  name,
  types,
  behaviour: v.variant('kind', [
    v.object({ kind: v.literal('count') }),
    v.object({ kind: v.literal('notify') }),
    v.object({ kind: v.literal('react'), publish: name, delay: count }),
  ]),
  startFrom,
  failureRate: v.optional(rate),
  processingTime: v.optional(count),
});

const ProjectionSpecSchema = v.object({
  name,
  types,
  startFrom,
  store: v.optional(v.picklist(['memory', 'kv', 'search', 'warehouse'])),
  fold: v.variant('kind', [
    v.object({ kind: v.literal('countByType') }),
    v.object({ kind: v.literal('sumField'), field: name }),
    v.object({ kind: v.literal('latestPerKey'), field: v.optional(name) }),
    v.object({ kind: v.literal('documents'), field: v.optional(name) }),
    v.object({
      kind: v.literal('window'),
      window: v.object({
        kind: v.picklist(['tumbling', 'sliding']),
        size: count,
        slide: v.optional(count),
        lateness: count,
        time: v.picklist(['log', 'transaction']),
        sum: v.optional(name),
      }),
    }),
  ]),
});

/** Every action a person can take, as data (see actions.ts); anything else is refused by name. */
const ActionSchema = v.variant('type', [
  v.object({
    type: v.literal('order.placed'),
    options: v.optional(
      v.object({
        style: v.optional(name),
        quantity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
        fail: v.optional(v.picklist(['decline', 'outOfStock'])),
        kind: v.optional(name),
        conflict: v.optional(v.boolean()),
      }),
    ),
  }),
  v.object({ type: v.literal('style.changed'), style: name }),
  v.object({ type: v.literal('traffic.changed'), perSecond: v.pipe(count, v.maxValue(10_000)) }),
  v.object({
    type: v.literal('message.dispatched'),
    dispatch: v.object({
      type: name,
      subject: name,
      data: v.unknown(),
      correlationId: v.optional(name),
      source: v.optional(name),
    }),
  }),
  v.object({ type: v.literal('service.killed'), name }),
  v.object({ type: v.literal('service.revived'), name }),
  v.object({
    type: v.literal('service.tuned'),
    name,
    processingTime: v.optional(count),
    failureRate: v.optional(rate),
  }),
  v.object({ type: v.literal('idempotency.switched'), name, on: v.boolean() }),
  v.object({ type: v.literal('versionCheck.switched'), name, on: v.boolean() }),
  v.object({ type: v.literal('tableBacked.switched'), name, on: v.boolean() }),
  v.object({ type: v.literal('connector.switched'), name, on: v.boolean() }),
  v.object({ type: v.literal('upcaster.switched'), messageType: name, from: index, on: v.boolean() }),
  v.object({ type: v.literal('deadLetters.replayed') }),
  v.object({ type: v.literal('subscriber.added'), spec: SubscriberSpecSchema }),
  v.object({ type: v.literal('subscriber.removed'), name }),
  v.object({ type: v.literal('projection.added'), spec: ProjectionSpecSchema }),
  v.object({ type: v.literal('projection.removed'), name }),
  v.object({
    type: v.literal('service.scaled'),
    name,
    instances: v.pipe(index, v.minValue(1), v.maxValue(64)),
  }),
  v.object({ type: v.literal('instance.killed'), name, index }),
  v.object({ type: v.literal('instance.revived'), name, index }),
  v.object({ type: v.literal('readModels.lagChanged'), ms: count }),
  v.object({
    type: v.literal('latency.changed'),
    edges: v.pipe(v.array(name), v.maxLength(100)),
    base: count,
    jitter: count,
  }),
  v.object({ type: v.literal('deadLetter.retried'), subscription: name, position: count }),
  v.object({ type: v.literal('deadLetter.discarded'), subscription: name, position: count }),
]);

const RunFileSchema = v.object({
  format: v.literal('eventscape-run', 'this is not an Eventscape run file'),
  version: v.literal(1, 'this run file is from a version of Eventscape this one does not read'),
  run: v.pipe(v.string(), v.startsWith('?'), v.maxLength(2000)),
  actions: v.pipe(
    v.array(v.object({ at: count, action: ActionSchema, after: v.optional(count) })),
    v.maxLength(100_000, 'holds more than 100,000 actions'),
  ),
  until: count,
  head: count,
  logHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{1,64}$/, 'logHash must be hexadecimal')),
  cursor: v.optional(count),
  branch: v.optional(name),
});

/** Why a run file or link cannot be opened; nothing was changed. */
export class RunFileError extends Error {
  override readonly name = 'RunFileError';
}

export function toRunFile(run: Omit<RunFile, 'format' | 'version'>): RunFile {
  return { format: 'eventscape-run', version: 1, ...run };
}

/** Validates a run file's text (untrusted: size, depth and prototype keys are checked first). */
export function readRunFile(text: string): RunFile {
  let parsed: unknown;
  try {
    parsed = parseUntrustedJson(text, { ...DEFAULT_JSON_LIMITS, maxChars: 20_000_000 });
  } catch (error) {
    if (error instanceof UnsafeJsonError) throw new RunFileError(error.message);
    throw error;
  }
  const result = v.safeParse(RunFileSchema, parsed);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new RunFileError(`This run file cannot be opened: ${path ? `${path}: ` : ''}${issue.message}.`);
  }
  return result.output as RunFile & { actions: { action: UserAction }[] };
}

const LINK_KEY = 'run=';

/** The run, deflated and base64url-encoded, for a link's fragment (`#run=…`, never sent to a server). */
export async function toShareFragment(file: RunFile): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(file));
  const packed = await new Response(
    new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')),
  ).arrayBuffer();
  return `#${LINK_KEY}${toBase64Url(new Uint8Array(packed))}`;
}

/** The run a link's fragment carries, validated; null when the fragment holds no run. */
export async function readShareFragment(fragment: string): Promise<RunFile | null> {
  const at = fragment.indexOf(LINK_KEY);
  if (at === -1) return null;
  const encoded = fragment.slice(at + LINK_KEY.length);
  if (encoded.length > 4_000_000) throw new RunFileError('This link is too long to be an Eventscape run.');
  const packed = fromBase64Url(encoded);
  let text: string;
  try {
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    text = await new Response(stream).text();
  } catch {
    throw new RunFileError('This link is damaged: its run could not be unpacked (was it cut short?).');
  }
  return readRunFile(text);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new RunFileError('This link is damaged: it holds characters a run link never has.');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

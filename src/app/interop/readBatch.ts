import * as v from 'valibot';
import type { Message } from '../../engine/message';
import { CloudEventSchema, fromCloudEvent } from './cloudEvents';
import { DEFAULT_JSON_LIMITS, type JsonLimits, parseUntrustedJson, UnsafeJsonError } from './safeJson';

export interface ImportLimits extends JsonLimits {
  /** Most events one file may hold. */
  readonly maxEvents: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { ...DEFAULT_JSON_LIMITS, maxEvents: 500_000 };

export type ImportErrorCode =
  | UnsafeJsonError['code']
  | 'NOT_A_BATCH'
  | 'TOO_MANY'
  | 'INVALID_EVENT'
  | 'INCONSISTENT';

/** Why a file cannot be imported: a code for tests, a sentence for the person. Nothing was written. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly code: ImportErrorCode;
  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Reads a CloudEvents JSON batch exported by this page back into the log it came from: every event
 * valid, positions 1…n in order, ids unique, each stream's versions 1, 2, 3… Throws `ImportError`
 * for anything else, naming the first problem; it never returns a part of a file.
 */
export function readCloudEventsBatch(text: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Message[] {
  let parsed: unknown;
  try {
    parsed = parseUntrustedJson(text, limits);
  } catch (error) {
    if (error instanceof UnsafeJsonError) throw new ImportError(error.code, error.message);
    throw error;
  }
  if (!Array.isArray(parsed)) {
    throw new ImportError(
      'NOT_A_BATCH',
      'The file is not a CloudEvents batch: it should be a JSON array of events (application/cloudevents-batch+json).',
    );
  }
  if (parsed.length > limits.maxEvents) {
    throw new ImportError(
      'TOO_MANY',
      `The file holds ${parsed.length.toLocaleString('en')} events; the most this page imports is ${limits.maxEvents.toLocaleString('en')}.`,
    );
  }
  const messages: Message[] = [];
  const ids = new Set<string>();
  const versions = new Map<string, number>();
  parsed.forEach((raw, index) => {
    const result = v.safeParse(CloudEventSchema, raw);
    if (!result.success) {
      const issue = result.issues[0];
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      throw new ImportError(
        'INVALID_EVENT',
        `Event ${index + 1}: ${path ? `${path}: ` : ''}${issue.message}.`,
      );
    }
    let m: Message;
    try {
      m = fromCloudEvent(result.output);
    } catch {
      throw new ImportError('INVALID_EVENT', `Event ${index + 1}: source is not a valid URI reference.`);
    }
    const problem = inconsistency(m, index, ids, versions);
    if (problem) throw new ImportError('INCONSISTENT', `Event ${index + 1}: ${problem}`);
    ids.add(m.id);
    versions.set(m.subject, m.streamVersion);
    messages.push(m);
  });
  return messages;
}

function inconsistency(
  m: Message,
  index: number,
  ids: ReadonlySet<string>,
  versions: ReadonlyMap<string, number>,
): string | null {
  if (m.position !== index + 1) {
    return `its sequence is ${m.position}, but a whole log numbers its events 1, 2, 3… (expected ${index + 1}).`;
  }
  if (ids.has(m.id)) return `the id "${m.id}" appears twice.`;
  const expected = (versions.get(m.subject) ?? 0) + 1;
  if (m.streamVersion !== expected) {
    return `stream "${m.subject}" is at version ${expected - 1}, so this event should be version ${expected}, not ${m.streamVersion}.`;
  }
  if (!Number.isFinite(m.time) || m.time < 0) return 'its virtual time is not a non-negative number.';
  return null;
}

import { type Catalog, checkAgainstCatalog, specOf } from './catalog';
import { InvalidMessageError } from './errors';
import type { MessageKind, NewMessage } from './message';

/** What a producer asks to send, before the engine wraps it. */
export interface Draft {
  readonly type: string;
  readonly subject: string;
  readonly data: unknown;
  readonly schemaVersion?: number;
}

/**
 * Wraps what a producer decided in the envelope, written `time`, and checks it against the catalog
 * (its type, its kind, its schema): a message that would not be readable is refused here, at the
 * producer, before it is logged.
 */
export function envelope(
  catalog: Catalog,
  time: number,
  out: Draft,
  kind: MessageKind,
  id: string,
  links: { readonly source: string; readonly correlationId: string; readonly causationId: string | null },
): NewMessage {
  const message: NewMessage = {
    id,
    kind,
    type: out.type,
    schemaVersion: writtenVersion(catalog, out),
    source: links.source,
    subject: out.subject,
    time,
    correlationId: links.correlationId,
    causationId: links.causationId,
    data: out.data,
  };
  checkAgainstCatalog(catalog, message);
  return message;
}

/**
 * The schema version a producer writes: the catalog's current one, or an older one it names
 * (`Outgoing.schemaVersion`), which needs the full upcaster chain declared: every reader of this
 * code must be able to read it.
 */
export function writtenVersion(catalog: Catalog, out: Pick<Draft, 'type' | 'schemaVersion'>): number {
  const spec = specOf(catalog, out.type);
  const current = spec.schemaVersion ?? 1;
  const version = out.schemaVersion ?? current;
  const chained = Array.from({ length: current - version }, (_, i) => version + i).every(
    (from) => spec.upcasters?.[from] !== undefined,
  );
  if (!Number.isInteger(version) || version < 1 || version > current || !chained) {
    throw new InvalidMessageError(
      `${out.type} cannot be written as v${version}: the catalog reads v${current} and declares upcasters from ` +
        `${
          Object.keys(spec.upcasters ?? {})
            .map((v) => `v${v}`)
            .join(', ') || 'no version'
        }`,
    );
  }
  return version;
}

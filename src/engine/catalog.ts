import { InvalidMessageError, UnknownMessageTypeError } from './errors';
import type { MessageKind, NewMessage } from './message';

/** What the engine knows about one message type. */
export interface MessageTypeSpec {
  readonly kind: MessageKind;
  /** The schema version producers write today (default 1). */
  readonly schemaVersion?: number;
  readonly description?: string;
  /**
   * Upcasters by the version they read: `upcasters[n]` turns the data of a v`n` message into
   * v`n + 1` data. Messages are upcast on read (delivery, read-model folds), never rewritten in
   * the log; see upcasting.ts.
   */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/** One step of a type's upcaster chain: the data of version n in, of version n + 1 out. Pure. */
export type Upcaster = (data: unknown) => unknown;

/** A scenario's message catalog: every type that may be published, by name. */
export type Catalog = Readonly<Record<string, MessageTypeSpec>>;

/** The spec for `type`, or a typed error naming the known types. */
export function specOf(catalog: Catalog, type: string): MessageTypeSpec {
  const spec = Object.hasOwn(catalog, type) ? catalog[type] : undefined;
  if (!spec) throw new UnknownMessageTypeError(type, Object.keys(catalog));
  return spec;
}

/** Throws unless `message` is of a catalogued type and of the kind the catalog gives it. */
export function checkAgainstCatalog(catalog: Catalog, message: NewMessage): void {
  const spec = specOf(catalog, message.type);
  if (spec.kind !== message.kind) {
    throw new InvalidMessageError(
      `"${message.type}" is ${article(spec.kind)} ${spec.kind} in the catalog but was sent as ${article(message.kind)} ${message.kind}`,
      message.id,
    );
  }
}

function article(kind: MessageKind): string {
  return kind === 'event' ? 'an' : 'a';
}

import { InvalidMessageError, UnknownMessageTypeError } from './errors';
import type { MessageKind, NewMessage } from './message';
import { type JsonSchema, validate } from './schemaRegistry';

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
  /**
   * The JSON Schema of the data producers write today (version `schemaVersion`): a message that
   * does not match is refused at the producer, before it is logged (schemaRegistry.ts).
   */
  readonly schema?: JsonSchema;
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

/**
 * Throws unless `message` is of a catalogued type, of the kind the catalog gives it, and (when the
 * catalog has a schema for the version it is written in) its data matches that schema.
 */
export function checkAgainstCatalog(catalog: Catalog, message: NewMessage): void {
  const spec = specOf(catalog, message.type);
  if (spec.kind !== message.kind) {
    throw new InvalidMessageError(
      `"${message.type}" is ${article(spec.kind)} ${spec.kind} in the catalog but was sent as ${article(message.kind)} ${message.kind}`,
      message.id,
    );
  }
  if (spec.schema && message.schemaVersion === (spec.schemaVersion ?? 1)) {
    const problems = validate(spec.schema, message.data, 'data');
    if (problems.length > 0) {
      throw new InvalidMessageError(
        `${message.type} v${message.schemaVersion} does not match its schema, so it was not published: ${problems.slice(0, 3).join('; ')}`,
        message.id,
      );
    }
  }
}

function article(kind: MessageKind): string {
  return kind === 'event' ? 'an' : 'a';
}

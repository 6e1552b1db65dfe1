/**
 * Typed engine errors. Each says what went wrong and what to do about it, so bad input is never a
 * silent drop: it is one of these, or a dead letter that carries one of these as its reason.
 */
export type EngineErrorCode =
  | 'VERSION_CONFLICT'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'INVALID_MESSAGE'
  | 'INVALID_APPEND'
  | 'CONFIGURATION'
  | 'EFFECT_NOT_RECORDED'
  | 'UNKNOWN_NAME'
  | 'SCHEMA_VERSION'
  | 'INCOMPATIBLE_SCHEMA';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Optimistic concurrency: the stream moved on since the writer read it. Nothing was written. */
export class VersionConflictError extends EngineError {
  readonly subject: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
  constructor(subject: string, expectedVersion: number, actualVersion: number) {
    super(
      'VERSION_CONFLICT',
      `Stream "${subject}" is at version ${actualVersion}, but the append expected version ${expectedVersion}: ` +
        'someone else wrote to it first. Nothing was written; read the stream again and decide again.',
    );
    this.subject = subject;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** A message type that the scenario's catalog does not define. */
export class UnknownMessageTypeError extends EngineError {
  readonly type: string;
  constructor(type: string, known: readonly string[]) {
    const list = known.length > 6 ? `${known.slice(0, 6).join(', ')}, …` : known.join(', ');
    super(
      'UNKNOWN_MESSAGE_TYPE',
      `Unknown message type "${type}": the catalog defines ${list || 'no types'}.`,
    );
    this.type = type;
  }
}

/** A message that is malformed, or whose kind contradicts the catalog. */
export class InvalidMessageError extends EngineError {
  readonly messageId: string | undefined;
  constructor(reason: string, messageId?: string) {
    super('INVALID_MESSAGE', `Invalid message${messageId ? ` "${messageId}"` : ''}: ${reason}.`);
    this.messageId = messageId;
  }
}

/** An append whose options do not fit its batch (e.g. one expectedVersion for several streams). */
export class InvalidAppendError extends EngineError {
  constructor(reason: string) {
    super('INVALID_APPEND', `Invalid append: ${reason}. Nothing was written.`);
  }
}

/** A simulation wired up wrongly: two handlers for one command, a service handling an unknown type… */
export class ConfigurationError extends EngineError {
  constructor(reason: string) {
    super('CONFIGURATION', reason);
  }
}

/** A name (service, projection, subscription) that the simulation does not know. */
export class UnknownNameError extends EngineError {
  constructor(what: string, name: string, known: readonly string[]) {
    super('UNKNOWN_NAME', `No ${what} named "${name}"; known: ${known.join(', ') || 'none'}.`);
  }
}

/** Replay asked the effect gateway for an effect that the original run never performed. */
export class EffectNotRecordedError extends EngineError {
  constructor(key: string) {
    super(
      'EFFECT_NOT_RECORDED',
      `Replay reached effect "${key}", which the original run never performed; ` +
        'a replay must not touch the outside world, so it stops here.',
    );
  }
}

/**
 * A message whose schema version this code cannot read: older than the catalog's current version
 * with a step of the upcaster chain missing or switched off, or newer than any this code knows.
 * Not poison: the broker retries it (a switched-off upcaster may be switched back on), then
 * dead-letters it with this reason.
 */
export class SchemaVersionError extends EngineError {
  readonly type: string;
  /** The version the message was written in. */
  readonly version: number;
  /** The version this code reads (the catalog's `schemaVersion`). */
  readonly current: number;
  /** The first upcaster step that is not there, v`missing` → v`missing + 1` (null: message too new). */
  readonly missing: number | null;
  constructor(type: string, version: number, current: number, missing: number | null, switchedOff = false) {
    super(
      'SCHEMA_VERSION',
      missing === null
        ? `${type} v${version} cannot be read: this code knows ${type} up to v${current} (a newer producer wrote it).`
        : `${type} v${version} cannot be read: this code expects v${current}, and the upcaster ` +
            `v${missing}→v${missing + 1} is ${switchedOff ? 'switched off' : 'missing'}.`,
    );
    this.type = type;
    this.version = version;
    this.current = current;
    this.missing = missing;
  }
}

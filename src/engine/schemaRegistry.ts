import { EngineError } from './errors';

/**
 * The JSON Schema subset the registry understands: enough to describe message payloads and to
 * decide compatibility exactly (a closed object is `additionalProperties: false`).
 */
export type JsonSchema =
  | {
      readonly type: 'object';
      readonly properties?: Readonly<Record<string, JsonSchema>>;
      readonly required?: readonly string[];
      readonly additionalProperties?: boolean;
    }
  | { readonly type: 'array'; readonly items?: JsonSchema }
  | { readonly type: 'string'; readonly enum?: readonly string[] }
  | { readonly type: 'number' | 'integer' | 'boolean' | 'null' };

/**
 * As in Confluent's schema registry: BACKWARD — consumers on the new version can read data written
 * with the previous one (upgrade consumers first); FORWARD — consumers still on the previous version
 * can read data written with the new one (upgrade producers first); FULL — both; NONE — no check.
 */
export type Compatibility = 'backward' | 'forward' | 'full' | 'none';

/** A new schema version refused, with every reason. */
export class IncompatibleSchemaError extends EngineError {
  readonly type: string;
  readonly reasons: readonly string[];
  constructor(type: string, version: number, mode: Compatibility, reasons: readonly string[]) {
    super(
      'INCOMPATIBLE_SCHEMA',
      `Version ${version} of "${type}" is not ${mode.toUpperCase()} compatible with version ${version - 1}: ${reasons.join('; ')}.`,
    );
    this.type = type;
    this.reasons = reasons;
  }
}

/** Why data written under `writer` could fail under `reader` (empty: it never can). */
export function readProblems(reader: JsonSchema, writer: JsonSchema, path = '$'): string[] {
  if (reader.type !== writer.type) {
    if (reader.type === 'number' && writer.type === 'integer') return [];
    return [
      `${path} is ${article(writer.type)} ${writer.type} in one and ${article(reader.type)} ${reader.type} in the other`,
    ];
  }
  if (reader.type === 'object' && writer.type === 'object') {
    const problems: string[] = [];
    const readerProps = reader.properties ?? {};
    const writerProps = writer.properties ?? {};
    const writerRequired = new Set(writer.required ?? []);
    for (const field of reader.required ?? []) {
      if (!writerRequired.has(field))
        problems.push(`${path}.${field} is required by the reader but may be missing from written data`);
    }
    for (const [field, schema] of Object.entries(writerProps)) {
      const read = readerProps[field];
      if (read) problems.push(...readProblems(read, schema, `${path}.${field}`));
      else if (reader.additionalProperties === false)
        problems.push(`${path}.${field} may be written but the reader does not allow it`);
    }
    if (writer.additionalProperties !== false && reader.additionalProperties === false) {
      problems.push(
        `${path} may carry fields the reader does not allow (the writer is open, the reader closed)`,
      );
    }
    return problems;
  }
  if (reader.type === 'array' && writer.type === 'array') {
    return reader.items && writer.items ? readProblems(reader.items, writer.items, `${path}[]`) : [];
  }
  if (reader.type === 'string' && writer.type === 'string' && reader.enum) {
    if (!writer.enum)
      return [`${path} may be any string but the reader accepts only ${reader.enum.join(', ')}`];
    const missing = writer.enum.filter((v) => !reader.enum?.includes(v));
    return missing.length > 0
      ? [`${path} may be ${missing.join(', ')}, which the reader does not accept`]
      : [];
  }
  return [];
}

/** Why `newer` may not follow `older` under `mode` (empty: it may). */
export function compatibilityProblems(older: JsonSchema, newer: JsonSchema, mode: Compatibility): string[] {
  const backward =
    mode === 'backward' || mode === 'full' ? readProblems(newer, older).map((p) => `new readers: ${p}`) : [];
  const forward =
    mode === 'forward' || mode === 'full' ? readProblems(older, newer).map((p) => `old readers: ${p}`) : [];
  return [...backward, ...forward];
}

/** Where `data` breaks `schema`, with paths (empty: it is valid). */
export function validate(schema: JsonSchema, data: unknown, path = '$'): string[] {
  const problems: string[] = [];
  collect(schema, data, path, problems);
  return problems;
}

/*
 * Every message the simulation publishes is checked here, and a seek re-runs hundreds of them:
 * a valid payload allocates nothing but the (empty) result. Paths are spelled out only for a
 * problem, and only containers get one of their own.
 */
function collect(schema: JsonSchema, data: unknown, path: string, problems: string[]): void {
  if (schema.type === 'array') {
    if (!Array.isArray(data)) problems.push(`${path} must be an array`);
    else if (schema.items)
      for (let i = 0; i < data.length; i++) inner(schema.items, data[i], path, i, problems);
    return;
  }
  if (schema.type === 'object') {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problems.push(`${path} must be an object`);
      return;
    }
    const record = data as Record<string, unknown>;
    if (schema.required)
      for (const field of schema.required)
        if (!Object.hasOwn(record, field)) problems.push(`${path}.${field} is missing`);
    for (const field in record) {
      if (!Object.hasOwn(record, field)) continue;
      const property = schema.properties?.[field];
      if (property) inner(property, record[field], path, field, problems);
      else if (schema.additionalProperties === false) problems.push(`${path}.${field} is not allowed`);
    }
    return;
  }
  const problem = scalarProblem(schema, data);
  if (problem) problems.push(`${path} ${problem}`);
}

/** A field or an item of the container at `path`. */
function inner(schema: JsonSchema, data: unknown, path: string, key: string | number, problems: string[]) {
  if (schema.type === 'array' || schema.type === 'object') collect(schema, data, pathOf(path, key), problems);
  else {
    const problem = scalarProblem(schema, data);
    if (problem) problems.push(`${pathOf(path, key)} ${problem}`);
  }
}

function pathOf(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

/** What is wrong with a value of a scalar type, or null. */
function scalarProblem(schema: JsonSchema, data: unknown): string | null {
  switch (schema.type) {
    case 'null':
      return data === null ? null : 'must be null';
    case 'boolean':
      return typeof data === 'boolean' ? null : 'must be a boolean';
    case 'number':
      return typeof data === 'number' && Number.isFinite(data) ? null : 'must be a number';
    case 'integer':
      return Number.isInteger(data) ? null : 'must be a whole number';
    case 'string':
      if (typeof data !== 'string') return 'must be a string';
      return schema.enum && !schema.enum.includes(data) ? `must be one of ${schema.enum.join(', ')}` : null;
    default:
      return null;
  }
}

interface Subject {
  compatibility: Compatibility;
  readonly versions: JsonSchema[];
}

/**
 * Versioned schemas per message type with a compatibility mode, as a schema registry keeps them.
 * Registering a version that breaks the mode is refused with the exact reasons; a payload is
 * checked against the version it claims.
 */
export class SchemaRegistry {
  readonly #subjects = new Map<string, Subject>();
  readonly defaultCompatibility: Compatibility;

  constructor(defaultCompatibility: Compatibility = 'backward') {
    this.defaultCompatibility = defaultCompatibility;
  }

  setCompatibility(type: string, mode: Compatibility): void {
    const subject = this.#subjects.get(type);
    if (subject) subject.compatibility = mode;
    else this.#subjects.set(type, { compatibility: mode, versions: [] });
  }

  compatibility(type: string): Compatibility {
    return this.#subjects.get(type)?.compatibility ?? this.defaultCompatibility;
  }

  /**
   * Starts `type` at `version` with `schema`, earlier versions unknown here (a registry joining a
   * system whose producers already write that version). Later `register` calls check against it.
   */
  seed(type: string, version: number, schema: JsonSchema): void {
    const versions: JsonSchema[] = [];
    versions[Math.max(1, version) - 1] = schema;
    this.#subjects.set(type, { compatibility: this.compatibility(type), versions });
  }

  /** Adds the next version of `type`'s schema; returns its number, or throws IncompatibleSchemaError. */
  register(type: string, schema: JsonSchema): number {
    const subject = this.#subjects.get(type) ?? { compatibility: this.defaultCompatibility, versions: [] };
    const previous = subject.versions.at(-1);
    const version = subject.versions.length + 1;
    if (previous && subject.compatibility !== 'none') {
      const reasons = compatibilityProblems(previous, schema, subject.compatibility);
      if (reasons.length > 0)
        throw new IncompatibleSchemaError(type, version, subject.compatibility, reasons);
    }
    subject.versions.push(schema);
    this.#subjects.set(type, subject);
    return version;
  }

  /** The schema of `type` at `version` (default: the latest), if registered. */
  schema(type: string, version?: number): JsonSchema | undefined {
    const versions = this.#subjects.get(type)?.versions ?? [];
    return version === undefined ? versions.at(-1) : versions[version - 1];
  }

  versions(type: string): number {
    return this.#subjects.get(type)?.versions.length ?? 0;
  }

  /** Where `data` breaks the schema of `type` at `version`; a type with no schema accepts anything. */
  problems(type: string, version: number, data: unknown): string[] {
    const schema = this.schema(type, version);
    if (!schema) return this.versions(type) > 0 ? [`"${type}" has no schema version ${version}`] : [];
    return validate(schema, data);
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

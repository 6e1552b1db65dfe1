import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compatibilityProblems,
  IncompatibleSchemaError,
  type JsonSchema,
  SchemaRegistry,
  validate,
} from './schemaRegistry';

const v1: JsonSchema = {
  type: 'object',
  properties: { orderId: { type: 'string' }, quantity: { type: 'integer' } },
  required: ['orderId', 'quantity'],
};
const withOptionalNote: JsonSchema = {
  type: 'object',
  properties: { orderId: { type: 'string' }, quantity: { type: 'integer' }, note: { type: 'string' } },
  required: ['orderId', 'quantity'],
};
const withRequiredCurrency: JsonSchema = {
  type: 'object',
  properties: { orderId: { type: 'string' }, quantity: { type: 'integer' }, currency: { type: 'string' } },
  required: ['orderId', 'quantity', 'currency'],
};
const quantityAsString: JsonSchema = {
  type: 'object',
  properties: { orderId: { type: 'string' }, quantity: { type: 'string' } },
  required: ['orderId', 'quantity'],
};

describe('schema registry', () => {
  it('accepts an optional field under FULL, refuses a new required field under BACKWARD with the reason', () => {
    const registry = new SchemaRegistry('full');
    expect(registry.register('OrderPlaced', v1)).toBe(1);
    expect(registry.register('OrderPlaced', withOptionalNote)).toBe(2);
    registry.setCompatibility('OrderPlaced', 'backward');
    expect(() => registry.register('OrderPlaced', withRequiredCurrency)).toThrow(IncompatibleSchemaError);
    expect(() => registry.register('OrderPlaced', withRequiredCurrency)).toThrow(
      'Version 3 of "OrderPlaced" is not BACKWARD compatible with version 2: new readers: $.currency is required by the reader but may be missing from written data.',
    );
    expect(registry.versions('OrderPlaced')).toBe(2);
  });

  it('BACKWARD allows what FORWARD refuses, and the other way round', () => {
    // Dropping a required field: new readers are fine, old readers miss it.
    expect(compatibilityProblems(withOptionalNote, v1, 'backward')).toEqual([]);
    expect(compatibilityProblems(withRequiredCurrency, v1, 'forward')).toEqual([
      'old readers: $.currency is required by the reader but may be missing from written data',
    ]);
    // A type change breaks both.
    expect(compatibilityProblems(v1, quantityAsString, 'full')).toEqual([
      'new readers: $.quantity is an integer in one and a string in the other',
      'old readers: $.quantity is a string in one and an integer in the other',
    ]);
    expect(compatibilityProblems(v1, quantityAsString, 'none')).toEqual([]);
  });

  it('validates payloads against the version they claim, with paths', () => {
    const registry = new SchemaRegistry();
    registry.register('OrderPlaced', v1);
    expect(registry.problems('OrderPlaced', 1, { orderId: 'o-1', quantity: 2 })).toEqual([]);
    expect(registry.problems('OrderPlaced', 1, { orderId: 7, extra: true })).toEqual([
      '$.quantity is missing',
      '$.orderId must be a string',
    ]);
    expect(registry.problems('OrderPlaced', 3, {})).toEqual(['"OrderPlaced" has no schema version 3']);
    expect(registry.problems('Unregistered', 1, 'anything')).toEqual([]);
  });

  it('names each problem by its path, through nested objects and arrays, in the payload’s order', () => {
    const order: JsonSchema = {
      type: 'object',
      properties: {
        orderId: { type: 'string' },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string', enum: ['RED', 'BLUE'] }, qty: { type: 'integer' } },
            required: ['sku'],
            additionalProperties: false,
          },
        },
        paid: { type: 'boolean' },
        note: { type: 'null' },
      },
      required: ['orderId'],
    };
    expect(
      validate(order, { orderId: 'o', lines: [{ sku: 'RED', qty: 1 }], paid: true, note: null }),
    ).toEqual([]);
    expect(
      validate(order, {
        lines: [{ sku: 'RED', qty: 1.5 }, { sku: 'GREEN', gift: true }, 7],
        paid: 1,
        note: 0,
      }),
    ).toEqual([
      '$.orderId is missing',
      '$.lines[0].qty must be a whole number',
      '$.lines[1].sku must be one of RED, BLUE',
      '$.lines[1].gift is not allowed',
      '$.lines[2] must be an object',
      '$.paid must be a boolean',
      '$.note must be null',
    ]);
    expect(validate(order, [], 'data')).toEqual(['data must be an object']);
    expect(validate({ type: 'number' }, Number.NaN)).toEqual(['$ must be a number']);
  });

  it('what a compatible version accepts, the reader it is compatible with accepts too (property)', () => {
    // Random payloads valid under the writer must validate under a BACKWARD-compatible reader.
    const payload = fc.record(
      { orderId: fc.string(), quantity: fc.integer(), note: fc.string() },
      { requiredKeys: ['orderId', 'quantity'] },
    );
    expect(compatibilityProblems(withOptionalNote, v1, 'backward')).toEqual([]);
    fc.assert(
      fc.property(payload, (data) => {
        if (validate(withOptionalNote, data).length === 0) expect(validate(v1, data)).toEqual([]);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('a registry joining late starts at the version producers write, and checks the next against it', () => {
    const registry = new SchemaRegistry('backward');
    registry.seed('OrderPlaced', 2, v1);
    expect(registry.versions('OrderPlaced')).toBe(2);
    expect(registry.schema('OrderPlaced', 1)).toBeUndefined();
    expect(() => registry.register('OrderPlaced', withRequiredCurrency)).toThrow(/Version 3 .* version 2/);
    expect(registry.register('OrderPlaced', withOptionalNote)).toBe(3);
  });
});

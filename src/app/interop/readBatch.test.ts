import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../engine/message';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { scenarioFor, startInMemory } from '../startPlayground';
import { parseRunUrl } from '../urlState';
import { toCloudEvent, toCloudEventsBatch } from './cloudEvents';
import { DEFAULT_IMPORT_LIMITS, ImportError, readCloudEventsBatch } from './readBatch';

/** A real log: a few orders of the saga in both styles, one of them declined. */
async function aRealLog(): Promise<readonly Message[]> {
  const { settings } = parseRunUrl('?scenario=order-saga&seed=5&decline=0.5&speed=10', ['order-saga']);
  const driver = startInMemory(scenarioFor(scenarios['order-saga'] as Scenario, settings), settings);
  await driver.act({ type: 'order.placed' });
  await driver.act({ type: 'style.changed', style: 'orchestration' });
  await driver.act({ type: 'order.placed' });
  await driver.act({ type: 'order.placed', options: { fail: 'outOfStock' } });
  for (let i = 0; i < 60; i++) await driver.frame(100);
  return driver.sim.log.read();
}

let log: readonly Message[];
let file: string;
beforeAll(async () => {
  log = await aRealLog();
  file = toCloudEventsBatch(log);
});

const refused = (text: string, code: ImportError['code'], limits = DEFAULT_IMPORT_LIMITS) => {
  let caught: unknown;
  try {
    readCloudEventsBatch(text, limits);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImportError);
  expect((caught as ImportError).code).toBe(code);
  return (caught as ImportError).message;
};

describe('CloudEvents export and import', () => {
  it('reads back exactly the log it exported', () => {
    expect(log.length).toBeGreaterThan(30);
    expect(readCloudEventsBatch(file)).toEqual(log);
  });

  it('writes CloudEvents 1.0 with the extension attributes other tools read', () => {
    const caused = log.find((m) => m.causationId !== null) as Message;
    const e = toCloudEvent(caused);
    expect(e).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json' });
    expect(e.sequence).toBe(String(caused.position).padStart(12, '0'));
    expect(e.partitionkey).toBe(caused.subject);
    expect(e.correlationid).toBe(caused.correlationId);
    expect(e.causationid).toBe(caused.causationId);
    expect('causationid' in toCloudEvent(log[0] as Message)).toBe(false);
    expect(Object.keys(e).every((k) => /^[a-z0-9]{1,20}$/.test(k))).toBe(true);
  });

  it('refuses hostile and broken files with a reason', () => {
    const events = JSON.parse(file) as Record<string, unknown>[];
    const edit = (i: number, change: Record<string, unknown>) =>
      JSON.stringify(events.map((e, j) => (j === i ? { ...e, ...change } : e)));
    expect(refused('{"not": "an array"}', 'NOT_A_BATCH')).toMatch(/JSON array of events/);
    expect(refused('[{"specversion": "1.0",', 'NOT_JSON')).toMatch(/not valid JSON/);
    expect(refused(`[${'['.repeat(200)}${']'.repeat(200)}]`, 'TOO_DEEP')).toMatch(/deeper than 64/);
    expect(
      refused(file.replace('"data":{', '"data":{"__proto__":{"polluted":true},'), 'FORBIDDEN_KEY'),
    ).toMatch(/__proto__/);
    expect(refused(edit(0, { data: { constructor: { prototype: 1 } } }), 'FORBIDDEN_KEY')).toMatch(
      /constructor/,
    );
    expect(refused(edit(2, { type: '<img src=x onerror=alert(1)>' }), 'INVALID_EVENT')).toMatch(
      /^Event 3: type/,
    );
    expect(refused(edit(1, { sequence: 7 }), 'INVALID_EVENT')).toMatch(/sequence/);
    expect(refused(edit(1, { sequence: '000000000007' }), 'INCONSISTENT')).toMatch(/expected 2/);
    expect(refused(edit(1, { id: events[0]?.id }), 'INCONSISTENT')).toMatch(/appears twice/);
    expect(refused(edit(0, { streamversion: 3 }), 'INCONSISTENT')).toMatch(/version 1, not 3/);
    expect(refused(edit(0, { source: '/eventscape/services/%E0%A4%A' }), 'INVALID_EVENT')).toMatch(/source/);
    expect(refused(file, 'TOO_LARGE', { ...DEFAULT_IMPORT_LIMITS, maxChars: 1000 })).toMatch(
      /most this page imports/,
    );
    expect(refused(file, 'TOO_MANY', { ...DEFAULT_IMPORT_LIMITS, maxEvents: 3 })).toMatch(/holds \d+ events/);
  });

  it('never throws anything but ImportError and never touches Object.prototype, whatever the input', () => {
    const events = JSON.parse(file) as unknown[];
    const mutated = fc
      .tuple(fc.nat({ max: events.length - 1 }), fc.string(), fc.jsonValue())
      .map(([i, key, value]) =>
        JSON.stringify(events.map((e, j) => (j === i ? { ...(e as object), [key]: value } : e))),
      );
    const truncated = fc.nat({ max: file.length }).map((n) => file.slice(0, n));
    const anyJson = fc.jsonValue().map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(fc.oneof(mutated, truncated, anyJson, fc.string()), (text) => {
        try {
          const messages = readCloudEventsBatch(text);
          expect(Array.isArray(messages)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
        }
        expect(Object.keys(Object.prototype)).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});

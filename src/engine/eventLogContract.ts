import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidAppendError, InvalidMessageError, VersionConflictError } from './errors';
import type { EventLog } from './eventLog';
import type { NewMessage } from './message';

/**
 * The behaviour every {@link EventLog} must have, written once as a function of a factory
 * (as Emmett's event store features are). Run it against each implementation.
 */
export function eventLogContract(name: string, createLog: () => Promise<EventLog> | EventLog): void {
  describe(`EventLog contract: ${name}`, () => {
    it('starts empty', async () => {
      const log = await createLog();
      expect(await log.head()).toBe(0);
      expect(await log.read()).toEqual([]);
      expect(await log.readStream('order-1')).toEqual([]);
      expect(await log.streamVersion('order-1')).toBe(0);
    });

    it('assigns global positions and per-stream versions in append order', async () => {
      const log = await createLog();
      const result = await log.append([msg('a', 'order-1'), msg('b', 'order-2'), msg('c', 'order-1')]);
      expect(result.appended.map((m) => [m.id, m.position, m.streamVersion])).toEqual([
        ['a', 1, 1],
        ['b', 2, 1],
        ['c', 3, 2],
      ]);
      expect(result.head).toBe(3);
      expect(await log.streamVersion('order-1')).toBe(2);
      expect((await log.readStream('order-1')).map((m) => m.id)).toEqual(['a', 'c']);
    });

    it('keeps every field of the envelope, data included', async () => {
      const log = await createLog();
      const m = msg('a', 'order-1', { data: { sku: 'X', qty: 2, tags: ['a'], nested: { ok: true } } });
      await log.append([m]);
      const [stored] = await log.read();
      expect(stored).toEqual({ ...m, position: 1, streamVersion: 1 });
    });

    it('reads ranges of the whole log: from, to (as of a position) and limit', async () => {
      const log = await createLog();
      await log.append(['a', 'b', 'c', 'd', 'e'].map((id) => msg(id, 's')));
      const ids = async (range: Parameters<EventLog['read']>[0]) => (await log.read(range)).map((m) => m.id);
      expect(await ids({ from: 2 })).toEqual(['b', 'c', 'd', 'e']);
      expect(await ids({ to: 3 })).toEqual(['a', 'b', 'c']);
      expect(await ids({ from: 2, to: 4 })).toEqual(['b', 'c', 'd']);
      expect(await ids({ from: 2, limit: 2 })).toEqual(['b', 'c']);
      expect(await ids({ from: 6 })).toEqual([]);
      expect(await ids({ to: 0 })).toEqual([]);
    });

    it('reads one stream from a version and as of a global position', async () => {
      const log = await createLog();
      await log.append([msg('a', 'x'), msg('b', 'y'), msg('c', 'x'), msg('d', 'x')]);
      const ids = async (range: Parameters<EventLog['readStream']>[1]) =>
        (await log.readStream('x', range)).map((m) => m.id);
      expect(await ids({ fromVersion: 2 })).toEqual(['c', 'd']);
      expect(await ids({ asOf: 3 })).toEqual(['a', 'c']);
      expect(await ids({ asOf: 2 })).toEqual(['a']);
      expect(await ids({ fromVersion: 2, asOf: 3 })).toEqual(['c']);
    });

    it('accepts an append whose expectedVersion matches the stream', async () => {
      const log = await createLog();
      await log.append([msg('a', 'x')], { expectedVersion: 0 });
      await log.append([msg('b', 'x'), msg('c', 'x')], { expectedVersion: 1 });
      expect(await log.streamVersion('x')).toBe(3);
    });

    it('rejects a stale expectedVersion with VersionConflictError and writes nothing', async () => {
      const log = await createLog();
      await log.append([msg('a', 'x'), msg('b', 'x')]);
      const attempt = log.append([msg('c', 'x')], { expectedVersion: 1 });
      await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
      await expect(log.append([msg('c', 'x')], { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
        subject: 'x',
        expectedVersion: 1,
        actualVersion: 2,
      });
      await expect(log.append([msg('c', 'x')], { expectedVersion: 0 })).rejects.toThrow(/version 2/);
      expect(await log.head()).toBe(2);
      expect(await log.has('c')).toBe(false);
    });

    it('checks one expected version per stream when given a record', async () => {
      const log = await createLog();
      await log.append([msg('a', 'x')]);
      await log.append([msg('b', 'x'), msg('c', 'y')], { expectedVersion: { x: 1, y: 0 } });
      await expect(
        log.append([msg('d', 'x'), msg('e', 'y')], { expectedVersion: { x: 2, y: 0 } }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await log.head()).toBe(3);
    });

    it('refuses one number for a batch spanning several streams', async () => {
      const log = await createLog();
      await expect(log.append([msg('a', 'x'), msg('b', 'y')], { expectedVersion: 0 })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      expect(await log.head()).toBe(0);
    });

    it('ignores a repeated message id (idempotent append) and says so', async () => {
      const log = await createLog();
      await log.append([msg('a', 'x')]);
      const again = await log.append([msg('a', 'x'), msg('b', 'x'), msg('b', 'x')]);
      expect(again.appended.map((m) => m.id)).toEqual(['b']);
      expect(again.duplicates).toEqual(['a', 'b']);
      expect((await log.read()).map((m) => m.id)).toEqual(['a', 'b']);
    });

    it('treats a retried batch as done even when its expectedVersion is now stale', async () => {
      const log = await createLog();
      const batch = [msg('a', 'x'), msg('b', 'x')];
      await log.append(batch, { expectedVersion: 0 });
      const retry = await log.append(batch, { expectedVersion: 0 });
      expect(retry.appended).toEqual([]);
      expect(retry.duplicates).toEqual(['a', 'b']);
      expect(await log.head()).toBe(2);
    });

    it('rejects a batch holding a malformed message and writes none of it', async () => {
      const log = await createLog();
      const bad = { ...msg('b', 'x'), subject: '' };
      await expect(log.append([msg('a', 'x'), bad])).rejects.toBeInstanceOf(InvalidMessageError);
      await expect(
        log.append([msg('a', 'x'), { ...msg('c', 'x'), kind: 'rumour' } as never]),
      ).rejects.toThrow(/kind/);
      expect(await log.head()).toBe(0);
      expect(await log.has('a')).toBe(false);
    });

    it('serialises concurrent appends: distinct positions, and one of two racing writers conflicts', async () => {
      const log = await createLog();
      await Promise.all([
        log.append([msg('a', 'x')]),
        log.append([msg('b', 'y')]),
        log.append([msg('c', 'x')]),
      ]);
      expect((await log.read()).map((m) => m.position)).toEqual([1, 2, 3]);
      const results = await Promise.allSettled([
        log.append([msg('d', 'x')], { expectedVersion: 2 }),
        log.append([msg('e', 'x')], { expectedVersion: 2 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await log.streamVersion('x')).toBe(3);
    });

    it('matches a simple model under random append sequences', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.array(
              fc.record({ id: fc.integer({ min: 0, max: 30 }), subject: fc.constantFrom('x', 'y', 'z') }),
              {
                maxLength: 4,
              },
            ),
            { maxLength: 12 },
          ),
          async (batches) => {
            const log = await createLog();
            const model: { id: string; subject: string }[] = [];
            for (const batch of batches) {
              await log.append(batch.map((b) => msg(`m${b.id}`, b.subject)));
              for (const b of batch) {
                if (!model.some((m) => m.id === `m${b.id}`))
                  model.push({ id: `m${b.id}`, subject: b.subject });
              }
            }
            const all = await log.read();
            expect(all.map((m) => m.id)).toEqual(model.map((m) => m.id));
            for (const subject of ['x', 'y', 'z']) {
              const stream = await log.readStream(subject);
              expect(stream.map((m) => m.streamVersion)).toEqual(stream.map((_, i) => i + 1));
              expect(stream.map((m) => m.id)).toEqual(
                model.filter((m) => m.subject === subject).map((m) => m.id),
              );
            }
          },
        ),
        { numRuns: 40, seed: 20261122 },
      );
    });
  });
}

/** A new event with test defaults (the contract's own, shared with the storage tests). */
export function msg(id: string, subject = 's', extra: Partial<NewMessage> = {}): NewMessage {
  return {
    id,
    kind: 'event',
    type: 'Happened',
    schemaVersion: 1,
    source: 'test',
    subject,
    time: 0,
    correlationId: 'c-1',
    causationId: null,
    data: { id },
    ...extra,
  };
}

import type { NewMessage } from '../../engine/message';
import { IdbEventLog } from '../idbEventLog';
import { loadRuntime } from '../records';

/*
 * Page for e2e/storage-durability.spec.ts: appends through the real log and reads it back after the
 * browser process was killed.
 */

declare global {
  interface Window {
    durability: {
      /** Appends `count` events, `perTick` appends per tick (group commit), plus a runtime state. */
      append(count: number, perTick: number): Promise<{ head: number; durableHead: number }>;
      read(): Promise<{ ids: string[]; runtime: unknown }>;
    };
  }
}

const dbName = 'durability';

const msg = (i: number): NewMessage => ({
  id: `evt-${i}`,
  kind: 'event',
  type: 'OrderPlaced',
  schemaVersion: 1,
  source: 'order',
  subject: `order-${i % 17}`,
  time: i,
  correlationId: `order-${i % 17}`,
  causationId: null,
  data: { amount: i, note: 'x'.repeat(200) },
});

window.durability = {
  async append(count, perTick) {
    const log = await IdbEventLog.open({ dbName });
    const start = await log.head();
    for (let i = 0; i < count; i += perTick) {
      const appends: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(count, i + perTick); j++) appends.push(log.append([msg(start + j)]));
      await Promise.all(appends);
    }
    // The simulation's path: a frame of appendNow, its state staged, then flush.
    log.appendNow([msg(start + count)]);
    log.stageRuntime({ savedAt: start + count, state: { cursors: { shipping: start + count } } });
    await log.flush();
    return { head: await log.head(), durableHead: log.durableHead };
  },
  async read() {
    const log = await IdbEventLog.open({ dbName });
    return { ids: (await log.read()).map((m) => m.id), runtime: await loadRuntime(log.db) };
  },
};

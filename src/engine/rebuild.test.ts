import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailer, orders, ordersByStatus, payments, shopCatalog } from '../scenarios/shop/shop';
import { MemoryEventLog } from './memoryLog';
import { rebuildState } from './rebuild';
import { Simulation, type SimulationOptions } from './simulation';

function options(seed: string, log: MemoryEventLog): SimulationOptions {
  return {
    seed,
    catalog: shopCatalog,
    services: [orders, { ...payments, processingTime: 15 }, mailer],
    projections: [ordersByStatus],
    projectionLag: 40,
    log,
    broker: { duplicateRate: 0.2, latency: { base: 5, jitter: 25 } },
  };
}

describe('rebuilding a run from its log alone', () => {
  it('at rest, every service state and read model equals the live run’s, and the run carries on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 12 }),
        async (orderNos) => {
          const log = new MemoryEventLog();
          const live = new Simulation(options('live', log));
          for (const n of orderNos)
            await live.dispatch({ type: 'PlaceOrder', subject: `order-${n}`, data: { n } });
          await live.runUntilIdle();
          const messages = await log.read();

          const copy = new MemoryEventLog();
          await copy.append(messages);
          const state = rebuildState(options('imported', copy), messages);
          const rebuilt = await Simulation.restore(options('imported', copy), state);
          const view = (sim: Simulation) => {
            const s = sim.getSnapshot();
            return {
              services: s.services.map((x) => ({ name: x.name, state: x.state, version: x.version })),
              projections: s.projections.map((p) => ({ name: p.name, state: p.state })),
            };
          };
          expect(view(rebuilt)).toEqual(view(live));
          expect(rebuilt.logHash).toBe(live.logHash);
          expect(rebuilt.head).toBe(messages.length);

          // It is a running system again: a new order goes all the way, with ids of its own.
          await rebuilt.dispatch({ type: 'PlaceOrder', subject: 'order-new', data: { n: 99 } });
          await rebuilt.runUntilIdle();
          const after = await copy.read();
          expect(after.length).toBeGreaterThan(messages.length);
          expect(new Set(after.map((m) => m.id)).size).toBe(after.length);
        },
      ),
      { numRuns: 30, seed: 99 },
    );
  });
});

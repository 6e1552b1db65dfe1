import { describe, expect, it } from 'vitest';
import { orderSagaScenario } from '../scenarios/order-saga';
import { placeOrder } from '../scenarios/order-saga/placeOrder';
import { orderSagaSimulation } from '../scenarios/order-saga/runner';
import { certain } from '../scenarios/order-saga/testFixtures';
import { computeInsight } from './computeInsight';
import { MAX_COMPENSATIONS, RECENT_TRANSACTIONS } from './insightProtocol';

describe('computeInsight: only what the panels show crosses back from the worker', () => {
  it('counts every saga, carries the newest few newest first, and every compensation in log order', async () => {
    const sim = orderSagaSimulation({ seed: 'insight', settings: certain });
    // 40 orders, every third declined: its saga compensates the steps before the payment.
    for (let n = 1; n <= 40; n++)
      await sim.dispatch(
        placeOrder(
          n,
          n % 2 ? 'choreography' : 'orchestration',
          { sku: 'SKU-RED', quantity: 1, forceDecline: n % 3 === 0 },
          certain,
        ),
      );
    await sim.runUntilIdle();
    const log = await sim.log.read();
    const all = orderSagaScenario.insight?.transactions(log) ?? [];
    const insight = computeInsight({
      scenario: 'order-saga',
      decline: null,
      log,
      snapshot: sim.getSnapshot(),
    });

    expect(all).toHaveLength(40);
    expect(insight.transactionCount).toBe(40);
    expect(insight.recent.map((t) => t.id)).toEqual(
      all
        .slice(-RECENT_TRANSACTIONS)
        .reverse()
        .map((t) => t.id),
    );
    expect(insight.recent[0]?.id).toBe('order-40');
    const undone = all.flatMap((t) => t.steps.filter((s) => s.undoes !== undefined).map((s) => s.position));
    expect(undone.length).toBeGreaterThan(0);
    expect(undone.length).toBeLessThan(MAX_COMPENSATIONS);
    expect(insight.compensations.map((c) => c.position)).toEqual([...undone].sort((a, b) => a - b));
    expect(insight.compensations[0]?.text).toMatch(/^order-\d+: /);
  });
});

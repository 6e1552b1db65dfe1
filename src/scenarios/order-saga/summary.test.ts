import { describe, expect, it } from 'vitest';
import { placeOrder } from './placeOrder';
import { orderSagaSimulation } from './runner';
import type { OrchestratorState } from './saga/orchestrator';
import type { NotificationState } from './services/notification';
import type { OrderState } from './services/order';
import type { PaymentState } from './services/payment';
import { ORCHESTRATOR } from './settings';
import { summarize } from './summary';
import { certain } from './testFixtures';

describe('service summaries', () => {
  it('the running totals kept beside each table say what walking the table says, and survive a save', async () => {
    const settings = { ...certain, declineRate: 0.3 };
    const sim = orderSagaSimulation({ seed: 'summary', settings });
    for (let n = 1; n <= 24; n++) {
      await sim.dispatch(
        placeOrder(n, n % 2 ? 'choreography' : 'orchestration', { sku: 'SKU-RED', quantity: 1 }, settings),
      );
      if (n === 12) await sim.advance(200); // some finished, some still running
    }
    const check = (state: (name: string) => unknown) => {
      const order = state('Order') as OrderState;
      for (const status of ['placed', 'confirmed', 'cancelled'] as const)
        expect(order.counts[status]).toBe([...order.orders.values()].filter((s) => s === status).length);
      const payment = state('Payment') as PaymentState;
      const lines = [...payment.payments.values()];
      expect(payment.totals).toEqual({
        charges: lines.reduce((n, p) => n + p.charges, 0),
        net: lines.reduce((n, p) => n + p.captured - p.refunded, 0),
      });
      const mail = state('Notification') as NotificationState;
      expect(mail.total).toBe([...mail.sent.values()].reduce((a, b) => a + b, 0));
      const sagas = state(ORCHESTRATOR) as OrchestratorState;
      expect(sagas.active).toBe(
        [...sagas.sagas.values()].filter((s) => s.snapshot.status === 'active').length,
      );
    };
    await sim.advance(60);
    check((name) => sim.serviceState(name));
    expect(sim.serviceState<OrderState>('Order').counts.placed).toBeGreaterThan(0);
    await sim.advance(400);
    check((name) => sim.serviceState(name));
    const order = sim.serviceState<OrderState>('Order');
    expect(order.counts.cancelled).toBeGreaterThan(0);
    expect(order.counts.confirmed).toBeGreaterThan(0);
    expect(summarize('Order', order)).toBe(
      `${order.counts.placed} open · ${order.counts.confirmed} confirmed · ${order.counts.cancelled} cancelled`,
    );
    // Saved before the totals were kept (tables as plain records, no totals): revived, recounted.
    const definitions = sim.getSnapshot().services.map((s) => s.name);
    const old = (name: string) => {
      const {
        counts: _c,
        totals: _t,
        total: _m,
        active: _a,
        ...rest
      } = JSON.parse(JSON.stringify(sim.serviceState(name)));
      return rest;
    };
    const scenario = (await import('./index')).createOrderSaga(settings);
    check((name) => {
      const definition = scenario.services.find((d) => d.name === name);
      expect(definitions).toContain(name);
      return definition?.reviveState?.(old(name));
    });
  });
});

import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios';
import type { Scenario } from '../../scenarios/scenario';
import { scenarioFor, startInMemory } from '../startPlayground';
import { PERSON, topologyOf } from '../topology';
import { parseRunUrl } from '../urlState';
import { toAsyncApi } from './asyncApi';
import { sequenceOf, toMermaid } from './sequenceDiagram';

const { settings } = parseRunUrl('?scenario=order-saga&seed=3&speed=10', ['order-saga']);
const scenario = scenarioFor(scenarios['order-saga'] as Scenario, settings);
const topology = topologyOf(scenario);

async function oneOrder() {
  const driver = startInMemory(scenario, settings);
  await driver.act({ type: 'order.placed' });
  for (let i = 0; i < 60; i++) await driver.frame(100);
  return driver.sim.log.read();
}

describe('sequence diagram of one order', () => {
  it('follows the order from the person to its confirmation, each message once, in log order', async () => {
    const log = await oneOrder();
    const correlation = log[0]?.correlationId as string;
    const steps = sequenceOf(log, correlation, topology);
    expect(steps[0]).toMatchObject({ from: PERSON, type: 'PlaceOrder', kind: 'command', causedBy: null });
    expect(steps.map((s) => s.type)).toContain('OrderConfirmed');
    expect(steps.map((s) => s.position)).toEqual([...steps.map((s) => s.position)].sort((a, b) => a - b));
    const placed = steps.find((s) => s.type === 'OrderPlaced');
    expect(placed?.to.length).toBeGreaterThan(1); // an event fans out to every subscriber
    expect(steps.every((s) => s.causedBy === null || s.causedBy < s.position)).toBe(true);
    expect(steps.some((s) => s.type.startsWith('$'))).toBe(false);

    const text = toMermaid(steps, 'order-1 <script>');
    expect(text.startsWith('sequenceDiagram\n  title order-1  script')).toBe(true);
    expect(text).toContain('participant p_user as Person');
    expect(text).toMatch(/p_user->>p_Order: 1 PlaceOrder/);
    expect(text).toMatch(/p_Order-->>p_Inventory: \d+ OrderPlaced/);
    expect(text).not.toContain('<script>');
  });
});

describe('AsyncAPI document', () => {
  it('has a channel and message per type on the graph, send and receive per service, and every $ref resolves', () => {
    const doc = toAsyncApi('order-saga', scenario.catalog, topology) as Record<string, unknown>;
    expect(doc.asyncapi).toBe('3.0.0');
    const channels = doc.channels as Record<string, { address: string }>;
    for (const edge of topology.edges) {
      for (const type of edge.types) {
        expect(channels[type]?.address).toBe(type);
        const operations = doc.operations as Record<string, { action: string }>;
        expect(operations[`${edge.source}_send_${type}`]?.action).toBe('send');
        expect(operations[`${edge.target}_receive_${type}`]?.action).toBe('receive');
      }
    }
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const path = (ref.slice(9, -1) as string).split('/').slice(1);
      let node: unknown = doc;
      for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
      expect(node, ref).toBeDefined();
    }
  });
});

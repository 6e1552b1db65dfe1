import { scenarios } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import type { Insight, InsightRequest } from './insightProtocol';

/** The panels' figures for one moment; pure, so it runs the same in a worker or on the page. */
export function computeInsight(request: Omit<InsightRequest, 'id'>): Insight {
  const base = scenarios[request.scenario] as Scenario | undefined;
  const scenario =
    base && request.decline !== null && base.configure ? base.configure({ decline: request.decline }) : base;
  const insight = scenario?.insight;
  return {
    head: request.snapshot.head,
    checks: insight?.checks(request.log, request.snapshot) ?? [],
    transactions: insight?.transactions(request.log) ?? [],
    metrics: insight?.metrics?.(request.log) ?? null,
  };
}

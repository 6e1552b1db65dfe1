import { scenarios } from '../scenarios';
import type { Scenario, TransactionView } from '../scenarios/scenario';
import {
  type Compensation,
  type Insight,
  type InsightRequest,
  MAX_COMPENSATIONS,
  RECENT_TRANSACTIONS,
} from './insightProtocol';

/** The panels' figures for one moment; pure, so it runs the same in a worker or on the page. */
export function computeInsight(request: Omit<InsightRequest, 'id'>): Insight {
  const base = scenarios[request.scenario] as Scenario | undefined;
  const scenario =
    base && request.decline !== null && base.configure ? base.configure({ decline: request.decline }) : base;
  const insight = scenario?.insight;
  const transactions = insight?.transactions(request.log) ?? [];
  return {
    head: request.snapshot.head,
    checks: insight?.checks(request.log, request.snapshot) ?? [],
    transactionCount: transactions.length,
    recent: transactions.slice(-RECENT_TRANSACTIONS).reverse(),
    compensations: compensationsOf(transactions),
    metrics: insight?.metrics?.(request.log) ?? null,
  };
}

/** The first MAX_COMPENSATIONS compensating steps, in log order. */
function compensationsOf(transactions: readonly TransactionView[]): Compensation[] {
  const found: Compensation[] = [];
  for (const t of transactions)
    for (const step of t.steps)
      if (step.undoes !== undefined) found.push({ position: step.position, text: `${t.id}: ${step.label}` });
  return found.sort((a, b) => a.position - b.position).slice(0, MAX_COMPENSATIONS);
}

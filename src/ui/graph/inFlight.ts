import type { Delivery } from '../../engine/broker';
import type { Simulation } from '../../engine/simulation';

/** A message travelling an edge right now, and how far along it is (0–1). */
export interface Token {
  readonly source: string;
  readonly target: string;
  readonly progress: number;
  readonly kind: 'event' | 'command' | 'duplicate';
  readonly type: string;
}

/**
 * Every delivery the broker holds that is still on its way: the dots on the graph are exactly these
 * (a dot is never drawn for a message the broker does not hold).
 */
export function tokensInFlight(sim: Simulation, nodes: ReadonlySet<string>, fallbackSource: string): Token[] {
  const now = sim.now;
  const tokens: Token[] = [];
  for (const name of sim.broker.subscriptionNames()) {
    for (const d of sim.broker.deliveries(name)) {
      if (d.attempts > 0 || d.availableAt <= now) continue; // arrived: it is counted in the inbox
      tokens.push(token(d, now, nodes.has(d.message.source) ? d.message.source : fallbackSource));
    }
  }
  return tokens;
}

function token(d: Delivery, now: number, source: string): Token {
  const span = d.availableAt - d.sentAt;
  return {
    source,
    target: d.subscription,
    progress: span > 0 ? Math.min(1, Math.max(0, (now - d.sentAt) / span)) : 1,
    kind: d.duplicate ? 'duplicate' : d.message.kind,
    type: d.message.type,
  };
}

import { ConfigurationError } from './errors';
import type { EventLog } from './eventLog';
import type { Message } from './message';
import type { SimulationState } from './simulationTypes';

/** The logged messages a saved state's queues, dead letters and read models refer to, by position. */
export async function savedMessages(log: EventLog, state: SimulationState): Promise<Map<number, Message>> {
  const positions = new Set<number>();
  for (const sub of Object.values(state.broker.subscriptions)) {
    for (const inst of sub.instances) for (const d of inst.inbox) positions.add(d.position);
  }
  for (const d of state.broker.deadLetters) positions.add(d.position);
  for (const p of Object.values(state.projections)) for (const q of p.pending) positions.add(q.position);
  const found = new Map<number, Message>();
  for (const position of [...positions].sort((a, b) => a - b)) {
    const [m] = await log.read({ from: position, to: position });
    if (!m)
      throw new ConfigurationError(`The saved state refers to position ${position}, which the log lacks.`);
    found.set(position, m);
  }
  return found;
}

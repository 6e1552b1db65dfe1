import { ConfigurationError } from './errors';
import type { EventLog } from './eventLog';
import type { Message } from './message';
import { SIMULATION_STATE_FORMAT, type SimulationState } from './simulationTypes';

/** The logged messages a saved state's queues, dead letters and read models refer to, by position. */
export async function savedMessages(log: EventLog, state: SimulationState): Promise<Map<number, Message>> {
  const positions = new Set<number>();
  for (const sub of Object.values(state.broker.subscriptions)) {
    for (const inst of sub.instances) for (const d of inst.inbox) positions.add(d.position);
  }
  for (const d of state.broker.deadLetters) positions.add(d.position);
  for (const p of Object.values(state.projections)) {
    for (const q of p.pending) positions.add(q.position);
    if (p.failure) positions.add(p.failure.position); // the message a stopped read model is stuck at
  }
  const found = new Map<number, Message>();
  for (const position of [...positions].sort((a, b) => a - b)) {
    const m = log.messageAt ? log.messageAt(position) : (await log.read({ from: position, to: position }))[0];
    if (!m)
      throw new ConfigurationError(`The saved state refers to position ${position}, which the log lacks.`);
    found.set(position, m);
  }
  return found;
}

/**
 * Checks that `state` can resume over `log` (its format, its seed, and a log saved with it), then
 * returns a lookup of the logged messages its queues refer to. Throws a ConfigurationError that says
 * which check failed.
 */
export async function savedRunLookup(
  log: EventLog,
  state: SimulationState,
  seed: string,
): Promise<(position: number) => Message> {
  if (state.format !== SIMULATION_STATE_FORMAT) {
    throw new ConfigurationError(`Cannot resume a run saved as "${String(state.format)}".`);
  }
  if (state.seed !== seed) {
    throw new ConfigurationError(`The saved run has seed "${state.seed}", not "${seed}".`);
  }
  const logHead = await log.head();
  if (logHead !== state.head) {
    throw new ConfigurationError(
      `The saved state is at position ${state.head} but the log's head is ${logHead}: they were not saved together.`,
    );
  }
  const messages = await savedMessages(log, state);
  return (position) => messages.get(position) as Message;
}

import { LogHasher } from './hash';
import { MemoryEventLog } from './memoryLog';
import type { Message } from './message';
import { ProjectionRuntime } from './projection';
import { foldService } from './service';
import { Simulation } from './simulation';
import type { ServiceState, SimulationOptions, SimulationState } from './simulationTypes';
import { upcast } from './upcasting';

/**
 * Event sourcing's promise: rebuild the application from the log alone. Every service's state is
 * the fold of the events it produced, every read model the fold of what it handles, and nothing is
 * in flight (the log records what was published, not which deliveries were still on their way), so
 * the clock stands at the last message and no task is pending. Used for a log that was imported
 * rather than simulated here, and for moments of such a log (a prefix of it).
 *
 * `options.seed` should not be the seed that produced the log: new ids come from it, and must not
 * repeat the log's.
 */
export function rebuildState(options: SimulationOptions, messages: readonly Message[]): SimulationState {
  const fresh = new Simulation({ ...options, log: new MemoryEventLog() }).exportState();
  const hasher = new LogHasher();
  for (const m of messages) hasher.update(m);
  const head = messages.length;
  const now = messages.at(-1)?.time ?? 0;
  // Today's code reads the log through every declared upcaster (the log keeps what was written).
  const read = (m: Message) => upcast(options.catalog, m);

  const services: Record<string, ServiceState> = {};
  for (const definition of options.services) {
    const saved = fresh.services[definition.name] as ServiceState;
    let version = 0; // events folded, as the live runtime counts them
    const counted = {
      ...definition,
      evolve: (state: unknown, e: Message) => {
        version++;
        return definition.evolve(state, e);
      },
    };
    services[definition.name] = { ...saved, state: foldService(counted, messages, read), version };
  }
  const projections: Record<string, SimulationState['projections'][string]> = {};
  for (const definition of options.projections ?? []) {
    const runtime = new ProjectionRuntime(definition, options.projectionLag ?? 0, read);
    for (const m of messages) runtime.apply(m);
    projections[definition.name] = runtime.exportState();
  }
  const subscriptions = Object.fromEntries(
    Object.entries(fresh.broker.subscriptions).map(([name, sub]) => [name, { ...sub, cursor: head }]),
  );
  return {
    ...fresh,
    head,
    logHash: hasher.state,
    scheduler: { ...fresh.scheduler, now, tasks: [] },
    broker: { ...fresh.broker, routedHead: head, subscriptions },
    services,
    projections,
    projectionWakes: {},
  };
}

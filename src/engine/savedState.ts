import type { Broker } from './broker';
import { Connector } from './cdc';
import type { Scheduler } from './clock';
import type { EffectGateway } from './effects';
import { ConfigurationError, UnknownNameError } from './errors';
import type { GrownParts } from './grownParts';
import type { Message } from './message';
import type { IdGenerator, Random, RandomState } from './random';
import type { ReadModels } from './readModels';
import type { ServiceRuntime } from './serviceRuntime';
import {
  type ServiceState,
  SIMULATION_STATE_FORMAT,
  type SimulationState,
  type Task,
} from './simulationTypes';
import type { Upcasting } from './upcasting';

/** The parts of a simulation its saved state is made of (see `Simulation.exportState`). */
export interface StateParts {
  readonly seed: string;
  readonly scheduler: Scheduler<Task>;
  readonly ids: IdGenerator;
  readonly brokerRandom: Random;
  readonly broker: Broker;
  readonly services: ReadonlyMap<string, ServiceRuntime>;
  readonly readModels: ReadModels;
  readonly effects: EffectGateway;
  readonly grown: GrownParts;
  readonly upcasting: Upcasting;
  /** CDC connectors by the service they tail; replaced whole on import. */
  readonly connectors: Map<string, Connector>;
}

/**
 * Everything a simulation holds besides the log, as plain data: the clock and its pending tasks,
 * queues, cursors, dead letters, service and read-model states, random streams. Cheap: states
 * are shared, not copied (a `Table` in them costs O(1); see table.ts).
 */
export function exportSimulationState(
  p: StateParts,
  head: number,
  logHash: SimulationState['logHash'],
): SimulationState {
  const services: Record<string, ServiceState> = {};
  const random: Record<string, RandomState> = {};
  for (const [name, s] of p.services) {
    // An id can only come back while a delivery of it is still queued; older ids need no memory.
    services[name] = s.exportState(new Set(p.broker.deliveries(name).map((d) => d.message.id)));
    random[name] = s.random.state;
  }
  const readModels = p.readModels.exportState();
  const off = p.upcasting.exportState();
  return {
    format: SIMULATION_STATE_FORMAT,
    seed: p.seed,
    head,
    logHash,
    scheduler: p.scheduler.exportState(),
    random: { ids: p.ids.state, broker: p.brokerRandom.state, services: random },
    broker: p.broker.exportState(),
    services,
    projections: readModels.projections,
    projectionWakes: readModels.wakes,
    effects: p.effects.exportState(),
    ...p.grown.exportState(p.readModels.replaying),
    // Only when an upcaster is off or a connector runs (so other runs save exactly as before).
    ...(off.length > 0 ? { upcastersOff: off } : {}),
    ...(p.connectors.size > 0
      ? { connectors: Object.fromEntries([...p.connectors].map(([n, c]) => [n, c.exportRows()])) }
      : {}),
  };
}

/**
 * Restores the parts from `state` (the grown parts must exist already: their runtimes are created
 * by the simulation). `messageAt` finds a saved position's message in the log.
 */
export function importSimulationParts(
  p: StateParts,
  state: SimulationState,
  messageAt: (position: number) => Message,
): void {
  p.scheduler.importState(state.scheduler);
  p.ids.restore(state.random.ids);
  p.brokerRandom.restore(state.random.broker);
  p.broker.importState(state.broker, messageAt);
  for (const [name, s] of p.services) {
    const saved = state.services[name];
    const random = state.random.services[name];
    if (!saved || !random) throw new ConfigurationError(`The saved run has no service "${name}".`);
    s.importState(saved);
    s.random.restore(random);
  }
  p.readModels.importState(state.projections, state.projectionWakes, messageAt);
  p.readModels.replaying = state.grown?.replaying ?? [];
  p.effects.importState(state.effects);
  p.upcasting.importState(state.upcastersOff ?? []);
  p.connectors.clear();
  for (const [name, rows] of Object.entries(state.connectors ?? {})) {
    const service = p.services.get(name);
    if (!service) throw new UnknownNameError('service', name, [...p.services.keys()]);
    p.connectors.set(name, new Connector(service.definition, rows));
  }
}

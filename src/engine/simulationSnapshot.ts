import type { Broker } from './broker';
import type { GrownParts } from './grownParts';
import type { ReadModels } from './readModels';
import type { ServiceRuntime } from './serviceRuntime';
import type { ServiceView, SimulationSnapshot } from './simulationTypes';
import type { Upcasting } from './upcasting';

/** What a simulation's snapshot is made of (its parts, read only). */
export interface SnapshotParts {
  readonly now: number;
  readonly head: number;
  readonly services: Iterable<ServiceRuntime>;
  readonly broker: Broker;
  readonly readModels: ReadModels;
  readonly grown: GrownParts;
  /** Services whose table a CDC connector tails. */
  readonly connectors: { has(name: string): boolean };
  readonly pendingTasks: number;
  readonly upcasting: Upcasting;
}

/** Plain data for the UI, from the simulation's parts: everything shown on screen comes from here. */
export function snapshotOf(p: SnapshotParts): SimulationSnapshot {
  const services = [...p.services].map(
    (s): ServiceView => ({
      ...p.broker.describe(s.definition.name),
      idempotent: s.idempotent,
      outbox: s.outbox,
      tableBacked: s.tableBacked,
      connector: p.connectors.has(s.definition.name),
      handled: s.handled,
      duplicatesSuppressed: s.duplicatesSuppressed,
      versionCheck: s.versionCheck,
      conflicts: s.conflicts,
      state: s.state,
      version: s.version,
    }),
  );
  const subscribers = p.grown.subscribers.map((spec) => {
    const view = p.broker.describe(spec.name);
    const unread = view.catchingUp ? Math.max(0, p.head - view.cursor) : 0;
    return { spec, behind: unread + view.inbox + view.inFlight };
  });
  const replaying = p.readModels.replaying;
  return {
    now: p.now,
    head: p.head,
    services,
    projections: p.readModels.views(p.head),
    subscribers,
    grownProjections: p.grown.projections.map((spec) => ({ spec, replaying: replaying.includes(spec.name) })),
    deadLetters: [...p.broker.deadLetters(), ...p.readModels.deadLetters()],
    pendingTasks: p.pendingTasks,
    upcasters: p.upcasting.views(),
    brokerFlavour: p.broker.flavour,
  };
}

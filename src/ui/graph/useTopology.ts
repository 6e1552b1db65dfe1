import { useMemo } from 'react';
import { type Topology, topologyOf } from '../../app/topology';
import { usePlayground, useRunSnapshot } from '../PlaygroundContext';

/**
 * The graph's topology for the shown moment: the scenario's, plus the subscribers and read models
 * added while running. A new object only when that list changes (the snapshot changes every frame).
 */
export function useTopology(): Topology {
  const { topology, scenario } = usePlayground();
  const { sim } = useRunSnapshot();
  const key = [
    ...sim.subscribers.map((s) => `s:${s.spec.name}`),
    ...sim.grownProjections.map((p) => `p:${p.spec.name}`),
  ].join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names exactly what the topology depends on
  return useMemo(
    () =>
      key === ''
        ? topology
        : topologyOf(scenario, {
            subscribers: sim.subscribers.map((s) => s.spec),
            projections: sim.grownProjections.map((p) => p.spec),
          }),
    [key, topology, scenario],
  );
}

import { UnknownNameError } from './errors';
import type { ProjectionSpec, SubscriberSpec } from './growth';
import type { GrownState } from './simulationTypes';

/**
 * The parts added to a running simulation (growth.ts), as specs: what runs now, and the names
 * removed since, which are never reused in the run (tasks still scheduled for a removed part must
 * not reach a new one of the same name).
 */
export class GrownParts {
  readonly subscribers: SubscriberSpec[] = [];
  readonly projections: ProjectionSpec[] = [];
  readonly retired: string[] = [];

  /** Takes an added part out (its name retired); throws naming those there are. */
  remove(kind: 'subscriber' | 'projection', name: string): void {
    const list: { readonly name: string }[] = kind === 'subscriber' ? this.subscribers : this.projections;
    const index = list.findIndex((s) => s.name === name);
    if (index < 0) {
      throw new UnknownNameError(
        kind === 'subscriber' ? 'added subscriber' : 'added read model',
        name,
        list.map((s) => s.name),
      );
    }
    list.splice(index, 1);
    this.retired.push(name);
  }

  /** Saved only when there ever were any (so other runs save exactly as before). */
  exportState(replaying: readonly string[]): { grown?: GrownState } {
    if (this.subscribers.length + this.projections.length + this.retired.length === 0) return {};
    return {
      grown: {
        subscribers: [...this.subscribers],
        projections: [...this.projections],
        retired: [...this.retired],
        replaying,
      },
    };
  }
}

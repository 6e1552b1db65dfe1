import type { Message } from '../engine/message';
import type { Dispatch } from '../engine/simulation';
import type { Scenario } from '../scenarios/scenario';

/**
 * The command that undoes an event ("Reverse this event", issue 6): the scenario knows its own
 * compensations (`Scenario.reverse`). Null when the event has none, or the scenario none at all.
 */
export function reversalOf(scenario: Pick<Scenario, 'reverse'>, message: Message): Dispatch | null {
  return scenario.reverse?.(message) ?? null;
}

/** Whether a message can be reversed (for the inspector's button). */
export function canReverse(scenario: Pick<Scenario, 'reverse'>, message: Message): boolean {
  return reversalOf(scenario, message) !== null;
}

import { choreographyVsOrchestration, eventsVsCommands, fanOut } from './coordinationTours';
import { compensation, deadLetters, idempotency, killAndRecover, outbox } from './failureTours';
import { eventualConsistency, skipAndReplay, timeTravel } from './timeTours';
import type { Tour } from './types';

/**
 * Every guided tour, in the order the Tours menu lists them (issue 7, item 4). Still to come, once
 * the app can show them: upcasting, optimistic concurrency (the bank-transfer scenario: a preset
 * with `scenario: 'bank-transfer'`), catching up a new subscriber. See CONTEXT.md.
 */
export const tours: readonly Tour[] = [
  eventsVsCommands,
  fanOut,
  choreographyVsOrchestration,
  compensation,
  killAndRecover,
  eventualConsistency,
  idempotency,
  deadLetters,
  outbox,
  timeTravel,
  skipAndReplay,
];

export function tourById(id: string | null): Tour | undefined {
  return id === null ? undefined : tours.find((t) => t.id === id);
}

export type { CheckResult, Measure, Tour, TourStep, TourView } from './types';
export { actionsFor, describeMeasure } from './types';

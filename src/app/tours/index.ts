import { changeDataCapture } from './cdcTours';
import { optimisticConcurrency } from './concurrencyTours';
import { choreographyVsOrchestration, eventsVsCommands, fanOut } from './coordinationTours';
import { compensation, deadLetters, idempotency, killAndRecover, outbox } from './failureTours';
import { logVsQueue, sqsVisibility } from './flavourTours';
import { catchingUp } from './growthTours';
import { upcasting } from './schemaTours';
import { readModelStores, schemasAtTheProducer, streamWindows } from './streamTours';
import { eventualConsistency, skipAndReplay, timeTravel } from './timeTours';
import type { Tour } from './types';

/**
 * Every guided tour, in the order the Tours menu lists them (issue 7, item 4). See CONTEXT.md.
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
  upcasting,
  optimisticConcurrency,
  catchingUp,
  readModelStores,
  streamWindows,
  schemasAtTheProducer,
  logVsQueue,
  sqsVisibility,
  changeDataCapture,
];

export function tourById(id: string | null): Tour | undefined {
  return id === null ? undefined : tours.find((t) => t.id === id);
}

export type { CheckResult, Measure, Tour, TourStep, TourView } from './types';
export { actionsFor, describeMeasure } from './types';

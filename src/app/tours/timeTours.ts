import { entryOf } from '../../engine/table';
import { finished, measure, placeOrders, result, sagaOf, sagas } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on time: read models that lag, the past rebuilt from the log, and a history without one event. */

/** What the orders read model says about each order now, beside what the log says. */
function readModelVsLog(view: TourView) {
  const model = view.snapshot.sim.projections.find((p) => p.name === 'orders');
  const compared = sagas(view).map((s) => ({
    id: s.id,
    log: s.status,
    model: (entryOf(model?.state, s.id) as { readonly status?: string } | undefined)?.status ?? 'nothing yet',
  }));
  return { behind: model?.behind ?? 0, compared, stale: compared.filter((c) => c.log !== c.model) };
}

export const eventualConsistency: Tour = {
  id: 'eventual-consistency',
  title: 'Eventual consistency',
  summary: 'A read model is a fold of the log that lags behind it: stale for a while, then right.',
  preset: { seed: 'tour-lag', mode: 'choreography', decline: 0, lag: 4000, speed: 2 },
  steps: [
    {
      title: 'The read model is behind',
      text:
        'In this run the read models fold each message 4 s (virtual) after it is logged. "Do it" places an ' +
        'order. When the Sagas panel says Confirmed, the orders read model still says Running (or has no ' +
        'row yet) and "behind". Press "Query now" on it to see its answer beside the log\u2019s.',
      doIt: placeOrders(1),
      check: (view) => {
        const { behind, stale } = readModelVsLog(view);
        // The lesson is a finished order the read model does not know about yet.
        const first = stale.find((c) => c.log === 'Confirmed' || c.log === 'Cancelled');
        return result(
          behind > 0 && first !== undefined,
          measure(
            first ? `${first.id} in the orders read model` : 'a finished order in the orders read model',
            first ? `${first.log}, as in the log` : 'what the log says',
            first?.model ?? 'the same, so far',
          ),
          measure('messages the read model is behind', 0, behind),
        );
      },
    },
    {
      title: '… and then it catches up',
      text:
        'Wait: once the order is finished and the lag has passed, the read model has folded everything. It ' +
        'agrees with the log again, as DESIGN.md promises: a caught-up read model equals a fresh fold.',
      check: (view) => {
        const { behind, compared, stale } = readModelVsLog(view);
        const last = compared.at(-1);
        return result(
          compared.length > 0 &&
            compared.every((c) => c.log === 'Confirmed' || c.log === 'Cancelled') &&
            behind === 0 &&
            stale.length === 0,
          measure('messages the read model is behind', 0, behind),
          measure(
            last ? `${last.id}: read model vs log` : 'read model vs log',
            'the same',
            last ? `${last.model} vs ${last.log}` : '–',
          ),
        );
      },
    },
  ],
};

export const timeTravel: Tour = {
  id: 'time-travel',
  title: 'Time travel',
  summary: 'Any earlier moment can be rebuilt from the log: the whole system as it was then.',
  preset: { seed: 'tour-time-travel', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Make some history',
      text: '"Do it" places an order. Wait until it is Confirmed.',
      doIt: placeOrders(1),
      check: (view) => {
        const saga = sagas(view).at(-1);
        return result(
          finished(saga),
          measure(`${saga?.id ?? 'the order'} is`, 'finished', saga?.status ?? 'not placed'),
        );
      },
    },
    {
      title: 'Go back',
      text:
        'Drag the Timeline slider back to a moment before the order was confirmed (or click on the page and ' +
        'press ←). The graph, the panels and the read models now show the system as it was then, rebuilt ' +
        'from the log; the live run waits, untouched.',
      check: (view) => {
        const unfinished = sagas(view).find((s) => !finished(s));
        const past = view.mode === 'scrubbing' && view.snapshot.sim.head < view.liveHead;
        return result(
          past && unfinished !== undefined,
          measure(
            'shown',
            'a moment in the past',
            past ? `#${view.snapshot.sim.head} of ${view.liveHead}` : 'live',
          ),
          measure(
            unfinished ? `${unfinished.id} as shown` : 'an order as shown',
            'not yet finished',
            unfinished?.status ?? (sagas(view).at(-1)?.status || 'not placed'),
          ),
        );
      },
    },
    {
      title: 'Back to now',
      text: 'Press "Go live" (or Space). The run carries on from where it was; nothing was lost while you looked.',
      check: (view) => {
        const live = view.mode !== 'scrubbing';
        return result(live, measure('shown', 'live', live ? 'live' : `#${view.snapshot.sim.head}`));
      },
    },
  ],
};

export const skipAndReplay: Tour = {
  id: 'skip-and-replay',
  title: 'Skip and replay',
  summary: 'What if that event had never happened? Replay the run without it, on a branch, and compare.',
  preset: { seed: 'tour-replay', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Make some history',
      text: '"Do it" places an order. Wait until it is Confirmed.',
      doIt: placeOrders(1),
      check: (view) => {
        const saga = sagaOf(view, 'order-1');
        return result(finished(saga), measure('order-1 is', 'finished', saga?.status ?? 'not placed'));
      },
    },
    {
      title: 'Replay without PaymentCompleted',
      text:
        'In the Event log, pick the PaymentCompleted message. In the Message inspector, press "Replay without ' +
        'this event". A new branch re-runs the run from just before it, as if Payment had never published it, ' +
        'and re-applies everything you did afterwards.',
      check: (view) => {
        const onBranch = view.branch.current !== 'main' && view.branch.skipped.length > 0;
        const saga = sagaOf(view, 'order-1');
        return result(
          onBranch,
          measure('branch shown', 'a replay branch', view.branch.current),
          measure('messages left out', 1, view.branch.skipped.length),
          measure('order-1 on it', 'Running (nobody heard of the payment)', saga?.status ?? '–'),
        );
      },
    },
    {
      title: 'Compare the two histories',
      text:
        'The Branch diff opens by itself: where the two logs part, and how each order ends on each side. ' +
        'Main is unchanged; switch back to it with the Branch menu whenever you like.',
      check: (view) => {
        const diff = view.branch.diff;
        const differ = diff?.orders.length ?? 0;
        return result(
          view.branch.skipped.length > 0 && differ >= 1,
          measure('orders that end differently', '1 or more', differ),
          measure('logs part at', 'a position', diff?.partsAt === null || !diff ? '–' : `#${diff.partsAt}`),
        );
      },
    },
  ],
};

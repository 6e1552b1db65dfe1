import type { SubscriberSpec, SubscriberState } from '../../engine/growth';
import { finishedOrders, measure, placeOrders, result } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on evolvability: the system grows while it runs, and producers never change. */

const auditor: SubscriberSpec = {
  name: 'Auditor',
  types: ['OrderPlaced', 'OrderConfirmed'],
  behaviour: { kind: 'count' },
  startFrom: 'beginning',
  // Slow enough to watch its backlog of history drain.
  processingTime: 300,
};

/** The newest subscriber added from the beginning (the tour's, or one the person dragged in). */
function newcomer(view: TourView) {
  const grown = view.snapshot.sim.subscribers.filter((s) => s.spec.startFrom === 'beginning').at(-1);
  if (!grown) return undefined;
  const state = view.snapshot.sim.services.find((s) => s.name === grown.spec.name)?.state as
    | SubscriberState
    | undefined;
  // Everything of its types in the log, history included: what it must have heard once caught up.
  const owed = view.log.filter((m) => grown.spec.types.includes(m.type)).length;
  return { name: grown.spec.name, behind: grown.behind, heard: state?.heard ?? 0, owed };
}

export const catchingUp: Tour = {
  id: 'catching-up',
  title: 'Catching up a new subscriber',
  summary: 'Add a consumer to a running system without touching a producer; it catches up from history.',
  preset: { seed: 'tour-catching-up', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Make some history',
      text:
        '"Do it" places three orders. Watch them reach Confirmed: every event they caused stays in the ' +
        'log (the Event log panel), which is what a newcomer will read.',
      doIt: placeOrders(3),
      check: (view) => {
        const { done, placed } = finishedOrders(view);
        return result(placed >= 3 && done === placed, measure('orders finished', 3, done));
      },
    },
    {
      title: 'Add a subscriber from the beginning',
      text:
        'Drag "Subscriber" from the palette onto the canvas and choose "From the beginning" — or "Do it" ' +
        'adds "Auditor", which counts OrderPlaced and OrderConfirmed, 300 ms a message. It appears on the ' +
        'graph with how many messages it is behind. No producer was changed: Order does not know it exists.',
      doIt: [{ type: 'subscriber.added', spec: auditor }],
      check: (view) => {
        const added = newcomer(view);
        return result(
          added !== undefined,
          measure('subscriber added from the beginning', 'one', added?.name ?? 'none yet'),
          measure('messages it is behind', null, added?.behind ?? '–'),
        );
      },
    },
    {
      title: 'Watch it catch up',
      text:
        'It reads the log from position 1, at its own pace, while the system carries on. Its "N behind" on ' +
        'the graph falls to 0 ("caught up"): it has heard all the history of its types, then every new event.',
      check: (view) => {
        const added = newcomer(view);
        return result(
          added !== undefined && added.behind === 0 && added.owed > 0 && added.heard >= added.owed,
          measure('behind', 0, added?.behind ?? '–'),
          measure('heard from the log', added?.owed ?? '–', added?.heard ?? 0),
        );
      },
    },
  ],
};

import { finishedOrders, measure, placeOrders, result } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on how events outlive the code that wrote them: schema evolution (issue 6, item 6). */

const TYPE = 'OrderPlaced';

/** `OrderPlaced` messages in the log written in v1 (the old Order service's schema). */
function writtenV1(view: TourView): number {
  return view.log.filter((m) => m.type === TYPE && m.schemaVersion === 1).length;
}

function upcasterOn(view: TourView): boolean {
  return view.snapshot.sim.upcasters.find((u) => u.type === TYPE && u.from === 1)?.on ?? false;
}

/** Dead letters that are there because a message's schema could not be read. */
function schemaLetters(view: TourView): number {
  return view.snapshot.sim.deadLetters.filter((d) => d.errorCode === 'SCHEMA_VERSION').length;
}

function dashboard(view: TourView) {
  return view.snapshot.sim.projections.find((p) => p.name === 'orders');
}

export const upcasting: Tour = {
  id: 'upcasting',
  title: 'Upcasting',
  summary: 'Old events stay as written; an upcaster lifts them to the schema today’s code reads.',
  preset: { seed: 'tour-upcasting', mode: 'choreography', decline: 0, schema: 'v1', speed: 2 },
  steps: [
    {
      title: 'Old events, read as new',
      text:
        'This run starts with the old Order service, which writes OrderPlaced v1 (the order flat: qty and ' +
        'a unit price); everything else reads v2 (the whole ticket, with its total). "Do it" places an order. ' +
        'The Event log marks it v1, and it stays v1 there: the Upcaster in the Inspector lifts it to v2 each ' +
        'time it is read, so Inventory, Payment and the orders read model never notice.',
      doIt: placeOrders(1),
      check: (view) => {
        const old = writtenV1(view);
        const { done, placed } = finishedOrders(view);
        return result(
          old >= 1 && placed >= 1 && done === placed,
          measure('OrderPlaced v1 in the log', '1 or more', old),
          measure('orders finished', placed, done),
        );
      },
    },
    {
      title: 'Without the upcaster',
      text:
        '"Do it" switches the upcaster off and places another order, still written in v1. Every reader now ' +
        'gets data it cannot read: Inventory fails, the broker retries, then parks the message in Dead letters ' +
        'with the reason. The orders read model cannot skip an event and stay right, so it stops at it: ' +
        'Read models shows it falling behind.',
      doIt: [{ type: 'upcaster.switched', messageType: TYPE, from: 1, on: false }, ...placeOrders(1)],
      check: (view) => {
        const letters = schemaLetters(view);
        const stuck = dashboard(view)?.failure;
        return result(
          !upcasterOn(view) && letters >= 1 && stuck !== undefined,
          measure('dead letters', '0 when all is well', letters),
          measure('orders read model', 'caught up', stuck ? `stopped at #${stuck.position}` : 'reading'),
        );
      },
    },
    {
      title: 'Upcaster back on, replay the dead letters',
      text:
        '"Do it" switches the upcaster on and presses "Replay dead letters". Each parked message goes back to ' +
        'its consumer, the read model tries its message again and catches up, and the order finishes. Nothing ' +
        'in the log was rewritten: the fix was in how it is read.',
      doIt: [
        { type: 'upcaster.switched', messageType: TYPE, from: 1, on: true },
        { type: 'deadLetters.replayed' },
      ],
      check: (view) => {
        const letters = view.snapshot.sim.deadLetters.length;
        const behind = view.snapshot.sim.projections.reduce((n, p) => n + p.behind, 0);
        const { done, placed } = finishedOrders(view);
        return result(
          upcasterOn(view) && writtenV1(view) >= 2 && letters === 0 && behind === 0 && done === placed,
          measure('dead letters', 0, letters),
          measure('read models behind', 0, behind),
          measure('orders finished', placed, done),
        );
      },
    },
  ],
};

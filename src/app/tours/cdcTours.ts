import type { RowChange } from '../../engine/cdc';
import type { SubscriberSpec, SubscriberState } from '../../engine/growth';
import { measure, result, sagaOf } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Change data capture vs the outbox (issue 9, item 3). */

const changeFeed: SubscriberSpec = {
  name: 'ChangeFeed',
  types: ['RowChanged'],
  behaviour: { kind: 'count' },
  startFrom: 'beginning',
};

const published = (view: TourView, type: string, subject: string) =>
  view.log.filter((m) => m.type === type && m.subject === subject).length;

const rowChanges = (view: TourView, key: string): RowChange[] =>
  view.log.filter((m) => m.type === 'RowChanged' && m.subject === key).map((m) => m.data as RowChange);

export const changeDataCapture: Tour = {
  id: 'change-data-capture',
  title: 'Change data capture vs the outbox',
  summary: 'A legacy service that only writes rows joins the event flow through a Debezium-like connector.',
  preset: { seed: 'tour-cdc', mode: 'choreography', decline: 0, speed: 4 },
  steps: [
    {
      title: 'A legacy service',
      text:
        '"Do it" makes Order table-backed — a legacy service that keeps its orders in its own table and ' +
        'publishes nothing (see its Inspector) — and places an order. Order writes the row; no ' +
        'OrderPlaced is published, so Inventory and Payment never hear of it: the saga does not start.',
      doIt: [{ type: 'tableBacked.switched', name: 'Order', on: true }, { type: 'order.placed' }],
      check: (view) => {
        const wrote = view.log.some((m) => m.type === '$StateCommitted' && m.source === 'Order');
        return result(
          wrote && published(view, 'OrderPlaced', 'order-1') === 0,
          measure('rows written by Order', '≥ 1', wrote ? 'yes' : 'none yet'),
          measure('OrderPlaced published for order-1', 1, published(view, 'OrderPlaced', 'order-1')),
        );
      },
    },
    {
      title: 'A connector on its table',
      text:
        '"Do it" attaches a CDC connector to Order’s table (Debezium-like) and adds "ChangeFeed", a ' +
        'subscriber of RowChanged from the beginning. The connector first reads every row already there ' +
        '(its snapshot, op "r"), then captures each change as it is written — nothing in Order changed.',
      doIt: [
        { type: 'connector.switched', name: 'Order', on: true },
        { type: 'subscriber.added', spec: changeFeed },
      ],
      check: (view) => {
        const snapshot = rowChanges(view, 'order-1').filter((c) => c.op === 'r');
        const state = view.snapshot.sim.services.find((s) => s.name === 'ChangeFeed')?.state as
          | SubscriberState
          | undefined;
        return result(
          snapshot.length === 1 && (state?.heard ?? 0) >= 1,
          measure('snapshot rows for order-1', 1, snapshot.length),
          measure('RowChanged heard by ChangeFeed', '≥ 1', state?.heard ?? 0),
        );
      },
    },
    {
      title: 'Rows, not decisions',
      text:
        '"Do it" places another order. The connector publishes a RowChanged for order-2 with the row ' +
        'before (none: op "c", created) and after. It is a fact about a table, not the domain event ' +
        'Inventory listens for: order-2 still does not start its saga.',
      doIt: [{ type: 'order.placed' }],
      check: (view) => {
        const created = rowChanges(view, 'order-2').filter((c) => c.op === 'c' && c.before === null);
        return result(
          created.length === 1 && published(view, 'OrderPlaced', 'order-2') === 0,
          measure('RowChanged (created) for order-2', 1, created.length),
          measure('OrderPlaced published for order-2', 1, published(view, 'OrderPlaced', 'order-2')),
        );
      },
    },
    {
      title: 'The outbox instead',
      text:
        '"Do it" switches Order back: its state change and its own domain events commit together (the ' +
        'outbox), and places order-3. OrderPlaced goes out, and the saga runs to Confirmed. CDC lets a ' +
        'service that was never written to publish join the flow; the outbox publishes what it decided.',
      doIt: [{ type: 'tableBacked.switched', name: 'Order', on: false }, { type: 'order.placed' }],
      check: (view) => {
        const status = sagaOf(view, 'order-3')?.status ?? 'not started';
        return result(
          status === 'Confirmed',
          measure('OrderPlaced published for order-3', 1, published(view, 'OrderPlaced', 'order-3')),
          measure('order-3', 'Confirmed', status),
        );
      },
    },
  ],
};

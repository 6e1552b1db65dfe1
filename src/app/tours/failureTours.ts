import type { UserAction } from '../actions';
import {
  finished,
  finishedOrders,
  measure,
  orders,
  placeOrders,
  result,
  sagas,
  service,
} from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on what goes wrong and how the system copes: undo, crashes, duplicates, poison, lost publishes. */

/** The newest cancelled-or-compensating order in `style`. */
function newestUndone(view: TourView, style: string) {
  return sagas(view)
    .filter((s) => s.style === style && (s.status === 'Compensating' || s.status === 'Cancelled'))
    .at(-1);
}

function undoneCheck(view: TourView, style: string) {
  const saga = newestUndone(view, style);
  const facts = saga ? orders(view).get(saga.id) : undefined;
  return result(
    saga?.status === 'Cancelled' && facts?.reservedUnits === 0 && facts.netCharged === 0,
    measure(`${saga?.id ?? 'the declined order'} is`, 'Cancelled', saga?.status ?? 'not yet'),
    measure('units still reserved for it', 0, facts?.reservedUnits ?? '–'),
    measure('net charge', 0, facts?.netCharged ?? '–'),
  );
}

export const compensation: Tour = {
  id: 'compensation',
  title: 'Compensation',
  summary: 'No distributed transaction: a saga undoes the steps already done when a later one fails.',
  preset: { seed: 'tour-compensation', mode: 'orchestration', decline: 0, speed: 2 },
  steps: [
    {
      title: 'A step fails after others succeeded',
      text:
        '"Do it" places an order whose payment will be declined. Inventory has already reserved the stock by ' +
        'then, and nothing can roll that back. Watch the order in the Sagas panel turn Compensating.',
      doIt: placeOrders(1, { fail: 'decline' }),
      check: (view) => {
        const saga = newestUndone(view, 'orchestration');
        return result(
          saga !== undefined,
          measure('the declined order is', 'Compensating or Cancelled', saga?.status ?? 'not yet'),
        );
      },
    },
    {
      title: 'Every earlier step is undone',
      text:
        'The Orchestrator sends ReleaseInventory (the compensation) and then cancels the order. In the ' +
        'Sagas panel the undo step names the step it undoes. The books must balance: nothing held, nothing ' +
        'charged.',
      check: (view) => undoneCheck(view, 'orchestration'),
    },
    {
      title: 'The same without a coordinator',
      text:
        '"Do it" switches to Choreography and declines another payment. No one runs the undo: Inventory ' +
        'hears PaymentDeclined and releases the stock by itself, Order cancels.',
      doIt: [{ type: 'style.changed', style: 'choreography' }, ...placeOrders(1, { fail: 'decline' })],
      check: (view) => undoneCheck(view, 'choreography'),
    },
  ],
};

export const killAndRecover: Tour = {
  id: 'kill-and-recover',
  title: 'Kill and recover',
  summary: 'A dead service loses nothing: its messages wait in a durable queue and drain when it is back.',
  preset: { seed: 'tour-kill', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Kill Payment',
      text: '"Do it" kills the Payment service (the same as its "Kill Payment" button on the graph).',
      doIt: [{ type: 'service.killed', name: 'Payment' }],
      check: (view) => {
        const payment = service(view, 'Payment');
        return result(payment?.up === false, measure('Payment is', 'down', payment?.up ? 'up' : 'down'));
      },
    },
    {
      title: 'Orders keep coming',
      text:
        '"Do it" places three orders. They get as far as Payment, and wait: InventoryReserved piles up in ' +
        'Payment\u2019s inbox on the graph. Nothing is lost and nobody fails; the orders just stay Running.',
      doIt: placeOrders(3),
      check: (view) => {
        const payment = service(view, 'Payment');
        return result(
          payment?.up === false && payment.inbox >= 1,
          measure('Payment is', 'down', payment?.up ? 'up' : 'down'),
          measure('Payment inbox', '1 or more', payment?.inbox ?? 0),
        );
      },
    },
    {
      title: 'Revive it and watch it drain',
      text:
        '"Do it" revives Payment. It works through its inbox in order, and every waiting order carries on to ' +
        'Confirmed.',
      doIt: [{ type: 'service.revived', name: 'Payment' }],
      check: (view) => {
        const payment = service(view, 'Payment');
        const { done, placed } = finishedOrders(view);
        return result(
          payment?.up === true && payment.inbox === 0 && placed > 0 && done === placed,
          measure('Payment inbox', 0, payment?.inbox ?? 0),
          measure('orders finished', placed, done),
        );
      },
    },
  ],
};

/** Orders charged more than once. */
function chargedTwice(view: TourView, among?: readonly string[]): number {
  const all = [...orders(view).values()].filter((o) => !among || among.includes(o.order.orderId));
  return all.filter((o) => o.charges.length > 1).length;
}

const everyService = ['Order', 'Inventory', 'Payment', 'Shipping', 'Notification', 'Orchestrator'];

export const idempotency: Tour = {
  id: 'idempotency',
  title: 'Idempotency and duplicates',
  summary: 'At-least-once delivery means duplicates; an idempotent consumer makes them harmless.',
  preset: {
    seed: 'tour-duplicates',
    mode: 'choreography',
    decline: 0,
    dup: 0.5,
    idempotency: false,
    speed: 2,
  },
  steps: [
    {
      title: 'Duplicates with no guard',
      text:
        'This run\u2019s broker delivers half of all messages twice (purple dots), and the services\u2019 ' +
        'idempotent inboxes are off. "Do it" places three orders. Payment charges for every copy it gets.',
      doIt: placeOrders(3),
      check: (view) => {
        const twice = chargedTwice(view);
        return result(twice >= 1, measure('orders charged twice', 0, twice));
      },
    },
    {
      title: 'Turn the guard on',
      text:
        '"Do it" turns every service\u2019s idempotent inbox on and places three more orders. A duplicate is ' +
        'now recognised by its message id and dropped: each new order is charged exactly once.',
      doIt: [
        ...everyService.map((name): UserAction => ({ type: 'idempotency.switched', name, on: true })),
        ...placeOrders(3),
      ],
      check: (view) => {
        const guarded = view.snapshot.sim.services.every((s) => s.idempotent);
        const latest = [...orders(view).keys()].slice(-3);
        const done = latest.filter((id) => finished(sagas(view).find((s) => s.id === id))).length;
        const dropped = view.snapshot.sim.services.reduce((n, s) => n + s.duplicatesSuppressed, 0);
        const twice = chargedTwice(view, latest);
        return result(
          guarded && latest.length === 3 && done === 3 && twice === 0 && orders(view).size >= 6,
          measure('idempotent inboxes', 'on', guarded ? 'on' : 'off'),
          measure('of the 3 newest orders, charged twice', 0, twice),
          measure('duplicates dropped', '1 or more', dropped),
        );
      },
    },
  ],
};

export const deadLetters: Tour = {
  id: 'dead-letters',
  title: 'Dead letters',
  summary: 'A message that keeps failing is parked after a few retries, so it cannot block the rest.',
  preset: { seed: 'tour-dead-letters', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'A handler that always crashes',
      text:
        '"Do it" makes Shipping crash on every message and places an order. The broker retries with ' +
        'backoff, then gives up on that message and moves it to the Dead letters panel.',
      doIt: [{ type: 'service.tuned', name: 'Shipping', failureRate: 1 }, ...placeOrders(1)],
      check: (view) => {
        const parked = view.snapshot.sim.deadLetters.length;
        return result(parked >= 1, measure('dead letters', '0 when all is well', parked));
      },
    },
    {
      title: 'Fix it, then retry',
      text:
        '"Do it" fixes Shipping and retries every dead letter (the Retry button in the panel). The message ' +
        'goes back to its queue, Shipping handles it, and the order completes.',
      doIt: (view) => [
        { type: 'service.tuned', name: 'Shipping', failureRate: 0 },
        ...view.snapshot.sim.deadLetters.map(
          (d): UserAction => ({
            type: 'deadLetter.retried',
            subscription: d.subscription,
            position: d.message.position,
          }),
        ),
      ],
      check: (view) => {
        const parked = view.snapshot.sim.deadLetters.length;
        const { done, placed } = finishedOrders(view);
        const shipping = service(view, 'Shipping');
        return result(
          parked === 0 && shipping?.failureRate === 0 && placed > 0 && done === placed,
          measure('dead letters', 0, parked),
          measure('orders finished', placed, done),
        );
      },
    },
  ],
};

/** Messages a service committed (outbox off) but never published. */
function lost(view: TourView): number {
  return [...orders(view).values()].reduce((n, o) => n + o.lost.length, 0);
}

export const outbox: Tour = {
  id: 'outbox',
  title: 'Outbox',
  summary: 'Without an outbox, a crash between saving and publishing loses the message for good.',
  preset: { seed: 'tour-outbox', mode: 'choreography', decline: 0, outbox: false, speed: 2 },
  steps: [
    {
      title: 'Commit, crash, never publish',
      text:
        'This run has the outbox off: a service saves its change, then publishes, as two steps. "Do it" makes ' +
        'Payment crash half the time and places three orders. A crash between the two steps keeps the charge ' +
        'and loses PaymentCompleted.',
      doIt: [{ type: 'service.tuned', name: 'Payment', failureRate: 0.5 }, ...placeOrders(3)],
      check: (view) => {
        const missing = lost(view);
        return result(missing >= 1, measure('messages saved but never published', 0, missing));
      },
    },
    {
      title: 'Charged, and stuck for ever',
      text:
        'Look at the Sagas panel: the customer was charged, but nobody heard of it, so the order is Running ' +
        'for ever and nothing will retry it. With the outbox on (the default) the change and the message are ' +
        'one atomic append: a crash loses neither, and the broker just delivers again.',
      check: (view) => {
        const stuck = [...orders(view).values()].filter(
          (o) => o.status === 'placed' && o.netCharged > 0 && o.lost.length > 0,
        ).length;
        const payment = service(view, 'Payment');
        return result(
          stuck >= 1 && payment?.inbox === 0,
          measure('orders charged but never confirmed', 0, stuck),
          measure('Payment inbox (nothing left to retry)', 0, payment?.inbox ?? 0),
        );
      },
    },
  ],
};

import type { SubscriberSpec, SubscriberState } from '../../engine/growth';
import { finishedOrders, measure, orders, placeOrders, result } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on broker flavours (issue 9): what a log, a queue and SQS each do with the same saga. */

const latecomer: SubscriberSpec = {
  name: 'Latecomer',
  types: ['OrderPlaced'],
  behaviour: { kind: 'count' },
  startFrom: 'now',
};

function heardBy(view: TourView, name: string): number | undefined {
  const state = view.snapshot.sim.services.find((s) => s.name === name)?.state as SubscriberState | undefined;
  return state?.heard;
}

export const logVsQueue: Tour = {
  id: 'log-vs-queue',
  title: 'A log keeps history, a queue does not',
  summary: 'On a RabbitMQ-like queue a message is gone once acked: a new subscriber cannot replay the past.',
  preset: { seed: 'tour-log-vs-queue', mode: 'choreography', decline: 0, speed: 4, broker: 'queue' },
  steps: [
    {
      title: 'History on a queue broker',
      text:
        'This run uses the queue flavour (see the legend: "Broker: queue"). "Do it" places three orders; ' +
        'each message goes to the queues bound to its type and, once acknowledged, is deleted there.',
      doIt: placeOrders(3),
      check: (view) => {
        const { done, placed } = finishedOrders(view);
        return result(placed >= 3 && done === placed, measure('orders finished', 3, done));
      },
    },
    {
      title: 'A newcomer starts now',
      text:
        'Drag a Subscriber onto the canvas and choose "From the beginning": the dialog refuses — a queue ' +
        'created now is bound now, and the messages acked before are gone. (On the default log broker, ' +
        'Kafka-like, it replays them.) "Do it" adds "Latecomer" from now, counting OrderPlaced.',
      doIt: [{ type: 'subscriber.added', spec: latecomer }],
      check: (view) =>
        result(
          heardBy(view, 'Latecomer') !== undefined,
          measure(
            'subscriber added from now',
            'Latecomer',
            view.snapshot.sim.subscribers.at(-1)?.spec.name ?? 'none yet',
          ),
        ),
    },
    {
      title: 'It hears only what comes after',
      text:
        '"Do it" places one more order. Latecomer hears that one OrderPlaced, and never the three before ' +
        'it: the queue did not keep them. The log, where they are, is the simulation’s own record.',
      doIt: placeOrders(1),
      check: (view) => {
        const placed = view.log.filter((m) => m.type === 'OrderPlaced').length;
        const heard = heardBy(view, 'Latecomer') ?? 0;
        return result(
          heard === 1 && placed >= 4,
          measure('OrderPlaced heard by Latecomer', 1, heard),
          measure('OrderPlaced in the whole history', null, placed),
        );
      },
    },
  ],
};

export const sqsVisibility: Tour = {
  id: 'sqs-visibility-timeout',
  title: 'SQS: the visibility timeout',
  summary: 'A consumer slower than the visibility timeout makes its message reappear for another consumer.',
  preset: { seed: 'tour-sqs', mode: 'choreography', decline: 0, speed: 2, broker: 'sqs' },
  steps: [
    {
      title: 'A slow Payment, twice',
      text:
        'This run uses the SNS/SQS flavour. "Do it" runs Payment as two instances and slows it to 1.5 s ' +
        'a message — longer than the queue’s visibility timeout (1 s) — then places an order.',
      doIt: [
        { type: 'service.scaled', name: 'Payment', instances: 2 },
        { type: 'service.tuned', name: 'Payment', processingTime: 1500 },
        { type: 'order.placed' },
      ],
      check: (view) => {
        const payment = view.snapshot.sim.services.find((s) => s.name === 'Payment');
        return result(
          (payment?.processingTime ?? 0) >= 1500 && (payment?.instances ?? 1) >= 2 && view.log.length > 0,
          measure('Payment instances', 2, payment?.instances ?? 1),
          measure('Payment processing time (ms)', 1500, payment?.processingTime ?? 0),
        );
      },
    },
    {
      title: 'Received again, charged once',
      text:
        'While the first instance works, the message’s visibility timeout runs out and it reappears: the ' +
        'other instance receives it too. Both handle it — but the idempotent consumer recognises the ' +
        'repeat, so the card is charged once. (Turn idempotency off in the Inspector to see it charged twice.)',
      check: (view) => {
        const payment = view.snapshot.sim.services.find((s) => s.name === 'Payment');
        const redelivered = payment?.visibilityTimeouts ?? 0;
        const twice = [...orders(view).values()].filter((o) => o.charges.length > 1).length;
        return result(
          redelivered > 0 && (payment?.duplicatesSuppressed ?? 0) > 0 && twice === 0,
          measure('messages received again after their visibility timeout', null, redelivered),
          measure('repeats ignored by the idempotent consumer', null, payment?.duplicatesSuppressed ?? 0),
          measure('orders charged twice', 0, twice),
        );
      },
    },
  ],
};

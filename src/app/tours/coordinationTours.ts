import {
  commandsBetweenServices,
  finished,
  measure,
  messagesOf,
  placeOrders,
  result,
  sagas,
} from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on how services talk and coordinate: events vs commands, fan-out, the two saga styles. */

/** The newest order in `style`, and its saga. */
function newest(view: TourView, style: 'choreography' | 'orchestration') {
  const saga = sagas(view)
    .filter((s) => s.style === style)
    .at(-1);
  return saga;
}

export const eventsVsCommands: Tour = {
  id: 'events-vs-commands',
  title: 'Events vs commands',
  summary: 'A command tells one service what to do; an event says what happened, to whoever listens.',
  preset: { seed: 'tour-commands', mode: 'orchestration', decline: 0, speed: 2 },
  steps: [
    {
      title: 'A command has one receiver',
      text:
        'Press "Do it" to place an order. This run is orchestrated: the Orchestrator sends commands ' +
        '(orange dots, imperative names such as ReserveInventory) each to exactly one service, telling it ' +
        'what to do. Watch the first one travel to Inventory.',
      doIt: placeOrders(1),
      check: (view) => {
        const order = newest(view, 'orchestration');
        const commands = order ? commandsBetweenServices(view, order.id) : [];
        const answered = commands.filter((c) =>
          view.log.some((m) => m.causationId === c.id && m.kind === 'event'),
        );
        return result(
          answered.length >= 1,
          measure('commands sent by the Orchestrator', '1 or more', commands.length),
          measure('answered by an event', '1 or more', answered.length),
        );
      },
    },
    {
      title: 'Every command is answered by an event',
      text:
        'Wait until the order is Confirmed (Sagas panel). Each command was answered by an event (blue, past ' +
        'tense: InventoryReserved, PaymentCompleted): a fact about what happened, which the Orchestrator ' +
        'hears and reacts to by sending the next command.',
      check: (view) => {
        const order = newest(view, 'orchestration');
        const commands = order ? commandsBetweenServices(view, order.id) : [];
        const answered = commands.filter((c) =>
          view.log.some((m) => m.causationId === c.id && m.kind === 'event'),
        );
        return result(
          finished(order) && commands.length > 0 && answered.length === commands.length,
          measure(`${order?.id ?? 'the order'} is`, 'Confirmed', order?.status ?? 'not placed'),
          measure('commands answered by an event', commands.length, answered.length),
        );
      },
    },
    {
      title: 'Choreography: events only',
      text:
        '"Do it" switches to Choreography and places another order. Now nobody sends commands between ' +
        'services: each one reacts to the others\u2019 events (OrderPlaced → Inventory reserves → ' +
        'InventoryReserved → Payment charges …). The Event log shows only blue events for it.',
      doIt: [{ type: 'style.changed', style: 'choreography' }, ...placeOrders(1)],
      check: (view) => {
        const order = newest(view, 'choreography');
        const commands = order ? commandsBetweenServices(view, order.id).length : 0;
        return result(
          finished(order) && commands === 0,
          measure(`${order?.id ?? 'a choreographed order'} is`, 'finished', order?.status ?? 'not placed'),
          measure('commands between services for it', 0, commands),
        );
      },
    },
  ],
};

export const fanOut: Tour = {
  id: 'fan-out',
  title: 'Fan-out',
  summary: 'One event, published once, reaches every subscriber; the producer never knows who they are.',
  preset: { seed: 'tour-fan-out', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Published once, heard by all',
      text:
        'Press "Do it" to place an order. Order publishes OrderPlaced once, to a topic. Inventory ' +
        'subscribes and reserves stock; the orders read model folds it too. Order does not know either ' +
        'of them: adding a subscriber never changes the producer.',
      doIt: placeOrders(1),
      check: (view) => {
        const placed = view.log.find((m) => m.type === 'OrderPlaced');
        const copies = placed ? view.log.filter((m) => m.id === placed.id).length : 0;
        const inventory = placed
          ? view.log.some((m) => m.causationId === placed.id && m.source === 'Inventory')
          : false;
        const orders = view.snapshot.sim.projections.find((p) => p.name === 'orders');
        const folded = placed !== undefined && orders !== undefined && orders.checkpoint >= placed.position;
        return result(
          copies === 1 && inventory && folded,
          measure('OrderPlaced in the log', 1, copies),
          measure('Inventory reacted', 'yes', inventory ? 'yes' : 'not yet'),
          measure('orders read model folded it', 'yes', folded ? 'yes' : 'not yet'),
        );
      },
    },
    {
      title: 'One failure, several reactions',
      text:
        '"Do it" places an order whose payment is declined. PaymentDeclined fans out: Order cancels the ' +
        'order and Inventory puts the stock back, each on its own, both from the same event. Pick ' +
        'PaymentDeclined in the Event log to see what it caused.',
      doIt: placeOrders(1, { fail: 'decline' }),
      check: (view) => {
        const declined = view.log.find((m) => m.type === 'PaymentDeclined');
        const reacted = declined
          ? [...new Set(view.log.filter((m) => m.causationId === declined.id).map((m) => m.source))].sort()
          : [];
        return result(
          reacted.length >= 2,
          measure('services that reacted to PaymentDeclined', '2 (Inventory, Order)', reacted.length),
          measure('they were', 'Inventory, Order', reacted.join(', ') || 'none yet'),
        );
      },
    },
  ],
};

export const choreographyVsOrchestration: Tour = {
  id: 'choreography-vs-orchestration',
  title: 'Choreography vs orchestration',
  summary:
    'The same order saga two ways: services reacting to each other, or one coordinator sending commands.',
  preset: { seed: 'tour-styles', mode: 'choreography', decline: 0, speed: 2 },
  steps: [
    {
      title: 'Choreography',
      text:
        'Press "Do it" to place an order in choreography: each service reacts to the previous one\u2019s ' +
        'event. Nobody holds the whole flow; it exists only as the chain in the Event log.',
      doIt: placeOrders(1),
      check: (view) => {
        const order = newest(view, 'choreography');
        return result(
          finished(order),
          measure(`${order?.id ?? 'the order'} is`, 'finished', order?.status ?? 'not placed'),
          measure('its messages', null, order ? messagesOf(view, order.id).length : 0),
        );
      },
    },
    {
      title: 'Orchestration',
      text:
        '"Do it" switches to Orchestration and places another order. The Orchestrator sends a command, waits ' +
        'for the reply, records its step, sends the next. Compare the two in the Comparison panel.',
      doIt: [{ type: 'style.changed', style: 'orchestration' }, ...placeOrders(1)],
      check: (view) => {
        const chor = newest(view, 'choreography');
        const orch = newest(view, 'orchestration');
        const count = (id?: string) => (id ? messagesOf(view, id).length : 0);
        return result(
          finished(chor) && finished(orch),
          measure(`${orch?.id ?? 'the orchestrated order'} is`, 'finished', orch?.status ?? 'not placed'),
          measure(
            'messages: choreography vs orchestration',
            'orchestration more',
            `${count(chor?.id)} vs ${count(orch?.id)}`,
          ),
        );
      },
    },
    {
      title: 'Where the flow lives',
      text:
        'Orchestrated, the flow is one statechart per order with a stream of its own (SagaStarted, ' +
        'SagaStepRecorded on saga-order-…): easy to read, and kill-safe. Choreographed, there is no such ' +
        'record: the flow is spread over the services. Filter the Event log by the orders to see it.',
      check: (view) => {
        const chor = newest(view, 'choreography');
        const orch = newest(view, 'orchestration');
        const records = (id?: string) =>
          id ? view.log.filter((m) => m.subject === `saga-${id}` && m.kind === 'event').length : 0;
        return result(
          chor !== undefined && orch !== undefined && records(chor.id) === 0 && records(orch.id) > 0,
          measure(`saga records for ${chor?.id ?? 'the choreographed order'}`, 0, records(chor?.id)),
          measure(`saga records for ${orch?.id ?? 'the orchestrated order'}`, '1 or more', records(orch?.id)),
        );
      },
    },
  ],
};

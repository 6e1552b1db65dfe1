import type { ProjectionSpec, SubscriberSpec } from '../../engine/growth';
import type { ReadModelStore } from '../../engine/readModelStores';
import type { WindowSpec, WindowState } from '../../engine/windows';
import { measure, result } from './orderSagaView';
import type { Tour, TourView } from './types';

/** Tours on the systems the source material names (issue 9): read-model stores, stream windows, schemas. */

const confirmedIn = (name: string, store: ReadModelStore): ProjectionSpec => ({
  name,
  types: ['OrderConfirmed'],
  fold: { kind: 'countByType' },
  startFrom: 'now',
  store,
});

/** How many confirmations the read model `name` shows now (undefined: not added yet). */
function confirmations(view: TourView, name: string): number | undefined {
  const state = view.snapshot.sim.projections.find((p) => p.name === name)?.state as
    | Record<string, number>
    | undefined;
  return state === undefined ? undefined : (state.OrderConfirmed ?? 0);
}

export const readModelStores: Tour = {
  id: 'read-model-stores',
  title: 'Read-model stores',
  summary:
    'The same read model in a key-value hash, a search index and a warehouse: seconds vs a minute stale.',
  preset: { seed: 'tour-stores', mode: 'choreography', decline: 0, speed: 10 },
  steps: [
    {
      title: 'One read model, three stores',
      text:
        '"Do it" adds three read models counting confirmed orders — in a key-value hash (Redis-like, ' +
        'updated on every message), a search index (Elasticsearch-like: searchable after its next ' +
        'refresh, every second) and a warehouse table (loaded by a batch job every minute) — and starts ' +
        'traffic. Find them in the Read models panel, each with its store.',
      doIt: [
        { type: 'projection.added', spec: confirmedIn('ConfirmedKV', 'kv') },
        { type: 'projection.added', spec: confirmedIn('ConfirmedSearch', 'search') },
        { type: 'projection.added', spec: confirmedIn('ConfirmedWarehouse', 'warehouse') },
        { type: 'traffic.changed', perSecond: 2 },
      ],
      check: (view) => {
        const added = ['ConfirmedKV', 'ConfirmedSearch', 'ConfirmedWarehouse'].filter(
          (n) => confirmations(view, n) !== undefined,
        );
        return result(added.length === 3, measure('read models added', 3, added.length));
      },
    },
    {
      title: 'Seconds stale',
      text:
        'Watch the counts: the key-value hash moves with every confirmation; the search index catches up ' +
        'on each refresh, never more than a second behind; the warehouse still shows nothing.',
      check: (view) => {
        const kv = confirmations(view, 'ConfirmedKV') ?? 0;
        const search = confirmations(view, 'ConfirmedSearch') ?? 0;
        const warehouse = confirmations(view, 'ConfirmedWarehouse') ?? 0;
        return result(
          kv >= 3 && search > 0 && warehouse === 0,
          measure('confirmed, key-value hash', null, kv),
          measure('confirmed, search index', `≤ ${kv}`, search),
          measure('confirmed, warehouse (before its first load)', 0, warehouse),
        );
      },
    },
    {
      title: 'A minute stale',
      text:
        'At the first whole minute of virtual time the warehouse loads: everything confirmed before it ' +
        'appears at once, then nothing changes until the next load. Hours-stale reporting tables work ' +
        'the same way, only slower.',
      check: (view) => {
        const kv = confirmations(view, 'ConfirmedKV') ?? 0;
        const warehouse = confirmations(view, 'ConfirmedWarehouse') ?? 0;
        return result(
          warehouse > 0,
          measure('confirmed, warehouse (after its load)', `≤ ${kv}`, warehouse),
          measure('virtual time', '≥ 60,000 ms', Math.round(view.snapshot.sim.now)),
        );
      },
    },
  ],
};

const revenuePerSecond = (name: string, lateness: number): ProjectionSpec => ({
  name,
  types: ['PaymentCompleted'],
  startFrom: 'beginning',
  fold: {
    kind: 'window',
    window: {
      kind: 'tumbling',
      size: 1000,
      lateness,
      time: 'transaction',
      sum: 'order.amount',
    } satisfies WindowSpec,
  },
});

function windows(view: TourView, name: string): WindowState | undefined {
  return view.snapshot.sim.projections.find((p) => p.name === name)?.state as WindowState | undefined;
}

export const streamWindows: Tour = {
  id: 'stream-windows',
  title: 'Windows and late events',
  summary:
    'Revenue per second by order time, as Kafka Streams or Flink compute it: a watermark decides what is late.',
  preset: { seed: 'tour-windows', mode: 'choreography', decline: 0, speed: 4 },
  steps: [
    {
      title: 'Two windowed read models',
      text:
        '"Do it" adds two read models summing revenue per one-second window of *order time* (when each ' +
        'order was placed), and starts traffic. A payment arrives a second or two after its order: out ' +
        'of order. "Patient" lets the watermark trail the newest order by 6 s; "Hasty" by 0.3 s.',
      doIt: [
        { type: 'projection.added', spec: revenuePerSecond('Patient', 6000) },
        { type: 'projection.added', spec: revenuePerSecond('Hasty', 300) },
        { type: 'traffic.changed', perSecond: 5 },
      ],
      check: (view) => {
        const patient = windows(view, 'Patient');
        const hasty = windows(view, 'Hasty');
        return result(
          patient !== undefined && hasty !== undefined && patient.closed.length >= 3,
          measure('windows closed (Patient)', '≥ 3', patient?.closed.length ?? 0),
        );
      },
    },
    {
      title: 'Late events are dropped',
      text:
        'A window closes once the watermark passes its end, and its result is out. A payment for an order ' +
        'in a closed window arrives late: counted, not added. Hasty closes windows fast and drops most ' +
        'payments; Patient waits and counts them, at the price of results six seconds later.',
      check: (view) => {
        const patient = windows(view, 'Patient');
        const hasty = windows(view, 'Hasty');
        const hastyLate = hasty?.late ?? 0;
        return result(
          hastyLate >= 5 && (patient?.late ?? 0) < hastyLate,
          measure('payments dropped as late (Hasty)', 0, hastyLate),
          measure('payments dropped as late (Patient)', 0, patient?.late ?? 0),
        );
      },
    },
  ],
};

const rogue: SubscriberSpec = {
  name: 'Rogue',
  types: ['OrderPlaced'],
  behaviour: { kind: 'react', publish: 'OrderConfirmed', delay: 200 },
  startFrom: 'now',
};

export const schemasAtTheProducer: Tour = {
  id: 'schemas-at-the-producer',
  title: 'Schemas at the producer',
  summary: 'A payload that breaks its event type’s schema is refused before anyone can read it.',
  preset: { seed: 'tour-schemas', mode: 'choreography', decline: 0, speed: 4 },
  steps: [
    {
      title: 'A careless producer',
      text:
        '"Do it" adds "Rogue", a subscriber that answers every OrderPlaced by publishing OrderConfirmed — ' +
        'with a payload of its own shape, not the schema OrderConfirmed has in the registry (open the ' +
        'Schema registry panel to see it, and try registering a new version).',
      doIt: [{ type: 'subscriber.added', spec: rogue }],
      check: (view) =>
        result(
          view.snapshot.sim.subscribers.some((s) => s.spec.name === 'Rogue'),
          measure('subscriber', 'Rogue', view.snapshot.sim.subscribers.at(-1)?.spec.name ?? 'none yet'),
        ),
    },
    {
      title: 'Refused at the producer',
      text:
        'Place an order ("Do it"). Rogue hears OrderPlaced and tries to publish; the engine checks the data ' +
        'against the schema first and refuses it: nothing reaches the log, and the Dead letters panel says ' +
        'exactly which field is wrong. Without the check every consumer of OrderConfirmed would fail on it.',
      doIt: [{ type: 'order.placed' }],
      check: (view) => {
        const refused = view.snapshot.sim.deadLetters.filter(
          (d) => d.subscription === 'Rogue' && /does not match its schema/.test(d.reason),
        );
        const published = view.log.filter((m) => m.source === 'Rogue').length;
        return result(
          refused.length > 0 && published === 0,
          measure('refused publications (dead letters)', null, refused.length),
          measure('Rogue messages in the log', 0, published),
        );
      },
    },
  ],
};

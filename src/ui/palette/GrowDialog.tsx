import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { actionProblems, type UserAction } from '../../app/actions';
import type { XY } from '../../app/uiStore';
import type { ProjectionFold, StartFrom, SubscriberBehaviour } from '../../engine/growth';
import { type ReadModelStore, STORE_LABEL } from '../../engine/readModelStores';
import { useAct } from '../branches/useAct';
import { usePlayground } from '../PlaygroundContext';
import { type GrowKind, growStoreFor } from './growStore';

const SUGGESTED: Record<GrowKind, readonly string[]> = {
  subscriber: ['Audit', 'Analytics', 'Loyalty', 'Fraud check', 'Archive', 'Warehouse feed'],
  projection: ['Tally', 'Totals', 'Latest', 'Daily figures', 'Per customer'],
};

type BehaviourKind = SubscriberBehaviour['kind'];
type FoldKind = ProjectionFold['kind'];

/**
 * "New subscriber" / "New projection": a name, the event types it consumes, what it does, and
 * where it starts. Checked with the same rules the driver applies (problems shown in words);
 * "Add" records the action, so a reload, a seek and a branch all reproduce it.
 */
export function GrowDialog({ kind, at }: { kind: GrowKind; at: XY | null }) {
  const playground = usePlayground();
  const { scenario, timeTravel, ui } = playground;
  const { act, disabled } = useAct();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const events = useMemo(
    () => Object.keys(scenario.catalog).filter((t) => scenario.catalog[t]?.kind === 'event'),
    [scenario],
  );
  const [name, setName] = useState(() => suggestName(kind, playground));
  const [types, setTypes] = useState<readonly string[]>([]);
  const [startFrom, setStartFrom] = useState<StartFrom>('beginning');
  const [behaviour, setBehaviour] = useState<BehaviourKind>('count');
  const [publish, setPublish] = useState('');
  const [delay, setDelay] = useState(500);
  const [failurePercent, setFailurePercent] = useState(0);
  const [processingTime, setProcessingTime] = useState(20);
  const [fold, setFold] = useState<FoldKind>('countByType');
  const [field, setField] = useState('');
  const [windowShape, setWindowShape] = useState<'tumbling' | 'sliding'>('tumbling');
  const [windowSize, setWindowSize] = useState(5000);
  const [lateness, setLateness] = useState(1000);
  const [eventTime, setEventTime] = useState<'log' | 'transaction'>('transaction');
  const [store, setStore] = useState<ReadModelStore>('memory');
  const [problems, setProblems] = useState<readonly string[]>([]);
  const title = kind === 'subscriber' ? 'New subscriber' : 'New projection';
  const close = () => growStoreFor(playground).getState().events.closed();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const action = (): UserAction => {
    const base = { name: name.trim(), types, startFrom };
    if (kind === 'projection') {
      const f: ProjectionFold =
        fold === 'window'
          ? {
              kind: 'window',
              window: {
                kind: windowShape,
                size: windowSize,
                lateness,
                time: eventTime,
                ...(field.trim() ? { sum: field.trim() } : {}),
              },
            }
          : fold === 'documents'
            ? { kind: 'documents', ...(field.trim() ? { field: field.trim() } : {}) }
            : fold === 'sumField'
              ? { kind: 'sumField', field: field.trim() }
              : fold === 'latestPerKey'
                ? { kind: 'latestPerKey', ...(field.trim() ? { field: field.trim() } : {}) }
                : { kind: 'countByType' };
      return {
        type: 'projection.added',
        spec: { ...base, fold: f, ...(store === 'memory' ? {} : { store }) },
      };
    }
    const b: SubscriberBehaviour =
      behaviour === 'react' ? { kind: 'react', publish, delay } : { kind: behaviour };
    return {
      type: 'subscriber.added',
      spec: { ...base, behaviour: b, failureRate: failurePercent / 100, processingTime },
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = action();
    const found = actionProblems(timeTravel.shownSim(), a);
    setProblems(found);
    if (found.length > 0) return;
    act(a);
    if (at) ui.getState().events.nodeMoved(name.trim(), at);
    close();
  };

  const toggle = (type: string, on: boolean) =>
    setTypes((now) => (on ? [...now.filter((t) => t !== type), type] : now.filter((t) => t !== type)));

  return (
    <dialog
      ref={dialog}
      className="grow-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId}>{title}</h2>
        <p className="grow-lead">
          {kind === 'subscriber'
            ? 'A new consumer hears the events it names. No producer changes: the broker routes by type.'
            : 'A new read model folds the events it names into a query shape.'}
        </p>
        <label className="grow-field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={24} />
        </label>
        <fieldset className="grow-types">
          <legend>Consumes</legend>
          {events.map((type) => (
            <label key={type} className="checkbox">
              <input
                type="checkbox"
                checked={types.includes(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              {type}
            </label>
          ))}
        </fieldset>
        {kind === 'subscriber' ? (
          <SubscriberFields
            events={events}
            behaviour={behaviour}
            setBehaviour={setBehaviour}
            publish={publish}
            setPublish={setPublish}
            delay={delay}
            setDelay={setDelay}
            failurePercent={failurePercent}
            setFailurePercent={setFailurePercent}
            processingTime={processingTime}
            setProcessingTime={setProcessingTime}
          />
        ) : (
          <fieldset>
            <legend>Fold</legend>
            {(
              [
                ['countByType', 'Count by type'],
                ['sumField', 'Sum a field'],
                ['latestPerKey', 'Latest per key'],
                ['documents', 'Full-text documents (latest per key)'],
                ['window', 'Windows over event time'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="checkbox">
                <input type="radio" name="fold" checked={fold === value} onChange={() => setFold(value)} />
                {label}
              </label>
            ))}
            {fold === 'window' ? (
              <>
                <label className="grow-field">
                  Window
                  <select
                    value={windowShape}
                    onChange={(e) => setWindowShape(e.target.value as 'tumbling' | 'sliding')}
                  >
                    <option value="tumbling">tumbling (back to back)</option>
                    <option value="sliding">sliding (overlapping, every half length)</option>
                  </select>
                </label>
                <label className="grow-field">
                  Length (ms)
                  <input
                    type="number"
                    min={100}
                    step={100}
                    value={windowSize}
                    onChange={(e) => setWindowSize(Number(e.target.value))}
                  />
                </label>
                <label className="grow-field">
                  Allowed lateness (ms)
                  <input
                    type="number"
                    min={0}
                    step={100}
                    value={lateness}
                    onChange={(e) => setLateness(Number(e.target.value))}
                  />
                </label>
                <label className="grow-field">
                  Event time
                  <select
                    value={eventTime}
                    onChange={(e) => setEventTime(e.target.value as 'log' | 'transaction')}
                  >
                    <option value="transaction">when its transaction began (arrives out of order)</option>
                    <option value="log">when it was logged</option>
                  </select>
                </label>
              </>
            ) : null}
            {fold === 'countByType' ? null : (
              <label className="grow-field">
                {fold === 'sumField'
                  ? 'Field to sum'
                  : fold === 'window'
                    ? 'Field to sum (empty: count)'
                    : 'Key field (empty: the subject)'}
                <input value={field} onChange={(e) => setField(e.target.value)} placeholder="e.g. amount" />
              </label>
            )}
            <label className="grow-field">
              Store
              <select value={store} onChange={(e) => setStore(e.target.value as ReadModelStore)}>
                {(Object.keys(STORE_LABEL) as ReadModelStore[]).map((s) => (
                  <option key={s} value={s}>
                    {STORE_LABEL[s]}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
        )}
        <fieldset>
          <legend>Starts</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="startFrom"
              checked={startFrom === 'beginning'}
              onChange={() => setStartFrom('beginning')}
            />
            From the beginning (catches up on the whole log)
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="startFrom"
              checked={startFrom === 'now'}
              onChange={() => setStartFrom('now')}
            />
            From now
          </label>
        </fieldset>
        {problems.length > 0 ? (
          <ul className="grow-problems" role="alert" aria-label="Problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <div className="grow-buttons">
          <button type="submit" className="primary" disabled={disabled}>
            Add
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface SubscriberFieldsProps {
  readonly events: readonly string[];
  readonly behaviour: BehaviourKind;
  readonly setBehaviour: (b: BehaviourKind) => void;
  readonly publish: string;
  readonly setPublish: (t: string) => void;
  readonly delay: number;
  readonly setDelay: (ms: number) => void;
  readonly failurePercent: number;
  readonly setFailurePercent: (p: number) => void;
  readonly processingTime: number;
  readonly setProcessingTime: (ms: number) => void;
}

function SubscriberFields(p: SubscriberFieldsProps) {
  return (
    <>
      <fieldset>
        <legend>Behaviour</legend>
        {(
          [
            ['count', 'Count (keep a read model of what it heard)'],
            ['notify', 'Notify through the effect gateway'],
            ['react', 'React by publishing an event'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="checkbox">
            <input
              type="radio"
              name="behaviour"
              checked={p.behaviour === value}
              onChange={() => p.setBehaviour(value)}
            />
            {label}
          </label>
        ))}
        {p.behaviour === 'react' ? (
          <div className="grow-react">
            <label className="grow-field">
              Publishes
              <select value={p.publish} onChange={(e) => p.setPublish(e.target.value)}>
                <option value="">(choose an event)</option>
                {p.events.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow-field">
              Delay (ms)
              <input
                type="number"
                min={0}
                step={100}
                value={p.delay}
                onChange={(e) => p.setDelay(Number(e.target.value))}
              />
            </label>
          </div>
        ) : null}
      </fieldset>
      <div className="grow-react">
        <label className="grow-field">
          Failure rate (%)
          <input
            type="number"
            min={0}
            max={100}
            value={p.failurePercent}
            onChange={(e) => p.setFailurePercent(Number(e.target.value))}
          />
        </label>
        <label className="grow-field">
          Processing time (ms)
          <input
            type="number"
            min={0}
            step={10}
            value={p.processingTime}
            onChange={(e) => p.setProcessingTime(Number(e.target.value))}
          />
        </label>
      </div>
    </>
  );
}

function suggestName(kind: GrowKind, playground: ReturnType<typeof usePlayground>): string {
  const sim = playground.timeTravel.shownSim();
  const snapshot = sim.getSnapshot();
  const taken = new Set([
    ...snapshot.services.map((s) => s.name),
    ...snapshot.projections.map((p) => p.name),
    ...sim.retiredNames,
  ]);
  for (const n of SUGGESTED[kind]) if (!taken.has(n)) return n;
  return '';
}

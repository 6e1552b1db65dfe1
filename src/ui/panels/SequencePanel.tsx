import { memo, useMemo } from 'react';
import { type SequenceStep, sequenceOf, toMermaid } from '../../app/interop/sequenceDiagram';
import { PERSON } from '../../app/topology';
import { download } from '../export/download';
import './sequence.css';
import { usePlayground, useUi } from '../PlaygroundContext';
import { useLog } from '../useLog';

const COLUMN = 118;
const ROW = 22;
const TOP = 30;
/** Most arrows drawn; a long transaction says how many more there are. */
const DRAWN = 60;

/**
 * One business transaction as a sequence diagram, built from the log: the transaction of the
 * message selected in the event log or a saga (else the latest one). Exportable as Mermaid.
 */
export function SequencePanel() {
  const { topology } = usePlayground();
  const selected = useUi((s) => s.selectedMessage);
  const log = useLog();
  const correlation = useMemo(() => {
    const chosen = selected ? log.find(selected) : undefined;
    return chosen?.correlationId ?? log.findLast((m) => m.source === PERSON)?.correlationId ?? null;
  }, [log, selected]);
  // Only that transaction's messages, from the log's index by correlation: no pass over the log.
  const messages = correlation ? log.correlated(correlation) : [];
  const last = messages.at(-1);
  // A transaction's messages only grow with the log: the same last message, the same diagram. So
  // a seek that shows the same transaction as far as the last one did draws nothing anew.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `last` stands for `messages`
  const steps = useMemo(
    () => (correlation ? sequenceOf(messages, correlation, topology) : []),
    [last, correlation, topology],
  );
  const title = correlation ? `Transaction ${correlation.slice(0, 8)}` : 'No transaction yet';
  return (
    <section className="panel sequence" aria-label="Sequence">
      <h2>
        Sequence{' '}
        <small>
          {steps.length} {steps.length === 1 ? 'message' : 'messages'}
        </small>
        <button
          type="button"
          disabled={steps.length === 0}
          onClick={() =>
            download(`sequence-${correlation ?? 'none'}.mmd`, 'text/plain', toMermaid(steps, title))
          }
        >
          Export Mermaid
        </button>
      </h2>
      {steps.length === 0 ? (
        <p className="empty">Place an order, or pick a message in the event log, to see its sequence.</p>
      ) : (
        <SequenceDiagram steps={steps} title={title} />
      )}
    </section>
  );
}

const SequenceDiagram = memo(function SequenceDiagram({
  steps,
  title,
}: {
  steps: readonly SequenceStep[];
  title: string;
}) {
  const drawn = steps.slice(0, DRAWN);
  const participants: string[] = [];
  for (const s of drawn)
    for (const p of [s.from, ...s.to]) if (!participants.includes(p)) participants.push(p);
  const x = (p: string) => COLUMN / 2 + participants.indexOf(p) * COLUMN;
  const rows = drawn.reduce((n, s) => n + s.to.length, 0);
  const height = TOP + rows * ROW + 12;
  let row = 0;
  return (
    <figure className="sequence-diagram">
      <svg
        role="img"
        aria-label={`${title}: ${drawn.map((s) => s.type).join(', ')}`}
        width={participants.length * COLUMN}
        height={height}
      >
        <defs>
          <marker
            id="seq-arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" />
          </marker>
        </defs>
        {participants.map((p) => (
          <g key={p} className="lifeline">
            <text x={x(p)} y={14} textAnchor="middle">
              {p === PERSON ? 'Person' : p}
            </text>
            <line x1={x(p)} x2={x(p)} y1={20} y2={height} />
          </g>
        ))}
        {drawn.flatMap((s) =>
          s.to.map((to) => {
            const y = TOP + row++ * ROW + ROW / 2;
            const self = to === s.from;
            const x1 = x(s.from);
            const x2 = self ? x1 + 24 : x(to);
            return (
              <g key={`${s.position}-${to}`} className={`arrow ${s.kind}`}>
                <line x1={x1} x2={x2} y1={y} y2={y} markerEnd="url(#seq-arrow)" />
                <text x={(x1 + x2) / 2} y={y - 4} textAnchor="middle">
                  {`#${s.position} ${s.type}`}
                </text>
              </g>
            );
          }),
        )}
      </svg>
      {steps.length > DRAWN ? <figcaption>and {steps.length - DRAWN} more messages</figcaption> : null}
    </figure>
  );
});

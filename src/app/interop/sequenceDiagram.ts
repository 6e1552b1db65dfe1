import type { Message } from '../../engine/message';
import { PERSON, type Topology } from '../topology';

/** One arrow of a business transaction: who sent what to whom, in log order. */
export interface SequenceStep {
  readonly position: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly type: string;
  readonly kind: Message['kind'];
  /** The position of the message that caused it (null for a person's action or a timer). */
  readonly causedBy: number | null;
}

/**
 * The messages of one business transaction (its correlation id) as a sequence: each goes from its
 * producer to every service the topology says consumes it (an event fans out; a command has one
 * handler), in log order. A service's private records (`$…`) are left out: nobody receives them.
 */
export function sequenceOf(
  log: readonly Message[],
  correlationId: string,
  topology: Topology,
): SequenceStep[] {
  const positionOf = new Map<string, number>();
  const steps: SequenceStep[] = [];
  for (const m of log) {
    if (m.correlationId !== correlationId || m.type.startsWith('$')) continue;
    positionOf.set(m.id, m.position);
    const to = topology.edges
      .filter((e) => e.source === m.source && e.types.includes(m.type))
      .map((e) => e.target);
    steps.push({
      position: m.position,
      from: m.source,
      to: to.length > 0 ? to : [m.source],
      type: m.type,
      kind: m.kind,
      causedBy: m.causationId === null ? null : (positionOf.get(m.causationId) ?? null),
    });
  }
  return steps;
}

/** Mermaid participant ids must be plain words; names are shown through `as`. */
const idOf = (name: string) => `p_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
/** Text Mermaid shows verbatim: no line breaks, no characters it treats as syntax. */
const label = (text: string) => text.replace(/[\r\n;:#<>{}]/g, ' ').trim();

/**
 * A Mermaid `sequenceDiagram` of the steps: commands as solid arrows, events as dotted ones fanning
 * out to each consumer, numbered by log position.
 */
export function toMermaid(steps: readonly SequenceStep[], title: string): string {
  const participants: string[] = [];
  for (const s of steps)
    for (const p of [s.from, ...s.to]) if (!participants.includes(p)) participants.push(p);
  const lines = ['sequenceDiagram', `  title ${label(title)}`];
  for (const p of participants)
    lines.push(`  participant ${idOf(p)} as ${label(p === PERSON ? 'Person' : p)}`);
  for (const s of steps) {
    const arrow = s.kind === 'command' ? '->>' : '-->>';
    for (const to of s.to)
      lines.push(`  ${idOf(s.from)}${arrow}${idOf(to)}: ${label(`${s.position} ${s.type}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

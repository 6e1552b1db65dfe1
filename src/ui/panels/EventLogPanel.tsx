import { useEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../engine/message';
import { usePlayground, useRunSnapshot, useTimeline, useUi } from '../PlaygroundContext';
import { useLog } from '../useLog';
import { causationChain } from './causation';

const ROW = 22;
const OVERSCAN = 10;

/** The log itself: every message, filterable by type and order; a selected message shows its chain. */
export function EventLogPanel() {
  const { ui, scenario } = usePlayground();
  const { sim } = useRunSnapshot();
  const selected = useUi((s) => s.selectedMessage);
  const timeline = useTimeline();
  const past = timeline.mode === 'scrubbing' ? timeline : null;
  // In the past, the whole log stays listed: the moment shown is highlighted, the future greyed.
  const messages = useLog(past ? timeline.length : undefined);
  const momentHead = past?.moment ? Math.max(past.position, past.moment.head) : (past?.position ?? 0);
  const [type, setType] = useState('');
  const [order, setOrder] = useState('');

  const types = useLoggedTypes(messages);
  const shown = useMemo(() => {
    const needle = order.trim().toLowerCase();
    if (!type && !needle) return messages; // no filter: nothing to copy
    return messages.filter(
      (m) =>
        (!type || m.type === type) &&
        (!needle ||
          m.subject.toLowerCase().includes(needle) ||
          m.correlationId.toLowerCase().startsWith(needle)),
    );
  }, [messages, type, order]);
  const chain = useMemo(() => (selected ? causationChain(messages, selected) : null), [messages, selected]);

  return (
    <section className="panel event-log" aria-label="Event log">
      <h2>
        Event log{' '}
        <small>{past ? `#${past.position} of ${timeline.length} messages` : `${sim.head} messages`}</small>
      </h2>
      <div className="filters">
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">all</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Order
          <input
            type="search"
            value={order}
            placeholder="e.g. order-3"
            onChange={(e) => setOrder(e.target.value)}
          />
        </label>
        {selected ? (
          <button type="button" onClick={() => ui.getState().events.messageSelected(null)}>
            Clear selection
          </button>
        ) : null}
      </div>
      {messages.length === 0 ? (
        <p className="empty">Nothing has happened yet. Place an order to start.</p>
      ) : (
        <VirtualRows
          rows={shown}
          focus={past ? shown.findIndex((m) => m.position >= past.position) : undefined}
          render={(m) => (
            <li
              key={m.position}
              aria-current={past && m.position === past.position ? 'true' : undefined}
              className={`kind-${m.kind}${chain?.has(m.id) ? ' in-chain' : ''}${m.id === selected ? ' selected' : ''}${
                past ? timeClass(m.position, past.position, momentHead) : ''
              }`}
            >
              <button
                type="button"
                aria-pressed={m.id === selected}
                onClick={() => ui.getState().events.messageSelected(m.id === selected ? null : m.id)}
              >
                <span className="position">#{m.position}</span>
                <span className="time">{m.time} ms</span>
                <span className="type">
                  {m.type}
                  {/* A versioned type shows the schema each message was written in (schema evolution). */}
                  {scenario.catalog[m.type]?.schemaVersion === undefined ? null : (
                    <small
                      className="schema-version"
                      title={`written as v${m.schemaVersion}; this code reads v${scenario.catalog[m.type]?.schemaVersion}`}
                    >
                      {` v${m.schemaVersion}`}
                    </small>
                  )}
                </span>
                <span className="route">
                  {m.source} · {m.subject}
                </span>
              </button>
            </li>
          )}
        />
      )}
    </section>
  );
}

/** Where a row stands against the moment shown: it, logged in the same step, or the future. */
function timeClass(position: number, current: number, head: number): string {
  if (position === current) return ' current';
  if (position > current && position <= head) return ' same-step';
  return position > head ? ' future' : '';
}

/** Renders only the rows in view, so a log of 100,000 messages scrolls as easily as ten. */
function VirtualRows<T>({
  rows,
  render,
  focus,
}: {
  rows: readonly T[];
  render: (row: T) => React.ReactNode;
  /** A row to keep in view (the moment shown while scrubbing). */
  focus?: number | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(200);
  const stick = useRef(true);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Follow the newest message unless the person scrolled up to read.
  useEffect(() => {
    // In the next frame: setting scrollTop forces a layout, which must not land in the middle of one.
    const frame = requestAnimationFrame(() => {
      const element = box.current;
      if (element && stick.current) element.scrollTop = rows.length * ROW;
    });
    return () => cancelAnimationFrame(frame);
  }, [rows.length]);

  useEffect(() => {
    const element = box.current;
    if (!element || focus === undefined || focus < 0) return;
    const top = focus * ROW;
    if (top < element.scrollTop || top + ROW > element.scrollTop + element.clientHeight) {
      element.scrollTop = Math.max(0, top - element.clientHeight / 2);
    }
  }, [focus]);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  return (
    <div
      className="virtual-rows"
      ref={box}
      onScroll={(e) => {
        const element = e.currentTarget;
        setScrollTop(element.scrollTop);
        stick.current = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW;
      }}
    >
      <ol style={{ height: rows.length * ROW, paddingTop: first * ROW }}>
        {rows.slice(first, last).map(render)}
      </ol>
    </div>
  );
}

/**
 * The types logged so far, sorted, scanning only what is new since the last call: the log is read
 * again at every seek, and a pass over 100,000 messages each time cost the seek ~8 ms. A log that
 * is not the last one grown (a moment further back) starts the list over.
 */
function useLoggedTypes(messages: readonly Message[]): readonly string[] {
  const memory = useRef({ types: new Set<string>(), upTo: 0, of: messages, sorted: [] as string[] });
  return useMemo(() => {
    const seen = memory.current;
    const grown = messages.length >= seen.upTo && messages[seen.upTo - 1] === seen.of[seen.upTo - 1];
    if (!grown) {
      seen.types = new Set();
      seen.upTo = 0;
    }
    const before = seen.types.size;
    for (let i = seen.upTo; i < messages.length; i++) seen.types.add((messages[i] as Message).type);
    seen.upTo = messages.length;
    seen.of = messages;
    if (seen.types.size !== before || !grown) seen.sorted = [...seen.types].sort();
    return seen.sorted;
  }, [messages]);
}

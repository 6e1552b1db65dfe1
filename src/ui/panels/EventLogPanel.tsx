import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../engine/message';
import { usePlayground, useRunSnapshot, useShowingPast, useTimelineValue, useUi } from '../PlaygroundContext';
import { type LogView, useLog } from '../useLog';
import { causationChain } from './causation';

const ROW = 22;
/** Rows rendered beyond the box, each way: few, because a seek rewrites every row rendered. */
const OVERSCAN = 3;

/** The log itself: every message, filterable by type and order; a selected message shows its chain. */
export function EventLogPanel() {
  const { ui, scenario } = usePlayground();
  const { sim } = useRunSnapshot();
  const selected = useUi((s) => s.selectedMessage);
  const past = useShowingPast();
  const length = useTimelineValue((v) => v.length);
  // In the past, the whole log stays listed: the moment shown is highlighted, the future greyed.
  const messages = useLog(past ? length : undefined);
  // The rows follow the moment on screen, with the rest of the system: while one is being rebuilt
  // they stay on the last (so a seek moves them once, in the render that shows its moment).
  const at = useTimelineValue((v) => v.moment?.position ?? 0);
  const momentHead = useTimelineValue((v) => (v.moment ? Math.max(at, v.moment.head) : at));
  const [type, setType] = useState('');
  const [order, setOrder] = useState('');

  const types = useLoggedTypes(messages);
  // Unfiltered, row i is the message at position i + 1: nothing to copy.
  const filtered = useMemo(() => {
    const needle = order.trim().toLowerCase();
    if (!type && !needle) return null;
    const found: Message[] = [];
    for (let p = 1; p <= messages.length; p++) {
      const m = messages.at(p) as Message;
      if (
        (!type || m.type === type) &&
        (!needle ||
          m.subject.toLowerCase().includes(needle) ||
          m.correlationId.toLowerCase().startsWith(needle))
      )
        found.push(m);
    }
    return found;
  }, [messages, type, order]);
  const count = filtered ? filtered.length : messages.length;
  const row = (i: number) => (filtered ? filtered[i] : messages.at(i + 1)) as Message;
  const chain = useMemo(
    () => (selected ? causationChain(messages.toArray(), selected) : null),
    [messages, selected],
  );
  // The row of the moment shown: the first at or after its position (rows are in position order).
  const focus = past ? (filtered ? firstAtOrAfter(filtered, at) : Math.max(0, at - 1)) : undefined;

  return (
    <section className="panel event-log" aria-label="Event log">
      <h2>
        Event log <small>{past ? `#${at} of ${length} messages` : `${sim.head} messages`}</small>
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
          count={count}
          focus={focus}
          render={(i) => {
            const m = row(i);
            // A versioned type shows the schema each message was written in (schema evolution).
            const version = scenario.catalog[m.type]?.schemaVersion;
            return (
              <li
                aria-current={past && m.position === at ? 'true' : undefined}
                className={`kind-${m.kind}${chain?.has(m.id) ? ' in-chain' : ''}${m.id === selected ? ' selected' : ''}${
                  past ? timeClass(m.position, at, momentHead) : ''
                }`}
              >
                <button
                  type="button"
                  aria-pressed={m.id === selected}
                  aria-label={rowName(m, version)}
                  title={
                    version === undefined
                      ? undefined
                      : `written as v${m.schemaVersion}; this code reads v${version}`
                  }
                  onClick={() => ui.getState().events.messageSelected(m.id === selected ? null : m.id)}
                >
                  {rowText(m, version)}
                </button>
              </li>
            );
          }}
        />
      )}
    </section>
  );
}

/**
 * A row as one line of text in columns (the log is set in a monospace font): one text node per
 * row, not one per column, since a seek rewrites every row rendered and lays each out anew.
 */
function rowText(m: Message, version: number | undefined): string {
  return `${`#${m.position}`.padEnd(8)}${`${m.time} ms`.padEnd(11)}${typeLabel(m, version).padEnd(26)}${m.source} · ${m.subject}`;
}

/** The row's name, its columns one space apart: "#12 530 ms PaymentRefunded Payment · order-3". */
function rowName(m: Message, version: number | undefined): string {
  return `#${m.position} ${m.time} ms ${typeLabel(m, version)} ${m.source} · ${m.subject}`;
}

/** The type, and for a versioned one the schema the message was written in: "OrderPlaced v1". */
function typeLabel(m: Message, version: number | undefined): string {
  return version === undefined ? m.type : `${m.type} v${m.schemaVersion}`;
}

/** Where a row stands against the moment shown: it, logged in the same step, or the future. */
function timeClass(position: number, current: number, head: number): string {
  if (position === current) return ' current';
  if (position > current && position <= head) return ' same-step';
  return position > head ? ' future' : '';
}

/** The first row at or after `position` (rows in position order), by bisection. */
function firstAtOrAfter(rows: readonly Message[], position: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((rows[mid] as Message).position < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Renders only the rows in view, so a log of 100,000 messages scrolls as easily as ten. What is in
 * view is React state (the scroll position as last scrolled, the box's height as last observed),
 * so rendering and focusing a row never read layout.
 */
function VirtualRows({
  count,
  render,
  focus,
}: {
  count: number;
  render: (index: number) => React.ReactNode;
  /** A row to keep in view (the moment shown while scrubbing). */
  focus?: number | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(200);
  const stick = useRef(true);
  // Where a new focus out of view scrolls to, until the box's scroll event reports it: the rows
  // for it are rendered in the same commit that scrolls (a ref, not state, so that this render
  // already shows them; the same focus, position and height always give the same answer).
  const jump = useRef<{ focus: number | undefined; top: number | null }>({ focus: undefined, top: null });
  if (focus !== jump.current.focus) {
    const y = (focus ?? -1) * ROW;
    const inView = y < 0 || (y >= scrollTop && y + ROW <= scrollTop + height);
    jump.current = {
      focus,
      top: inView ? null : Math.max(0, Math.min(Math.round(y - height / 2), count * ROW - height)),
    };
  }
  // Following the newest message, the rows are the last ones already in the render that adds them
  // (the box scrolls to them before the paint, below), not one scroll event later.
  const following = stick.current && focus === undefined;
  const top = jump.current.top ?? (following ? Math.max(0, count * ROW - height) : scrollTop);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Follow the newest message unless the person scrolled up to read: in the commit that renders the
  // newest rows, before its paint. (Scrolling a frame later showed, in between, the box scrolled
  // past the rows rendered: an empty log under traffic.)
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a longer log moves the view
  useLayoutEffect(() => {
    const element = box.current;
    if (element && stick.current && focus === undefined) element.scrollTop = count * ROW;
  }, [count]);

  // Before the paint, so that the rows rendered for the new position show in that same paint.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new focus moves the view
  useLayoutEffect(() => {
    const element = box.current;
    const to = jump.current.top;
    if (!element || to === null) return;
    stick.current = false;
    element.scrollTop = to;
  }, [focus]);

  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / ROW) + OVERSCAN);
  // Keyed by slot in the window, not by message: a seek that jumps the view reuses every row's
  // elements and only changes their text and classes (mounting ~40 fresh rows cost ~8 ms a seek).
  const rows: React.ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(<Fragment key={i - first}>{render(i)}</Fragment>);
  return (
    <div
      className="virtual-rows"
      ref={box}
      onScroll={(e) => {
        const at = e.currentTarget.scrollTop;
        jump.current = { ...jump.current, top: null }; // the box is there now: its scroll position rules
        if (at !== scrollTop) setScrollTop(at);
        stick.current = at + height >= count * ROW - ROW;
      }}
    >
      {/* The rows in view are moved to their place, not padded there: a transform needs no layout
          (a new padding re-laid out the list, ~0.7 ms a seek). */}
      <div style={{ height: count * ROW }}>
        <ol style={{ transform: `translateY(${first * ROW}px)` }}>{rows}</ol>
      </div>
    </div>
  );
}

/**
 * The types logged so far, sorted, scanning only what is new since the last call: the log is read
 * again at every seek, and a pass over 100,000 messages each time cost the seek ~8 ms. A log that
 * is not the last one grown (a moment further back) starts the list over.
 */
function useLoggedTypes(messages: LogView): readonly string[] {
  const memory = useRef({
    types: new Set<string>(),
    upTo: 0,
    last: undefined as Message | undefined,
    sorted: [] as string[],
  });
  return useMemo(() => {
    const seen = memory.current;
    const grown = messages.length >= seen.upTo && messages.at(seen.upTo) === seen.last;
    if (!grown) {
      seen.types = new Set();
      seen.upTo = 0;
    }
    const before = seen.types.size;
    for (let p = seen.upTo + 1; p <= messages.length; p++) seen.types.add((messages.at(p) as Message).type);
    seen.upTo = messages.length;
    seen.last = messages.at(seen.upTo);
    if (seen.types.size !== before || !grown) seen.sorted = [...seen.types].sort();
    return seen.sorted;
  }, [messages]);
}

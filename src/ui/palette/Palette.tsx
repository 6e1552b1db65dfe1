import type { DragEvent } from 'react';
import { useStore } from 'zustand';
import { usePlayground } from '../PlaygroundContext';
import { GrowDialog } from './GrowDialog';
import { type GrowKind, growStoreFor, PALETTE_MIME } from './growStore';
import './palette.css';

const ITEMS: readonly { kind: GrowKind; label: string; hint: string }[] = [
  { kind: 'subscriber', label: 'Subscriber', hint: 'a new consumer of events: counts, notifies or reacts' },
  { kind: 'projection', label: 'Projection', hint: 'a new read model folded from the log' },
];

/**
 * Things a person can add to the running system (DESIGN.md's picture: the palette left of the
 * canvas). Drag an item onto the canvas, or press Enter on it: both open the same dialog.
 */
export function Palette() {
  const playground = usePlayground();
  const store = growStoreFor(playground);
  const open = useStore(store, (s) => s.open);
  const start = (kind: GrowKind) => (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Palette">
      <h2>Palette</h2>
      <p className="palette-hint">Drag onto the canvas, or press Enter.</p>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.kind}>
            <button
              type="button"
              className="palette-item"
              draggable
              onDragStart={start(item.kind)}
              onClick={() => store.getState().events.opened(item.kind, null)}
              title={item.hint}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
      {open ? <GrowDialog key={`${open.kind}`} kind={open.kind} at={open.at} /> : null}
    </aside>
  );
}

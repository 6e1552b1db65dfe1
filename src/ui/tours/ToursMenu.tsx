import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { tours } from '../../app/tours';
import { startUrl } from '../../app/tours/tourProgress';
import type { Tour } from '../../app/tours/types';
import './tours.css';

const itemsOf = (menu: HTMLElement | null): HTMLElement[] => [
  ...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []),
];

const startsKey = (id: string) => `eventscape.tours.starts.${id}`;

/**
 * Opens a tour's preset run. Each start is a fresh run (the n-th start gets its own seed), since a
 * stored run is resumed, never started over, and a tour must begin before its first step happened.
 */
function startTour(tour: Tour): void {
  let start = 1;
  try {
    start = Number(localStorage.getItem(startsKey(tour.id)) ?? 0) + 1;
    localStorage.setItem(startsKey(tour.id), String(start));
  } catch {
    // No storage: every start is the first; the stored run is then resumed, which is still honest.
  }
  window.location.assign(startUrl(tour, start));
}

/** The header's "Tours" button and its menu of tours, by title (WAI-ARIA menu button pattern). */
export function ToursMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    itemsOf(menu.current)[0]?.focus();
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = itemsOf(menu.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') setOpen(false);
  };

  return (
    <div className="tours-menu">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="tours-menu-list"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        title="Guided tours: one short walk-through per concept"
      >
        Tours
      </button>
      {open ? (
        <div ref={menu} id="tours-menu-list" role="menu" aria-label="Tours" onKeyDown={onMenuKey}>
          {tours.map((tour) => (
            <button
              key={tour.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={tour.title}
              aria-describedby={`tour-summary-${tour.id}`}
              onClick={() => startTour(tour)}
            >
              <span className="tour-title">{tour.title}</span>
              <span className="tour-summary" id={`tour-summary-${tour.id}`}>
                {tour.summary}
              </span>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

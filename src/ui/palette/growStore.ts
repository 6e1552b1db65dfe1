import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Playground } from '../../app/playground';
import type { XY } from '../../app/uiStore';

/** What a palette item adds to the running system. */
export type GrowKind = 'subscriber' | 'projection';

/** The drag-and-drop payload's type: only palette items carry it. */
export const PALETTE_MIME = 'application/x-eventscape-palette';

export interface GrowState {
  /** The open "New subscriber" / "New projection" dialog, and where on the canvas it was dropped. */
  readonly open: { readonly kind: GrowKind; readonly at: XY | null } | null;
  readonly events: {
    opened(kind: GrowKind, at: XY | null): void;
    closed(): void;
  };
}

const stores = new WeakMap<Playground, StoreApi<GrowState>>();

/**
 * One dialog store per playground: the palette (Enter on an item) and the canvas (a drop) both
 * open the same dialog. Keyed by the playground, so each page and test gets its own.
 */
export function growStoreFor(playground: Playground): StoreApi<GrowState> {
  let store = stores.get(playground);
  if (!store) {
    store = createStore<GrowState>()((set) => ({
      open: null,
      events: {
        opened: (kind, at) => set({ open: { kind, at } }),
        closed: () => set({ open: null }),
      },
    }));
    stores.set(playground, store);
  }
  return store;
}

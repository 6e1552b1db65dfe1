import { createStore } from 'zustand/vanilla';

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** UI-only state (what is selected, what is shown); the run itself lives in the driver. */
export interface UiState {
  readonly selected: string | null;
  /** A message picked in the event log: its causation chain is highlighted. */
  readonly selectedMessage: string | null;
  readonly animate: boolean;
  /** Node positions a person dragged, kept per scenario in localStorage. */
  readonly positions: Readonly<Record<string, XY>>;
  readonly events: {
    nodeSelected(id: string | null): void;
    messageSelected(id: string | null): void;
    animationToggled(on: boolean): void;
    nodeMoved(id: string, position: XY): void;
  };
}

const positionsKey = (scenario: string) => `eventscape.positions.${scenario}`;

function loadPositions(storage: Storage | undefined, scenario: string): Record<string, XY> {
  try {
    const raw = storage?.getItem(positionsKey(scenario));
    return raw ? (JSON.parse(raw) as Record<string, XY>) : {};
  } catch {
    return {}; // unreadable layout: fall back to the automatic one
  }
}

/** One store per playground, made with `createStore` so each test and page gets its own. */
export function createUiStore(scenario: string, storage: Storage | undefined = globalThis.localStorage) {
  return createStore<UiState>()((set, get) => ({
    selected: null,
    selectedMessage: null,
    animate: true,
    positions: loadPositions(storage, scenario),
    events: {
      nodeSelected: (id) => set({ selected: id }),
      messageSelected: (id) => set({ selectedMessage: id }),
      animationToggled: (on) => set({ animate: on }),
      nodeMoved: (id, position) => {
        const positions = { ...get().positions, [id]: position };
        set({ positions });
        storage?.setItem(positionsKey(scenario), JSON.stringify(positions));
      },
    },
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;

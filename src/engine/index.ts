/** The engine's public API: pure TypeScript, no DOM, no storage, no real time or randomness. */
export * from './broker';
export * from './catalog';
export * from './clock';
export * from './effects';
export * from './errors';
export type * from './eventLog';
export * from './growth';
export * from './hash';
export * from './localCommit';
export * from './memoryLog';
export * from './message';
export * from './projection';
export * from './random';
export * from './service';
export * from './simulation';

import { EngineError } from './errors';

/** How a failed delivery is told apart and explained (src/engine/broker.ts). */

export class InjectedFailure extends Error {
  constructor(subscription: string, how = 'crashed while handling the message') {
    super(`${subscription} ${how} (injected failure)`);
    this.name = 'InjectedFailure';
  }
}

/** Errors that will fail the same way on every retry go to the dead letters at once. */
export function isPoison(error: unknown): boolean {
  return (
    error instanceof EngineError &&
    (error.code === 'UNKNOWN_MESSAGE_TYPE' || error.code === 'INVALID_MESSAGE')
  );
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return `handler threw a non-error value: ${String(error)}`;
}

export function errorCode(error: unknown): string {
  if (error instanceof EngineError) return error.code;
  if (error instanceof InjectedFailure) return 'INJECTED_FAILURE';
  return 'HANDLER_ERROR';
}

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

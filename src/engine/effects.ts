import { EffectNotRecordedError } from './errors';

/**
 * The effect gateway: the only way a service touches the outside world (send an email, charge a
 * card). Live, it performs the effect and records the result; in replay and in branches it returns
 * the recorded result and performs nothing, and the record says it was suppressed.
 */
export interface EffectRecord {
  /** Stable key, usually derived from the causing message id, e.g. `email:<messageId>`. */
  readonly key: string;
  readonly kind: string;
  readonly request: unknown;
  readonly result: unknown;
  readonly time: number;
}

export interface EffectsState {
  readonly records: readonly EffectRecord[];
  readonly performed: number;
}

export type EffectMode = 'live' | 'replay';

export class EffectGateway {
  mode: EffectMode = 'live';
  readonly #records = new Map<string, EffectRecord>();
  /** Keys of effects asked for again during replay and answered from the record. */
  readonly suppressed: string[] = [];
  #performed = 0;

  constructor(records: readonly EffectRecord[] = []) {
    this.importRecords(records);
  }

  /** Adds saved records (a restored run, or the original run's records for a replay). */
  importRecords(records: readonly EffectRecord[]): void {
    for (const r of records) this.#records.set(r.key, r);
  }

  /**
   * Performs `effect` once per key. Asked again for a key already recorded (a redelivery, or any
   * replay), it returns the recorded result without performing it again.
   */
  perform<Result>(kind: string, key: string, request: unknown, time: number, effect: () => Result): Result {
    const recorded = this.#records.get(key);
    if (recorded) {
      if (this.mode === 'replay') this.suppressed.push(key);
      return recorded.result as Result;
    }
    if (this.mode === 'replay') throw new EffectNotRecordedError(key);
    const result = effect();
    this.#performed++;
    this.#records.set(key, { key, kind, request, result, time });
    return result;
  }

  /** How many effects really reached the outside world. */
  get performed(): number {
    return this.#performed;
  }

  records(): EffectRecord[] {
    return [...this.#records.values()];
  }

  exportState(): EffectsState {
    return { records: this.records(), performed: this.#performed };
  }

  importState(state: EffectsState): void {
    this.#records.clear();
    this.importRecords(state.records);
    this.#performed = state.performed;
  }
}

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
  /** Another gateway whose records answer too (see `replayAgainst`); never written to. */
  #elsewhere: EffectGateway | null = null;
  /**
   * Records of a restored state, indexed only when first asked for: a rebuilt moment replays
   * against the live gateway, which holds them all, so a seek never pays to index them.
   */
  #saved: readonly EffectRecord[] = [];
  #savedIndex: Map<string, EffectRecord> | null = null;
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
   * Replay mode, answering from `recorded`'s records as well as its own — by reference, not by
   * copying them (a rebuilt moment of a long run must not copy every record the run ever made).
   */
  replayAgainst(recorded: EffectGateway): void {
    this.#elsewhere = recorded;
    this.mode = 'replay';
  }

  #recorded(key: string): EffectRecord | undefined {
    const own = this.#records.get(key);
    if (own) return own;
    const elsewhere = this.#elsewhere ? this.#elsewhere.#recorded(key) : undefined;
    if (elsewhere || this.#saved.length === 0) return elsewhere;
    this.#savedIndex ??= new Map(this.#saved.map((r) => [r.key, r]));
    return this.#savedIndex.get(key);
  }

  /**
   * Performs `effect` once per key. Asked again for a key already recorded (a redelivery, or any
   * replay), it returns the recorded result without performing it again.
   */
  perform<Result>(kind: string, key: string, request: unknown, time: number, effect: () => Result): Result {
    const recorded = this.#recorded(key);
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

  /** Every record this gateway answers from: restored, its own, then the gateway it replays against's. */
  records(): EffectRecord[] {
    const all = new Map<string, EffectRecord>();
    for (const r of this.#saved) all.set(r.key, r);
    for (const [key, r] of this.#records) all.set(key, r);
    for (const r of this.#elsewhere?.records() ?? []) if (!all.has(r.key)) all.set(r.key, r);
    return [...all.values()];
  }

  exportState(): EffectsState {
    return { records: this.records(), performed: this.#performed };
  }

  importState(state: EffectsState): void {
    this.#records.clear();
    this.#saved = state.records;
    this.#savedIndex = null;
    this.#performed = state.performed;
  }
}

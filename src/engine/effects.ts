import { EffectNotRecordedError } from './errors';
import { Table } from './table';

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
  /** By key. Runs saved before tables existed hold an array; `importState` takes either. */
  readonly records: Table<EffectRecord>;
  readonly performed: number;
}

export type EffectMode = 'live' | 'replay';

export class EffectGateway {
  mode: EffectMode = 'live';
  /** Restored and own records: a table, so exporting them (a checkpoint) costs O(1). */
  #records = Table.empty<EffectRecord>();
  /** Another gateway whose records answer too (see `replayAgainst`); never written to. */
  #elsewhere: EffectGateway | null = null;
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
    return this.#records.get(key) ?? (this.#elsewhere ? this.#elsewhere.#recorded(key) : undefined);
  }

  /**
   * Performs `effect` once per key. Asked again for a key already recorded (a redelivery, or any
   * replay), it returns the recorded result without performing it again.
   */
  perform<Result>(kind: string, key: string, request: unknown, time: number, effect: () => Result): Result {
    const recorded = this.#recorded(key);
    if (recorded) {
      if (this.mode === 'replay') this.suppressed.push(key);
      // Answered from elsewhere: now this run's record too (a branch forked here keeps it).
      if (!this.#records.has(key)) this.#records.set(key, recorded);
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
    const all = [...this.#records.values()];
    for (const r of this.#elsewhere?.records() ?? []) if (!this.#records.has(r.key)) all.push(r);
    return all;
  }

  /**
   * The gateway's records — restored, performed here, and answered here from the gateway it
   * replays against (so a branch forked from a rebuilt moment keeps what that moment had done, and
   * nothing of the old future) — as an O(1) copy that later records never reach.
   */
  exportState(): EffectsState {
    return { records: this.#records.copy(), performed: this.#performed };
  }

  importState(state: EffectsState): void {
    const saved: unknown = state.records;
    this.#records = Array.isArray(saved)
      ? Table.from((saved as EffectRecord[]).map((r): [string, EffectRecord] => [r.key, r]))
      : Table.revive<EffectRecord>(saved).copy();
    this.#performed = state.performed;
  }
}

/**
 * One writer per run, chosen with the Web Locks API: the first tab to ask holds the lock and
 * writes; every other tab follows read-only until it asks to take over, which steals the lock and
 * turns the old writer into a follower. Two tabs therefore never both write (issue 3).
 */
export type TabRole = 'writer' | 'follower';

type Listener = (role: TabRole) => void;

export class TabLock {
  readonly name: string;
  readonly #locks: LockManager;
  #role: TabRole = 'follower';
  #release: (() => void) | null = null;
  #waiting: AbortController | null = null;
  readonly #listeners = new Set<Listener>();

  private constructor(name: string, locks: LockManager) {
    this.name = name;
    this.#locks = locks;
  }

  /** Asks for the writer lock without waiting: writer if free, follower if another tab holds it. */
  static async claim(
    name: string,
    locks: LockManager | undefined = globalThis.navigator?.locks,
  ): Promise<TabLock> {
    if (!locks)
      throw new Error(
        'This browser has no Web Locks API, so Eventscape cannot keep two tabs from both writing.',
      );
    const lock = new TabLock(name, locks);
    await lock.#request({ ifAvailable: true });
    return lock;
  }

  get role(): TabRole {
    return this.#role;
  }

  /** Called with the new role whenever it changes (taken over by another tab, or took over). */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Steals the lock from the writer tab; that tab becomes a follower. */
  async takeOver(): Promise<void> {
    if (this.#role === 'writer') return;
    await this.#request({ steal: true });
  }

  /**
   * For a follower: waits in line for the lock and calls `granted` once the writer lets go (its tab
   * closed, say). The lock is then held until this page goes away.
   */
  waitForLock(granted: () => void): void {
    if (this.#role === 'writer' || this.#waiting) return;
    this.#waiting = new AbortController();
    this.#locks
      .request(this.name, { signal: this.#waiting.signal }, () => {
        granted();
        return new Promise<void>((release) => {
          this.#release = release;
        });
      })
      .catch(() => {}); // stopped waiting (release), or taken from us again: nothing to do here
  }

  /** Gives the lock up (page closing, or handing over). */
  release(): void {
    // A closed page must not stay in line: it would be handed the lock and hold it for nobody.
    this.#waiting?.abort();
    this.#waiting = null;
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  /** Resolves once it is known whether this tab got the lock. */
  #request(options: LockOptions): Promise<void> {
    return new Promise<void>((decided) => {
      this.#locks
        .request(this.name, options, (lock) => {
          if (!lock) {
            this.#set('follower');
            decided();
            return undefined;
          }
          this.#set('writer');
          decided();
          // Hold the lock until released; a steal by another tab rejects this request.
          return new Promise<void>((release) => {
            this.#release = release;
          });
        })
        .catch(() => {
          // AbortError: another tab took over. This tab must stop writing at once.
          this.#release = null;
          this.#set('follower');
          decided();
        })
        .then(() => {
          if (this.#role === 'writer' && this.#release === null) this.#set('follower');
        });
    });
  }

  #set(role: TabRole): void {
    if (role === this.#role) return;
    this.#role = role;
    for (const listener of this.#listeners) listener(role);
  }
}

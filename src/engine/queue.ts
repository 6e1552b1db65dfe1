/** A FIFO queue with O(1) amortised push and shift (Array#shift is O(n) on a long inbox). */
export class Queue<T> {
  #items: T[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head] as T;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** The items in order (a copy). */
  toArray(): T[] {
    return this.#items.slice(this.#head);
  }

  /** Removes every item for which `drop` is true, keeping order. */
  remove(drop: (item: T) => boolean): number {
    const kept = this.toArray().filter((item) => !drop(item));
    const removed = this.length - kept.length;
    this.#items = kept;
    this.#head = 0;
    return removed;
  }
}

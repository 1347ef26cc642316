/**
 * A FIFO queue that holds at most `limit` items: past it, the oldest are dropped, in O(1) per push
 * (amortized). The request-log writer appends one row per request while the database is away; a
 * `splice(0, 1)` per append moved the whole queue each time.
 */
export class BoundedQueue<T> {
  private items: Array<T | undefined> = [];
  /** Index of the oldest item kept: items before it are dropped and cleared. */
  private head = 0;

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `item` at the end; returns how many of the oldest were dropped to make room (0 or 1). */
  push(item: T): number {
    this.items.push(item);
    if (this.length <= this.limit) return 0;
    this.items[this.head++] = undefined;
    // Copy the kept items down once the dropped prefix is as long as they are: O(1) per drop, amortized.
    if (this.head >= this.length) this.compact();
    return 1;
  }

  /** Removes and returns every item, oldest first. */
  takeAll(): T[] {
    const taken = (this.head === 0 ? this.items : this.items.slice(this.head)) as T[];
    this.items = [];
    this.head = 0;
    return taken;
  }

  /** Puts `items` back before the queued ones (a batch to try again); returns how many of the oldest were dropped to stay within the limit. */
  prepend(items: readonly T[]): number {
    if (items.length === 0) return 0;
    const all: Array<T | undefined> = items.concat(this.items.slice(this.head) as T[]);
    const excess = Math.max(0, all.length - this.limit);
    this.items = excess > 0 ? all.slice(excess) : all;
    this.head = 0;
    return excess;
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}

import { createHash } from 'node:crypto';
import type { Digestible } from '../digest.js';
import type { TypedValue } from '../values.js';

const MIN_CAPACITY = 8;

/**
 * A Redis list: a ring buffer of latin1 strings (a deque). Push and pop at either end are O(1) amortized,
 * index access is O(1) (Redis's quicklist is O(n) there: never slower), inserting or removing in the middle
 * shifts the shorter side. The buffer's capacity is a power of two, so a position wraps with a mask; it
 * halves when a quarter full, so a drained list gives its memory back.
 *
 * OBJECT ENCODING: Redis 7.0 keeps every list in a quicklist (the listpack encoding for small lists arrived in
 * 7.2), so this answers "quicklist" whatever the size, as 7.0's own list tests expect.
 */
export class ListValue implements TypedValue, Digestible {
  readonly type = 'list' as const;
  /** The key's access stamp, kept by the database (TypedValue.stamp). */
  stamp = 0;
  private items: (string | undefined)[];
  private head = 0;
  private count = 0;

  constructor(elements: readonly string[] = []) {
    let capacity = MIN_CAPACITY;
    while (capacity < elements.length) capacity *= 2;
    this.items = new Array<string | undefined>(capacity);
    for (let i = 0; i < elements.length; i++) this.items[i] = elements[i];
    this.count = elements.length;
  }

  get encoding(): string {
    return 'quicklist';
  }

  get length(): number {
    return this.count;
  }

  private slot(index: number): number {
    return (this.head + index) & (this.items.length - 1);
  }

  /** The element at 0-based position `index` (0 <= index < length). */
  at(index: number): string {
    return this.items[this.slot(index)]!;
  }

  /** Replaces the element at 0-based position `index` (0 <= index < length). */
  setAt(index: number, value: string): void {
    this.items[this.slot(index)] = value;
  }

  pushHead(value: string): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = value;
    this.count++;
  }

  pushTail(value: string): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    this.items[this.slot(this.count)] = value;
    this.count++;
  }

  /** Removes and returns the first element (undefined when empty). */
  popHead(): string | undefined {
    if (this.count === 0) return undefined;
    const value = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    this.maybeShrink();
    return value;
  }

  /** Removes and returns the last element (undefined when empty). */
  popTail(): string | undefined {
    if (this.count === 0) return undefined;
    const slot = this.slot(this.count - 1);
    const value = this.items[slot];
    this.items[slot] = undefined;
    this.count--;
    this.maybeShrink();
    return value;
  }

  /** Inserts `value` so that it ends at position `index` (0 <= index <= length), shifting the shorter side. */
  insertAt(index: number, value: string): void {
    if (index === 0) return this.pushHead(value);
    if (index === this.count) return this.pushTail(value);
    if (index < this.count / 2) {
      this.pushHead(this.at(0));
      for (let i = 1; i < index; i++) this.setAt(i, this.at(i + 1));
    } else {
      this.pushTail(this.at(this.count - 1));
      for (let i = this.count - 2; i > index; i--) this.setAt(i, this.at(i - 1));
    }
    this.setAt(index, value);
  }

  /** Index of the first element equal to `value` from the head, or -1. */
  indexOf(value: string): number {
    for (let i = 0; i < this.count; i++) if (this.at(i) === value) return i;
    return -1;
  }

  /**
   * LREM: removes up to `limit` elements equal to `value` (0 = all), scanning from the head or, with
   * `fromTail`, from the tail; keeps the others in order. Returns how many went.
   */
  removeMatching(value: string, limit: number, fromTail: boolean): number {
    let removed = 0;
    const n = this.count;
    if (!fromTail) {
      let write = 0;
      for (let read = 0; read < n; read++) {
        const item = this.at(read);
        if (item === value && (limit === 0 || removed < limit)) removed++;
        else this.setAt(write++, item);
      }
      for (let i = write; i < n; i++) this.items[this.slot(i)] = undefined;
    } else {
      let write = n - 1;
      for (let read = n - 1; read >= 0; read--) {
        const item = this.at(read);
        if (item === value && (limit === 0 || removed < limit)) removed++;
        else this.setAt(write--, item);
      }
      for (let i = 0; i <= write; i++) this.items[this.slot(i)] = undefined;
      this.head = this.slot(removed);
    }
    this.count -= removed;
    this.maybeShrink();
    return removed;
  }

  /** Drops `fromHead` elements at the head and `fromTail` at the tail (LTRIM; their sum <= length). */
  trim(fromHead: number, fromTail: number): void {
    for (let i = 0; i < fromHead; i++) this.popHead();
    for (let i = 0; i < fromTail; i++) this.popTail();
  }

  /** Elements [start, end] (0-based, inclusive, in range), in order or reversed (from end to start). */
  range(start: number, end: number, reverse = false): string[] {
    const out = new Array<string>(end - start + 1);
    for (let i = start; i <= end; i++) out[reverse ? end - i : i - start] = this.at(i);
    return out;
  }

  toArray(): string[] {
    return this.count === 0 ? [] : this.range(0, this.count - 1);
  }

  clone(): ListValue {
    return new ListValue(this.toArray());
  }

  /** Ordered: the same elements in the same order digest equal, whatever the buffer's layout. */
  digest(): Buffer {
    const hash = createHash('sha1');
    for (let i = 0; i < this.count; i++) {
      const item = this.at(i);
      hash.update(`${item.length}\0`);
      hash.update(item, 'latin1');
    }
    return hash.digest();
  }

  private maybeShrink(): void {
    const capacity = this.items.length;
    if (capacity > MIN_CAPACITY && this.count <= capacity / 4) this.resize(capacity / 2);
  }

  private resize(capacity: number): void {
    const next = new Array<string | undefined>(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.items = next;
    this.head = 0;
  }
}

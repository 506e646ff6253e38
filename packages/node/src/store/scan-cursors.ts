/**
 * Cursors for the SCAN family over JS Maps and Sets.
 *
 * Redis's SCAN walks a hash table by bucket with a reverse-binary cursor, which is what lets it promise that
 * every element present for the whole iteration is returned at least once, even across rehashing. A JS Map
 * has no buckets to address, but its iterators give the same promise for free: an iterator stays valid while
 * the Map changes, visits entries in insertion order, skips deleted entries and also visits entries added
 * after it started (an entry that is deleted and re-added moves to the end and is seen again: a duplicate,
 * which SCAN allows). So a cursor here is a number that names a live iterator kept in a small registry.
 *
 * - Cursor 0 starts a new iteration; a finished iteration answers cursor 0 and frees its entry.
 * - Each call consumes up to COUNT entries, then peeks one more, so an iteration that is done says so at once
 *   (Redis returns everything with cursor 0 when a small table fits in one call) instead of one empty call later.
 * - A cursor that names nothing (evicted, from before a restart, made up) or that was opened over another
 *   collection (another key, or a database that was flushed or swapped since) restarts the iteration under a
 *   new cursor. Redis accepts any cursor and makes no promise for ones it did not hand out; restarting keeps the
 *   at-least-once promise at the cost of duplicates.
 * - The registry is bounded: the least recently used cursor goes first when it is full, and cursors left idle
 *   longer than `maxIdleMs` are dropped (a live iterator keeps its collection alive, even after FLUSHALL).
 *
 * Pure: time comes in as an argument. One registry serves a whole node (SCAN, HSCAN, SSCAN, ZSCAN): cursors
 * are not tied to a connection, as in Redis, where any connection may continue any cursor.
 */

/** What can be scanned: a Map (keys are visited) or a Set. */
export interface ScanSource<K> {
  keys(): IterableIterator<K>;
  has(key: K): boolean;
}

interface LiveCursor {
  readonly id: number;
  readonly source: ScanSource<unknown>;
  readonly iterator: Iterator<unknown>;
  /** The entry peeked at the end of the last call: the first of the next one. */
  pending: unknown;
  hasPending: boolean;
  lastUsed: number;
}

export interface ScanCursorOptions {
  /** How many iterations may be open at once (least recently used ones are dropped first). */
  capacity?: number;
  /** An iteration not continued for this long is dropped. */
  maxIdleMs?: number;
}

const U64_MAX = 2n ** 64n - 1n;

/**
 * Parses a cursor as Redis's parseScanCursorOrReply does (strtoul, base 10): an optional sign and digits, no
 * leading space, nothing after the digits, at most 2^64-1 in magnitude; a minus sign wraps like C's unsigned
 * negation. An empty string is cursor 0, as strtoul reads it. Returns null for "ERR invalid cursor".
 */
export function parseScanCursor(text: string): bigint | null {
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 43 /* + */ || first === 45 /* - */) {
    negative = first === 45;
    i = 1;
  }
  const digits = text.slice(i);
  if (digits.length === 0) return text.length === 0 ? 0n : null; // "" is 0 for strtoul; "+" and "-" are not numbers
  for (let j = 0; j < digits.length; j++) {
    const c = digits.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const magnitude = BigInt(digits);
  if (magnitude > U64_MAX) return null; // ERANGE
  return negative && magnitude !== 0n ? U64_MAX + 1n - magnitude : magnitude;
}

export class ScanCursors {
  private readonly live = new Map<number, LiveCursor>();
  private nextId = 1;
  private readonly capacity: number;
  private readonly maxIdleMs: number;

  constructor(options: ScanCursorOptions = {}) {
    this.capacity = options.capacity ?? 1024;
    this.maxIdleMs = options.maxIdleMs ?? 10 * 60_000;
  }

  /** How many iterations are open. */
  get size(): number {
    return this.live.size;
  }

  /**
   * Continues iteration `cursor` over `source`: appends up to `count` keys to `out` and returns the cursor for
   * the next call, 0 when the iteration is complete.
   */
  step<K>(source: ScanSource<K>, cursor: bigint, count: number, now: number, out: K[]): number {
    this.dropIdle(now);
    let entry = cursor === 0n || cursor > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : this.live.get(Number(cursor));
    if (entry !== undefined) {
      this.live.delete(entry.id); // re-inserted below: Map order is the LRU order
      if (entry.source !== source) entry = undefined;
    }
    entry ??= this.open(source, now);
    entry.lastUsed = now;
    const iterator = entry.iterator as Iterator<K>;
    let taken = 0;
    if (entry.hasPending) {
      entry.hasPending = false;
      const key = entry.pending as K;
      entry.pending = undefined;
      if (source.has(key)) {
        out.push(key);
        taken++;
      }
    }
    for (; taken < count; taken++) {
      const next = iterator.next();
      if (next.done) return 0;
      out.push(next.value);
    }
    const peek = iterator.next();
    if (peek.done) return 0;
    entry.pending = peek.value;
    entry.hasPending = true;
    this.live.set(entry.id, entry);
    return entry.id;
  }

  /** Forgets every open iteration (e.g. when the whole dataset is replaced). */
  clear(): void {
    this.live.clear();
  }

  private open(source: ScanSource<unknown>, now: number): LiveCursor {
    while (this.live.size >= this.capacity) this.live.delete(this.live.keys().next().value!);
    return { id: this.nextId++, source, iterator: source.keys(), pending: undefined, hasPending: false, lastUsed: now };
  }

  /** Drops iterations idle for too long; the oldest come first in the Map, so this stops at the first fresh one. */
  private dropIdle(now: number): void {
    for (const [id, entry] of this.live) {
      if (now - entry.lastUsed <= this.maxIdleMs) return;
      this.live.delete(id);
    }
  }
}

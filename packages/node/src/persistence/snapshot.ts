import type { Database } from '../store/database.js';
import type { RedisValue, TypedValue } from '../store/values.js';
import {
  DEFAULT_SNAPSHOT_COMMAND_OPTIONS,
  KEY_DONE,
  SnapshotCommandWriter,
  type SnapshotCommandOptions,
} from './snapshot-commands.js';
import type { SnapshotPreserver } from './snapshot-hook.js';

/** What a snapshot is taken of: the node's Keyspace, or any list of databases. */
export interface SnapshotSource {
  readonly dbs: readonly Database[];
}

export interface SnapshotProgress {
  /** Keys the snapshot holds (those present at its start, expired ones included). */
  readonly keysTotal: number;
  /** Keys completely written so far. */
  readonly keysEmitted: number;
  /** Bytes of commands handed out so far. */
  readonly bytesEmitted: number;
  /** Copies held of values that were about to change before the walk reached them. */
  readonly preservedValues: number;
  /** Copies taken so far (each released once its key is written). */
  readonly valuesCopied: number;
}

/**
 * The captured keys of one non-empty database, at positions up to `end` (positions run database by database),
 * and their expiry times: a copy of its `expires` when few keys have one, else one slot per key (NaN: none).
 */
interface Run {
  readonly db: number;
  readonly end: number;
  expires: Map<string, number> | null;
  expireAts: Float64Array | null;
}

/**
 * Copying an expires entry costs about 1.4 times looking a key up in a big Map (both are cache misses): below
 * this share of keys with a TTL a copy of the Map is the cheaper capture.
 */
const COPY_EXPIRES_BELOW = 0.6;

/**
 * A consistent snapshot of the keyspace, produced in slices while the node keeps serving (DESIGN.md §3: "a key
 * about to be changed or deleted during the walk is copied first if the walk has not reached it, so the
 * snapshot is exactly the dataset at its start offset"). Pure: no timers, no I/O; the caller pulls slices with
 * `next` and registers the snapshot in `NodeServer.snapshots` meanwhile.
 *
 * At construction, in the same turn as the caller reads the log offset, it captures every database's keys
 * with their values and expiry times. What changes a dataset afterwards never touches that capture, except
 * one thing: an edit in place of a value object (HSET on a hash, APPEND on a MutableString...). Plain strings
 * are immutable JS strings, and deleting, replacing, renaming, moving or swapping keys only moves references
 * around. So the capture holds references, and `preserve(db, key)`, which the dispatcher calls before every
 * write for every key it names, clones the value found at that key if it is one of the captured objects not
 * yet written. Objects are found by identity, not by key name: wherever a value went since the start (RENAME,
 * MOVE, SWAPDB), the preserve before its next edit catches it. Keys created after the start are never in the
 * capture; keys deleted since are written from the reference kept (expiry and eviction deletions included:
 * their DEL follows in the log).
 *
 * Cost: capturing is O(keys) in the caller's turn: about 50 ns a key, plus about 250 ns per collection (the
 * identity Map) and per key with a TTL (at most 200 ns per key of its database). Memory: two array slots per
 * key (name, value), its expiry time, a Map entry per captured collection (or MutableString) not yet written,
 * and one clone per value edited before the walk reached it. Names, values and clones are released as the
 * walk passes them, expiry times database by database.
 */
export class KeyspaceSnapshot implements SnapshotPreserver {
  private readonly dbs: readonly Database[];
  private keys: (string | undefined)[];
  private values: (RedisValue | undefined)[];
  private runs: Run[] = [];
  /** Captured objects not yet completely written, to their position: what an edit in place would change. */
  private readonly tracked = new Map<TypedValue, number>();
  /** Clones of tracked values taken before an edit, by position. */
  private readonly preserved = new Map<number, RedisValue>();
  private readonly writer: SnapshotCommandWriter;
  private readonly total: number;
  private position = 0;
  private run = 0;
  /** Element of the key at `position` to resume from (a big collection spans several slices). */
  private elementFrom = 0;
  private bytesEmitted = 0;
  private valuesCopied = 0;

  constructor(source: SnapshotSource, options: SnapshotCommandOptions = DEFAULT_SNAPSHOT_COMMAND_OPTIONS) {
    this.dbs = source.dbs;
    this.writer = new SnapshotCommandWriter(options);
    let total = 0;
    for (const db of source.dbs) total += db.data.size;
    this.total = total;
    this.keys = new Array<string | undefined>(total);
    this.values = new Array<RedisValue | undefined>(total);
    for (const db of source.dbs) this.capture(db);
  }

  private capture(db: Database): void {
    if (db.data.size === 0) return;
    const { keys, values, tracked } = this;
    const start = this.runs.length === 0 ? 0 : this.runs[this.runs.length - 1]!.end;
    let i = start;
    db.data.forEach((value, key) => {
      keys[i] = key;
      values[i] = value;
      if (typeof value !== 'string') tracked.set(value, i);
      i++;
    });
    const run: Run = { db: db.index, end: i, expires: null, expireAts: null };
    const expires = db.expires;
    if (expires.size === 0) {
      // No TTLs: nothing to capture.
    } else if (expires.size < db.data.size * COPY_EXPIRES_BELOW) {
      const copy = new Map<string, number>();
      expires.forEach((at, key) => copy.set(key, at)); // forEach: no entry array per element, unlike new Map(expires)
      run.expires = copy;
    } else {
      const expireAts = new Float64Array(i - start);
      for (let j = start; j < i; j++) expireAts[j - start] = expires.get(keys[j]!) ?? NaN;
      run.expireAts = expireAts;
    }
    this.runs.push(run);
  }

  /** `key` of `db` is about to change: if it holds a captured value not yet written, keep a copy of it. */
  preserve(db: number, key: string): void {
    if (this.tracked.size === 0) return;
    const value = this.dbs[db]?.data.get(key);
    if (value === undefined || typeof value === 'string') return;
    const position = this.tracked.get(value);
    if (position === undefined) return;
    this.tracked.delete(value);
    // The clone keeps the original's element order, so a key half written goes on from the same element.
    this.preserved.set(position, value.clone());
    this.values[position] = undefined;
    this.valuesCopied++;
  }

  /**
   * Nothing to do: the commands that change keys they do not name (FLUSHALL, FLUSHDB, SWAPDB, MOVE, COPY) drop,
   * move or copy values but edit none in place, and the capture holds every value by reference (see above).
   * A later edit of a moved value is preceded by preserve() on its new key, which finds it by identity.
   */
  preserveEverything(): void {}

  /** The next slice of commands, about `budgetBytes` of them (at least one command), or null when done. */
  next(budgetBytes: number): Buffer | null {
    const writer = this.writer;
    const limit = Math.max(1, budgetBytes);
    while (this.position < this.total && writer.size < limit) {
      const i = this.position;
      const run = this.currentRun(i);
      writer.select(run.db);
      const key = this.keys[i]!;
      const value = this.preserved.size === 0 ? this.values[i]! : (this.preserved.get(i) ?? this.values[i]!);
      const resume = writer.writeKey(key, value, expireAtOf(run, i, key), this.elementFrom, limit);
      if (resume !== KEY_DONE) {
        this.elementFrom = resume;
        break;
      }
      this.release(i, value);
    }
    if (this.position >= this.total) this.releaseAll();
    if (writer.size === 0) return null;
    const slice = writer.take();
    this.bytesEmitted += slice.length;
    return slice;
  }

  get done(): boolean {
    return this.position >= this.total;
  }

  get progress(): SnapshotProgress {
    return {
      keysTotal: this.total,
      keysEmitted: this.position,
      bytesEmitted: this.bytesEmitted,
      preservedValues: this.preserved.size,
      valuesCopied: this.valuesCopied,
    };
  }

  /** The run holding `position`; the runs before it are done, their expiry copies dropped. */
  private currentRun(position: number): Run {
    let run = this.runs[this.run]!;
    while (position >= run.end) {
      run.expires = null;
      run.expireAts = null;
      run = this.runs[++this.run]!;
    }
    return run;
  }

  /** The key at `position` is written: forget it, so neither it nor a copy of it is kept alive by the walk. */
  private release(position: number, value: RedisValue): void {
    if (typeof value !== 'string') {
      if (!this.preserved.delete(position)) this.tracked.delete(value);
    }
    this.keys[position] = undefined;
    this.values[position] = undefined;
    this.position++;
    this.elementFrom = 0;
  }

  private releaseAll(): void {
    this.keys = [];
    this.values = [];
    this.runs = [];
    this.tracked.clear();
    this.preserved.clear();
  }
}

function expireAtOf(run: Run, position: number, key: string): number | undefined {
  if (run.expires !== null) return run.expires.get(key);
  if (run.expireAts === null) return undefined;
  const at = run.expireAts[position - (run.end - run.expireAts.length)]!;
  return Number.isNaN(at) ? undefined : at;
}

import type { Clock } from '../clock.js';
import { AccessTracker } from './eviction.js';
import { account, accounted } from './memory.js';
import type { RedisValue } from './values.js';

/** What the keyspace tells the rest of the node: modified keys (WATCH) and keys that expired (effect log, events). */
export interface KeyspaceHooks {
  keyModified(db: Database, key: string): void;
  keyExpired(db: Database, key: string): void;
  /** A key that did not exist was added (dbAdd: the 'new' keyspace event). */
  keyAdded(db: Database, key: string): void;
  /** Access stamping (LRU/LFU) shared by the node's databases; a private one when absent (bare databases). */
  readonly access?: AccessTracker;
}

/**
 * One numbered database: a Map of keys to values and, as in Redis, a second Map of keys to their absolute
 * expiry time in ms. A key past its time is deleted when touched (lazy expiry) or by the active cycle.
 */
export class Database {
  data = new Map<string, RedisValue>();
  expires = new Map<string, number>();
  /** Whether lazily found expired keys are deleted (a replica keeps them until the primary says DEL). */
  deleteExpired = true;
  /**
   * While the primary's effect stream is applied, no key counts as expired: the primary decided what existed
   * when each effect ran and sends a DEL when a key expires (Redis treats its master client the same way).
   */
  applyingStream = false;
  /** The active expiry cycle's position in `expires`, kept between cycles like Redis's expires_cursor. */
  expireCursor: Iterator<[string, number]> | null = null;
  /**
   * Memory accounting (store/memory.ts): the estimated bytes of this database's keys and values, kept up to
   * date by every mutation below, never by walking the data.
   */
  usedBytes = 0;
  /**
   * The access stamps (store/eviction.ts AccessTracker: LRU time or LFU counter, Redis's robj `lru` field) of
   * keys holding plain string values. A value that is an object carries its own (TypedValue.stamp): a side
   * Map entry costs about 28 bytes a key in V8, a field on the object 8.
   */
  stringStamps = new Map<string, number>();
  private readonly tracker: AccessTracker;

  constructor(
    readonly index: number,
    private readonly clock: Clock,
    private readonly hooks: KeyspaceHooks,
  ) {
    this.tracker = hooks.access ?? new AccessTracker(clock);
  }

  get size(): number {
    return this.data.size;
  }

  /** The value at `key`, or undefined if it is absent or expired (expiring it on the way). */
  get(key: string): RedisValue | undefined {
    const value = this.data.get(key);
    if (value === undefined) return undefined;
    if (this.expires.size !== 0 && !this.applyingStream && this.expireIfNeeded(key)) return undefined;
    // A lookup is an access (lookupKey), except for the commands that only inspect keys (LOOKUP_NOTOUCH).
    const tracker = this.tracker;
    if (!tracker.noTouch) {
      if (typeof value === 'string') {
        const stamps = this.stringStamps;
        stamps.set(key, tracker.lfu ? tracker.accessed(stamps.get(key)) : tracker.lruNow());
      } else {
        value.stamp = tracker.lfu ? tracker.accessed(value.stamp) : tracker.lruNow();
      }
    }
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Stores a value, dropping any TTL unless asked to keep it (SET KEEPTTL) or setting `expireAt` with it (one
   * change, as Redis counts SET EX). An old value already past its time is expired first, as Redis's setKey
   * does, so it is announced and logged as expired rather than silently replaced.
   */
  set(key: string, value: RedisValue, keepTtl = false, expireAt?: number): void {
    if (this.expires.size !== 0) {
      if (!this.applyingStream) this.expireIfNeeded(key);
      if (!keepTtl) this.expires.delete(key);
    }
    const old = this.data.get(key);
    // The old figure first: storing the same object again re-counts it.
    if (old !== undefined) this.usedBytes -= accounted(key, old);
    this.data.set(key, value);
    this.usedBytes += account(key, value);
    if (old === undefined) {
      this.setStamp(key, value, this.tracker.fresh());
      this.hooks.keyAdded(this, key);
    } else {
      // An overwrite keeps the LFU counter (dbSetValue); under LRU the new object is fresh.
      this.moveStamp(key, old, value, this.tracker.lfu ? undefined : this.tracker.lruNow());
    }
    if (expireAt !== undefined) this.expires.set(key, expireAt);
    this.hooks.keyModified(this, key);
  }

  /** Replaces the value of a key known to exist, keeping its TTL and stamp (INCR, APPEND, in-place edits). */
  replace(key: string, value: RedisValue): void {
    const old = this.data.get(key);
    if (old !== undefined) this.usedBytes -= accounted(key, old);
    this.data.set(key, value);
    this.usedBytes += account(key, value);
    if (old === undefined) this.setStamp(key, value, this.tracker.fresh());
    else if (old !== value) this.moveStamp(key, old, value, undefined);
    this.hooks.keyModified(this, key);
  }

  /** The access stamp of `key` (undefined if there is no such key), without touching it. */
  stampOf(key: string): number | undefined {
    const value = this.data.get(key);
    if (value === undefined) return undefined;
    return typeof value === 'string' ? this.stringStamps.get(key) : value.stamp;
  }

  /** Stores `stamp` where `value`, stored under `key`, keeps it. */
  private setStamp(key: string, value: RedisValue, stamp: number): void {
    if (typeof value === 'string') this.stringStamps.set(key, stamp);
    else value.stamp = stamp;
  }

  /**
   * `key`'s value changed from `old` to `value`: its stamp goes along (or becomes `stamp` when given), moving
   * between the side Map and the object when the kind of value changed. A string replacing a string keeps
   * its entry untouched (INCR and friends: no Map work on that path).
   */
  private moveStamp(key: string, old: RedisValue, value: RedisValue, stamp: number | undefined): void {
    if (typeof old === 'string') {
      if (typeof value === 'string') {
        if (stamp !== undefined) this.stringStamps.set(key, stamp);
        return;
      }
      value.stamp = stamp ?? this.stringStamps.get(key) ?? this.tracker.fresh();
      this.stringStamps.delete(key);
      return;
    }
    this.setStamp(key, value, stamp ?? old.stamp);
  }

  delete(key: string): boolean {
    const old = this.data.get(key);
    if (old === undefined) return false;
    this.forget(key, old);
    this.hooks.keyModified(this, key);
    return true;
  }

  /** Tells watchers that a value changed in place (collections mutate without a set()). */
  touch(key: string): void {
    // Re-count the value changed in place (its previous figure is remembered on it).
    const value = this.data.get(key);
    if (value !== undefined) {
      const before = accounted(key, value);
      this.usedBytes += account(key, value) - before;
    }
    this.hooks.keyModified(this, key);
  }

  /** Removes a key and what is kept about it (TTL, access stamp, its bytes). */
  private forget(key: string, value: RedisValue): void {
    this.data.delete(key);
    if (this.expires.size !== 0) this.expires.delete(key);
    if (typeof value === 'string') this.stringStamps.delete(key);
    this.usedBytes -= accounted(key, value);
  }

  getExpire(key: string): number | undefined {
    return this.expires.size === 0 ? undefined : this.expires.get(key);
  }

  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
    this.hooks.keyModified(this, key);
  }

  removeExpire(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.hooks.keyModified(this, key);
    return true;
  }

  /**
   * Whether setting this absolute expiry time means deleting the key now (Redis's checkAlreadyExpired): never
   * while applying a primary's stream or on a replica, which wait for the primary's DEL instead.
   */
  alreadyExpired(whenMs: number): boolean {
    return whenMs <= this.clock.now() && this.deleteExpired && !this.applyingStream;
  }

  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when <= this.clock.now();
  }

  /** Deletes `key` if its time has passed; true if it is (logically) gone. */
  expireIfNeeded(key: string): boolean {
    if (!this.isExpired(key)) return false;
    if (!this.deleteExpired) return true;
    const value = this.data.get(key);
    if (value !== undefined) this.forget(key, value);
    else this.expires.delete(key);
    // Not keyModified: an expiry is not a change made by the running command (it logs its own DEL).
    this.hooks.keyExpired(this, key);
    return true;
  }

  /** Empties the database; returns how many keys it held. */
  clear(): number {
    const removed = this.data.size;
    this.data = new Map();
    this.expires = new Map();
    this.stringStamps = new Map();
    this.usedBytes = 0;
    this.expireCursor = null;
    return removed;
  }

  /** Swaps contents with another database (SWAPDB, MOVE-free flush tricks). */
  swapWith(other: Database): void {
    [this.data, other.data] = [other.data, this.data];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.stringStamps, other.stringStamps] = [other.stringStamps, this.stringStamps];
    [this.usedBytes, other.usedBytes] = [other.usedBytes, this.usedBytes];
    this.expireCursor = other.expireCursor = null;
  }

  now(): number {
    return this.clock.now();
  }
}

import type { Clock } from '../clock.js';
import type { Database } from './database.js';

/**
 * Access tracking and eviction decisions (Redis's evict.c), pure: no clients, no logging. The node deletes
 * what `Evictor.select` picks. Time comes from an injected clock and randomness from an injected RNG, so
 * tests can drive both.
 */

/** maxmemory-policy as ConfigStore.getNumber reports it (server.h MAXMEMORY_* values). */
export const POLICY_FLAG_LRU = 1;
export const POLICY_FLAG_LFU = 2;
export const POLICY_FLAG_ALLKEYS = 4;
export const POLICY_VOLATILE_TTL = 512;
export const POLICY_VOLATILE_RANDOM = 768;
export const POLICY_ALLKEYS_RANDOM = 1540;
export const POLICY_NOEVICTION = 1792;

/** LFU_INIT_VAL: a new key's counter, so it is not evicted before it had a chance to be used. */
export const LFU_INIT_VAL = 5;
/** EVPOOL_SIZE. */
const POOL_SIZE = 16;
const MINUTE_MS = 60_000;
/**
 * Per-key access stamps (Redis's 24-bit `lru` field of each robj): a field of each object value, or an entry of
 * a Map beside the data for plain string values (store/database.ts). Every stamp is a small integer, which V8
 * stores inline in the field or the Map (a time in ms would be a heap number allocated on every read). Under LFU a stamp packs, as Redis does, the last decrement time
 * in minutes (16 bits) above an 8-bit logarithmic counter: 0 <= stamp < 2^24. Under LRU it is the access time
 * in whole seconds since the tracker started (Redis's LRU clock also has a 1 s resolution), stored negated
 * (-1 - seconds) so the two forms cannot be confused: after a policy switch a stamp of the other form reads
 * as a fresh one, where Redis reads it as garbage ("will take some time to adjust").
 */
export class AccessTracker {
  lfu = false;
  logFactor = 10;
  decayTime = 1;
  /**
   * Set while a command whose lookups must not count as accesses runs (TTL, TYPE, EXISTS, OBJECT...: Redis's
   * LOOKUP_NOTOUCH).
   */
  noTouch = false;
  /** The origin of LRU stamps (ms). */
  private readonly base: number;
  /**
   * The LRU clock, read from the clock once per command (refresh) rather than on every key access: like
   * Redis's cached server.lruclock, its resolution is a second anyway.
   */
  private lruClock = -1;

  constructor(
    private readonly clock: Clock,
    private readonly rng: () => number = Math.random,
  ) {
    this.base = clock.now();
    this.refresh();
  }

  /** Reads the clock for the LRU stamps of the accesses to come (called before each command and each tick). */
  refresh(): void {
    this.lruClock = -1 - Math.max(0, Math.floor((this.clock.now() - this.base) / 1000));
  }

  /** The stamp of a key just created. */
  fresh(): number {
    return this.lfu ? lfuPack(minutes(this.clock.now()), LFU_INIT_VAL) : this.lruNow();
  }

  /** The LRU stamp of an access now. */
  lruNow(): number {
    return this.lruClock;
  }

  /** The stamp after an access (updateLFU: decay, then a logarithmic increment; LRU: now). */
  accessed(stamp: number | undefined): number {
    if (!this.lfu) return this.lruNow();
    let counter = stamp === undefined ? LFU_INIT_VAL : this.decayed(stamp);
    counter = this.logIncrement(counter);
    return lfuPack(minutes(this.clock.now()), counter);
  }

  /** The time (ms) of the access an LRU stamp records; an LFU-form stamp reads as now. */
  accessTime(stamp: number): number {
    return stamp >= 0 ? this.clock.now() : this.base + (-1 - stamp) * 1000;
  }

  /** OBJECT IDLETIME: whole seconds since the last access. */
  idleSeconds(stamp: number): number {
    return Math.floor(this.idleMs(stamp) / 1000);
  }

  /** Milliseconds since the last access. */
  private idleMs(stamp: number): number {
    return Math.max(0, this.clock.now() - this.accessTime(stamp));
  }

  /** LFUDecrAndReturn: the counter after the decay due since its last decrement (OBJECT FREQ's answer). */
  decayed(stamp: number): number {
    // An LRU-form stamp reads as a key created at that time.
    if (stamp < 0) stamp = lfuPack(minutes(this.accessTime(stamp)), LFU_INIT_VAL);
    const counter = stamp & 255;
    if (this.decayTime === 0) return counter;
    const periods = Math.floor(lfuElapsedMinutes(stamp >>> 8, minutes(this.clock.now())) / this.decayTime);
    return periods > counter ? 0 : counter - periods;
  }

  /** LFULogIncr: the higher the counter, the less likely an access raises it. */
  private logIncrement(counter: number): number {
    if (counter === 255) return 255;
    const base = Math.max(0, counter - LFU_INIT_VAL);
    return this.rng() < 1 / (base * this.logFactor + 1) ? counter + 1 : counter;
  }

  /**
   * How good a candidate a key is: higher is evicted first (evictionPoolPopulate's "idle": idle time under
   * LRU, 255 minus the frequency under LFU, "how soon it expires" under volatile-ttl).
   */
  score(policy: number, stamp: number | undefined, expireAt: number | undefined): number {
    if (policy === POLICY_VOLATILE_TTL) return -(expireAt ?? Infinity);
    if (stamp === undefined) return Infinity;
    if (policy & POLICY_FLAG_LFU) return 255 - this.decayed(stamp);
    return this.idleMs(stamp);
  }
}

/** LFUGetTimeInMinutes: UNIX minutes, 16 bits. */
function minutes(ms: number): number {
  return Math.floor(ms / MINUTE_MS) & 0xffff;
}

function lfuPack(minute: number, counter: number): number {
  return minute * 256 + counter;
}

/** LFUTimeElapsed: minutes between two 16-bit minute stamps, wrapping around. */
function lfuElapsedMinutes(then: number, now: number): number {
  return now >= then ? now - then : 65535 - then + now;
}

interface PoolEntry {
  score: number;
  key: string;
  db: number;
}

/** A victim: the database index and the key. */
export interface Victim {
  db: number;
  key: string;
}

/**
 * Picks keys to evict as Redis does: for the LRU, LFU and TTL policies, `samples` keys of each database (of
 * all keys, or only those with a TTL for volatile-*) feed a pool of the 16 best candidates kept between calls,
 * and the best one that still exists goes; the random policies take a random key, visiting the databases
 * in turn. JS Maps have no random access, so a "sample" is the next keys of a cursor that walks each Map
 * round and round, started at a random offset (like dictGetSomeKeys, which reads consecutive buckets from a
 * random place).
 */
export class Evictor {
  private pool: PoolEntry[] = [];
  private nextDb = 0;
  private readonly cursors = new Map<Database, { source: Map<string, unknown>; iterator: Iterator<string> }>();

  constructor(
    private readonly tracker: AccessTracker,
    private readonly rng: () => number = Math.random,
  ) {}

  /** The next key to evict under `policy`, or null when nothing is evictable (noeviction, no candidates). */
  select(dbs: readonly Database[], policy: number, samples: number): Victim | null {
    if (policy === POLICY_NOEVICTION) return null;
    if (policy === POLICY_ALLKEYS_RANDOM || policy === POLICY_VOLATILE_RANDOM) return this.randomVictim(dbs, policy);
    return this.pooledVictim(dbs, policy, samples);
  }

  /** Forgets pooled candidates (after a policy change or a flush: they describe keys that may be gone). */
  reset(): void {
    this.pool = [];
    this.cursors.clear();
  }

  private pooledVictim(dbs: readonly Database[], policy: number, samples: number): Victim | null {
    for (;;) {
      let anyKeys = false;
      for (const db of dbs) {
        const source = sourceOf(db, policy);
        if (source.size === 0) continue;
        anyKeys = true;
        this.populate(db, source, policy, samples);
      }
      if (!anyKeys || this.pool.length === 0) return null;
      // Best candidates are at the end; an entry whose key is gone (or lost its TTL) is dropped, as Redis does.
      while (this.pool.length > 0) {
        const entry = this.pool.pop()!;
        const db = dbs[entry.db];
        if (db !== undefined && sourceOf(db, policy).has(entry.key)) return { db: entry.db, key: entry.key };
      }
    }
  }

  /** evictionPoolPopulate: adds sampled keys that beat the pool's worst, keeping it sorted ascending by score. */
  private populate(db: Database, source: Map<string, unknown>, policy: number, samples: number): void {
    const n = Math.min(samples, source.size);
    for (let i = 0; i < n; i++) {
      const key = this.nextKey(db, source);
      const score = this.tracker.score(policy, db.stampOf(key), db.expires.get(key));
      const pool = this.pool;
      if (pool.length === POOL_SIZE && score <= pool[0]!.score) continue;
      if (pool.some((e) => e.db === db.index && e.key === key)) continue;
      let at = 0;
      while (at < pool.length && pool[at]!.score < score) at++;
      pool.splice(at, 0, { score, key, db: db.index });
      if (pool.length > POOL_SIZE) pool.shift();
    }
  }

  private randomVictim(dbs: readonly Database[], policy: number): Victim | null {
    for (let tried = 0; tried < dbs.length; tried++) {
      const db = dbs[this.nextDb]!;
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const source = sourceOf(db, policy);
      if (source.size === 0) continue;
      // Skip ahead a random distance so repeated picks spread over the keys.
      const skip = Math.floor(this.rng() * Math.min(source.size, 64));
      for (let i = 0; i < skip; i++) this.nextKey(db, source);
      return { db: db.index, key: this.nextKey(db, source) };
    }
    return null;
  }

  /** The next key of `source` on this database's cursor, wrapping around (the Map must not be empty). */
  private nextKey(db: Database, source: Map<string, unknown>): string {
    let cursor = this.cursors.get(db);
    if (cursor === undefined || cursor.source !== source) {
      cursor = { source, iterator: source.keys() };
      this.cursors.set(db, cursor);
      // Start from a random place, so the first samples are not always the oldest keys.
      const skip = Math.floor(this.rng() * Math.min(source.size, 64));
      for (let i = 0; i < skip; i++) cursor.iterator.next();
    }
    let step = cursor.iterator.next();
    if (step.done) {
      cursor.iterator = source.keys();
      step = cursor.iterator.next();
    }
    return step.value as string;
  }
}

/** The keys a policy may evict from: all of them, or only those with a TTL. */
function sourceOf(db: Database, policy: number): Map<string, unknown> {
  return policy & POLICY_FLAG_ALLKEYS ? db.data : db.expires;
}

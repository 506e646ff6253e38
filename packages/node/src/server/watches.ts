import type { Database } from '../store/database.js';
import type { Client } from './client.js';

/** One key a client WATCHes (multi.c watchedKey). */
export interface WatchedKey {
  readonly db: Database;
  readonly key: string;
  /**
   * The key was already expired (present, past its TTL) when watched: its expiry or deletion is no change
   * for this watcher. Cleared once the key is gone, so that a later write counts.
   */
  expired: boolean;
}

/**
 * WATCH bookkeeping: which clients watch which (database, key). A change to a watched key marks its watchers
 * dirty, so their EXEC fails. Keys are joined as "<db>\0<key>" to keep one flat Map; each client holds its
 * WatchedKey entries under the same ids.
 */
export class Watches {
  private readonly byKey = new Map<string, Set<Client>>();

  private static id(db: number, key: string): string {
    return `${db}\0${key}`;
  }

  watch(client: Client, db: Database, key: string): void {
    const id = Watches.id(db.index, key);
    if (client.watched.has(id)) return;
    client.watched.set(id, { db, key, expired: db.isExpired(key) });
    let watchers = this.byKey.get(id);
    if (!watchers) this.byKey.set(id, (watchers = new Set()));
    watchers.add(client);
  }

  unwatchAll(client: Client): void {
    for (const id of client.watched.keys()) {
      const watchers = this.byKey.get(id);
      if (!watchers) continue;
      watchers.delete(client);
      if (watchers.size === 0) this.byKey.delete(id);
    }
    client.watched.clear();
    client.dirtyCas = false;
  }

  get empty(): boolean {
    return this.byKey.size === 0;
  }

  /** isWatchedKeyExpired: a key watched while alive has expired since (EXEC then fails). */
  expiredSinceWatch(client: Client): boolean {
    for (const watched of client.watched.values()) {
      if (!watched.expired && watched.db.isExpired(watched.key)) return true;
    }
    return false;
  }

  /** touchWatchedKey: `key` of `db` changed (called after the change). */
  touch(db: Database, key: string): void {
    if (this.byKey.size === 0) return;
    const id = Watches.id(db.index, key);
    const watchers = this.byKey.get(id);
    if (!watchers) return;
    for (const client of watchers) {
      const watched = client.watched.get(id)!;
      if (watched.expired) {
        // Still the same expired key, or that key now gone: logically no change (once gone, later writes
        // count). Only a live value written over it is a change.
        if (db.isExpired(key)) continue;
        watched.expired = false;
        if (!db.data.has(key)) continue;
      }
      client.dirtyCas = true;
    }
  }

  /**
   * touchAllWatchedKeysInDb: a database is emptied (FLUSHDB/FLUSHALL) or replaced (SWAPDB, called for both
   * sides before the swap). Watchers of keys present in `emptied` or in `replacement` are dirtied, except
   * where an expired key is replaced by nothing or by another expired key, or nothing by an expired key.
   */
  touchDatabase(emptied: Database, replacement?: Database): void {
    if (this.byKey.size === 0) return;
    const prefix = `${emptied.index}\0`;
    for (const [id, watchers] of this.byKey) {
      if (!id.startsWith(prefix)) continue;
      const key = id.slice(prefix.length);
      const inEmptied = emptied.data.has(key);
      const inReplacement = replacement !== undefined && replacement.data.has(key);
      if (!inEmptied && !inReplacement) continue;
      for (const client of watchers) {
        const watched = client.watched.get(id)!;
        if (watched.expired) {
          if (!inReplacement) {
            watched.expired = false;
            continue;
          }
          if (replacement!.isExpired(key)) continue;
        } else if (!inEmptied && replacement!.isExpired(key)) {
          watched.expired = true;
          continue;
        }
        client.dirtyCas = true;
      }
    }
  }
}

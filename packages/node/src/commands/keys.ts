import { NO_SUCH_KEY, NOT_INTEGER, SYNTAX } from '../errors.js';
import { globMatch } from '@understudy/resp';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import type { Database } from '../store/database.js';
import { typeOf, type RedisValue } from '../store/values.js';
import { parseInteger } from '../util/numbers.js';
import { readKey } from './lookup.js';
import { FIRST_KEY, NO_KEYS, type CommandFamily } from './types.js';

/** Generic key commands (db.c, expire.c): DEL, UNLINK, EXISTS, TYPE, KEYS, RENAME(NX), COPY, MOVE, RANDOMKEY, TOUCH, SWAPDB. */

const SAME_OBJECT = 'ERR source and destination objects are the same';
const DB_OUT_OF_RANGE = 'ERR DB index is out of range';
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Adds a key that does not exist (Redis's dbAdd; Database.set announces the 'new' event). */
function addKey(db: Database, key: string, value: RedisValue): void {
  db.set(key, value);
}

/** getIntFromObjectOrReply: an int32 argument, or null after replying Redis's error. */
function parseInt32(client: Client, text: string, message?: string): number | null {
  const n = parseInteger(text);
  if (n === null) {
    client.error(message ?? NOT_INTEGER);
    return null;
  }
  if (n < INT_MIN || n > INT_MAX) {
    client.error(message ?? `ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`);
    return null;
  }
  return n;
}

/** A database index argument (MOVE, COPY DB): the database, or null after replying the error. */
function parseTargetDb(client: Client, text: string): Database | null {
  const index = parseInt32(client, text);
  if (index === null) return null;
  const dbs = client.node.keyspace.dbs;
  if (index < 0 || index >= dbs.length) {
    client.error(DB_OUT_OF_RANGE);
    return null;
  }
  return dbs[index]!;
}

// --- DEL / UNLINK / EXISTS / TYPE / TOUCH -------------------------------------------------------------------

/** DEL and UNLINK: the same here (no lazy-free thread); each deleted key is announced as 'del'. */
function del(client: Client, args: string[]): void {
  const db = client.db;
  const node = client.node;
  let removed = 0;
  for (let i = 1; i < args.length; i++) {
    const key = args[i]!;
    // As Redis: on a primary an expired key is first deleted as an expiry (get() does that), so DEL does not
    // count it; a replica only hides it, and DEL still removes it.
    db.get(key);
    if (!db.delete(key)) continue;
    node.notify(NOTIFY.generic, 'del', key, db.index);
    removed++;
  }
  client.reply.integer(removed);
}

function exists(client: Client, args: string[]): void {
  let count = 0;
  for (let i = 1; i < args.length; i++) if (readKey(client, args[i]!) !== undefined) count++;
  client.reply.integer(count);
}

function type(client: Client, args: string[]): void {
  const value = readKey(client, args[1]!);
  client.reply.simple(value === undefined ? 'none' : typeOf(value));
}

/**
 * TOUCH counts the keys that exist. In Redis the lookup also refreshes each key's LRU/LFU data; the store does
 * not track access times yet (see OBJECT IDLETIME), so counting is all there is to do.
 */
function touch(client: Client, args: string[]): void {
  let count = 0;
  for (let i = 1; i < args.length; i++) if (readKey(client, args[i]!) !== undefined) count++;
  client.reply.integer(count);
}

// --- KEYS / RANDOMKEY -----------------------------------------------------------------------------------

/** KEYS walks the whole database; expired keys are skipped without being deleted (keyIsExpired). */
function keys(client: Client, args: string[]): void {
  const pattern = args[1]!;
  const all = pattern === '*';
  const db = client.db;
  const out: string[] = [];
  for (const key of db.data.keys()) {
    if ((all || globMatch(pattern, key)) && !db.isExpired(key)) out.push(key);
  }
  client.reply.bulkArray(out);
}

/** Per database, the iterator RANDOMKEY walks on from (with the Map it walks: FLUSHDB/SWAPDB replace it). */
const randomWalks = new WeakMap<Database, { map: Map<string, RedisValue>; keys: Iterator<string> }>();
/** How far one RANDOMKEY call may move the walk. */
const RANDOM_WINDOW = 64;

/**
 * A random key without an O(n) walk per call. A Map has no random access, so each database keeps an iterator
 * that moves a random 0..min(size, 64)-1 steps per call, wrapping around at the end. With up to 64 keys that
 * is an exactly uniform choice (a uniform circular shift from any position); above that every key is reachable
 * but consecutive picks are near each other in insertion order. Undefined when the database is empty.
 */
function randomKeyOf(db: Database): string | undefined {
  const map = db.data;
  if (map.size === 0) return undefined;
  let walk = randomWalks.get(db);
  if (walk === undefined || walk.map !== map) randomWalks.set(db, (walk = { map, keys: map.keys() }));
  let steps = Math.floor(Math.random() * Math.min(map.size, RANDOM_WINDOW));
  for (;;) {
    const next = walk.keys.next();
    if (next.done) {
      walk.keys = map.keys(); // not empty, so the new iterator yields
      continue;
    }
    if (steps-- === 0) return next.value;
  }
}

/**
 * RANDOMKEY never returns an expired key: one that is picked is deleted and another is tried (dbRandomKey).
 * A replica cannot delete, so when every key is volatile it gives up after 100 expired picks and returns one.
 */
function randomkey(client: Client): void {
  const db = client.db;
  const allVolatile = db.data.size === db.expires.size;
  let tries = 100;
  for (;;) {
    const key = randomKeyOf(db);
    if (key === undefined) return client.reply.nullBulk();
    if (!db.isExpired(key) || (allVolatile && !db.deleteExpired && --tries === 0)) return client.reply.bulk(key);
    db.expireIfNeeded(key); // deletes it (logged as DEL), or on a replica only hides it
  }
}

// --- RENAME / RENAMENX / MOVE / COPY --------------------------------------------------------------------

function rename(client: Client, args: string[], nx: boolean): void {
  const [, from, to] = args as [string, string, string];
  const db = client.db;
  const value = db.get(from);
  if (value === undefined) {
    return client.error(NO_SUCH_KEY);
  }
  if (from === to) return nx ? client.reply.integer(0) : client.reply.simple('OK');
  const expire = db.getExpire(from);
  if (db.get(to) !== undefined) {
    if (nx) {
      return client.reply.integer(0);
    }
    db.delete(to); // dbDelete: no 'del' event for the overwritten key
  }
  addKey(db, to, value);
  if (expire !== undefined) db.setExpire(to, expire);
  db.delete(from);
  client.node.notify(NOTIFY.generic, 'rename_from', from, db.index);
  client.node.notify(NOTIFY.generic, 'rename_to', to, db.index);
  if (nx) client.reply.integer(1);
  else client.reply.simple('OK');
}

function move(client: Client, args: string[]): void {
  const key = args[1]!;
  const src = client.db;
  const dst = parseTargetDb(client, args[2]!);
  if (dst === null) return;
  if (dst === src) return client.error(SAME_OBJECT);
  const value = src.get(key);
  if (value === undefined || dst.get(key) !== undefined) {
    return client.reply.integer(0);
  }
  const expire = src.getExpire(key);
  addKey(dst, key, value);
  if (expire !== undefined) dst.setExpire(key, expire);
  src.delete(key);
  client.node.notify(NOTIFY.generic, 'move_from', key, src.index);
  client.node.notify(NOTIFY.generic, 'move_to', key, dst.index);
  client.reply.integer(1);
}

/** An independent copy of a value (strings are immutable: sharing one is copying it). */
function duplicateValue(value: RedisValue): RedisValue {
  return typeof value === 'string' ? value : value.clone();
}

function copy(client: Client, args: string[]): void {
  const [, from, to] = args as [string, string, string];
  const src = client.db;
  let dst = src;
  let replace = false;
  for (let i = 3; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (option === 'replace') {
      replace = true;
    } else if (option === 'db' && i + 1 < args.length) {
      const target = parseTargetDb(client, args[++i]!);
      if (target === null) return;
      dst = target;
    } else {
      return client.error(SYNTAX);
    }
  }
  if (src === dst && from === to) return client.error(SAME_OBJECT);
  const value = readKey(client, from);
  if (value === undefined) {
    return client.reply.integer(0);
  }
  const expire = src.getExpire(from);
  const overwrite = dst.get(to) !== undefined;
  if (overwrite && !replace) {
    return client.reply.integer(0);
  }
  const duplicate = duplicateValue(value);
  if (overwrite) dst.delete(to);
  addKey(dst, to, duplicate);
  if (expire !== undefined) dst.setExpire(to, expire);
  client.node.notify(NOTIFY.generic, 'copy_to', to, dst.index);
  client.reply.integer(1);
}

// --- SWAPDB ---------------------------------------------------------------------------------------------

/**
 * SWAPDB exchanges the contents of two databases; clients keep their selected index, so they see the other
 * data. WATCHed keys that exist on either side are touched first (touchAllWatchedKeysInDb both ways).
 */
function swapdb(client: Client, args: string[]): void {
  const first = parseInt32(client, args[1]!, 'ERR invalid first DB index');
  if (first === null) return;
  const second = parseInt32(client, args[2]!, 'ERR invalid second DB index');
  if (second === null) return;
  const node = client.node;
  const dbs = node.keyspace.dbs;
  if (first < 0 || first >= dbs.length || second < 0 || second >= dbs.length) return client.error(DB_OUT_OF_RANGE);
  if (first !== second) {
    const a = dbs[first]!;
    const b = dbs[second]!;
    node.watches.touchDatabase(a, b);
    node.watches.touchDatabase(b, a);
    a.swapWith(b);
    // Clients blocked on either database may be served by the data now there (scanDatabaseForReadyKeys).
    node.blocking.signalDatabase(first);
    node.blocking.signalDatabase(second);
  }
  node.dirty++; // not a key mutation, but a change to propagate (Redis does so even for SWAPDB n n)
  client.reply.simple('OK');
}

// --- specs ----------------------------------------------------------------------------------------------

const generic = { group: 'generic', categories: ['@keyspace'] } as const;
const ALL_KEYS = { firstKey: 1, lastKey: -1, step: 1 } as const;
const TWO_KEYS = { firstKey: 1, lastKey: 2, step: 1 } as const;

export const keyCommands: CommandFamily = [
  {
    ...generic,
    ...ALL_KEYS,
    name: 'del',
    arity: -2,
    flags: ['write'],
    summary: 'Delete a key',
    since: '1.0.0',
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    handler: del,
  },
  {
    ...generic,
    ...ALL_KEYS,
    name: 'unlink',
    arity: -2,
    flags: ['write', 'fast'],
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    handler: del,
  },
  {
    ...generic,
    ...ALL_KEYS,
    name: 'exists',
    arity: -2,
    flags: ['readonly', 'fast'],
    summary: 'Determine if a key exists',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.',
    handler: exists,
  },
  {
    ...generic,
    ...FIRST_KEY,
    name: 'type',
    arity: 2,
    flags: ['readonly', 'fast'],
    summary: 'Determine the type stored at key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: type,
  },
  {
    ...generic,
    ...ALL_KEYS,
    name: 'touch',
    arity: -2,
    flags: ['readonly', 'fast'],
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    handler: touch,
  },
  {
    ...generic,
    ...NO_KEYS,
    categories: ['@keyspace', '@dangerous'],
    name: 'keys',
    arity: 2,
    flags: ['readonly'],
    summary: 'Find all keys matching the given pattern',
    since: '1.0.0',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    handler: keys,
  },
  {
    ...generic,
    ...NO_KEYS,
    name: 'randomkey',
    touchesArbitraryKeys: true,
    arity: 1,
    flags: ['readonly'],
    summary: 'Return a random key from the keyspace',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: randomkey,
  },
  {
    ...generic,
    ...TWO_KEYS,
    name: 'rename',
    arity: 3,
    flags: ['write'],
    summary: 'Rename a key',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, a) => rename(c, a, false),
  },
  {
    ...generic,
    ...TWO_KEYS,
    name: 'renamenx',
    arity: 3,
    flags: ['write', 'fast'],
    summary: 'Rename a key, only if the new key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, a) => rename(c, a, true),
  },
  {
    ...generic,
    ...TWO_KEYS,
    name: 'copy',
    arity: -3,
    flags: ['write', 'denyoom'],
    summary: 'Copy a key',
    since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    handler: copy,
  },
  {
    ...generic,
    ...FIRST_KEY,
    name: 'move',
    arity: 3,
    flags: ['write', 'fast'],
    summary: 'Move a key to another database',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: move,
  },
  {
    ...NO_KEYS,
    group: 'server',
    categories: ['@keyspace', '@dangerous'],
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    summary: 'Swaps two Redis databases',
    since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    handler: swapdb,
  },
];

import { NOT_FLOAT, NOT_INTEGER, SYNTAX, wrongArity } from '../errors.js';
import { globMatch } from '@understudy/resp';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import { HashValue } from '../store/types/hash.js';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble, type LongDouble } from '../util/long-double.js';
import { LLONG_MAX, LLONG_MIN, parseInt64 } from '../util/numbers.js';
import { readTyped, REPLIED } from './lookup.js';
import { parseCursorArg, parseScanOptions, replyScan } from './scan.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/** Hash commands (t_hash.c). */

// --- shared helpers ---------------------------------------------------------------------------------------

function readHash(client: Client, key: string): HashValue | undefined | null {
  return readTyped<HashValue>(client, key, 'hash');
}

/**
 * The hash to write into (hashTypeLookupWriteOrCreate, without the hit/miss count): the stored one, undefined
 * when absent (the caller creates it and stores it once a field is set), or REPLIED after WRONGTYPE.
 */
function hashToWrite(client: Client, key: string): HashValue | undefined | null {
  return readTyped<HashValue>(client, key, 'hash', true);
}

/** Stores a hash just created, or signals the change made in place to a stored one. */
function saveHash(client: Client, key: string, hash: HashValue, created: boolean): void {
  if (created) client.db.set(key, hash);
  else client.db.touch(key);
}

/** hashTypeSet with the listpack limits as configured now. */
function setField(client: Client, hash: HashValue, field: string, value: string): boolean {
  const config = client.node.config;
  return hash.set(field, value, config.getNumber('hash-max-listpack-entries'), config.getNumber('hash-max-listpack-value'));
}

// --- writes -----------------------------------------------------------------------------------------------

/**
 * HSET and HMSET: the pairs after the key must come whole (checked here: the arity only says "at least 4").
 * Redis counts one change per pair; the database counted one for the key already.
 */
function setPairs(client: Client, args: string[], command: 'hset' | 'hmset'): void {
  if (args.length % 2 === 1) return client.error(wrongArity(command));
  const key = args[1]!;
  const found = hashToWrite(client, key);
  if (found === REPLIED) return;
  const hash = found ?? new HashValue();
  const node = client.node;
  const maxEntries = node.config.getNumber('hash-max-listpack-entries');
  const maxValue = node.config.getNumber('hash-max-listpack-value');
  let created = 0;
  for (let i = 2; i < args.length; i += 2) if (hash.set(args[i]!, args[i + 1]!, maxEntries, maxValue)) created++;
  saveHash(client, key, hash, found === undefined);
  node.dirty += (args.length - 2) / 2 - 1;
  node.notify(NOTIFY.hash, 'hset', key, client.dbIndex);
  if (command === 'hset') client.reply.integer(created);
  else client.reply.simple('OK');
}

function hset(client: Client, args: string[]): void {
  setPairs(client, args, 'hset');
}

function hmset(client: Client, args: string[]): void {
  setPairs(client, args, 'hmset');
}

function hsetnx(client: Client, args: string[]): void {
  const [, key, field, value] = args as [string, string, string, string];
  const found = hashToWrite(client, key);
  if (found === REPLIED) return;
  if (found?.has(field)) return client.reply.integer(0);
  const hash = found ?? new HashValue();
  setField(client, hash, field, value);
  saveHash(client, key, hash, found === undefined);
  client.node.notify(NOTIFY.hash, 'hset', key, client.dbIndex);
  client.reply.integer(1);
}

function hdel(client: Client, args: string[]): void {
  const key = args[1]!;
  const hash = hashToWrite(client, key);
  if (hash === REPLIED) return;
  if (hash === undefined) return client.reply.integer(0);
  let deleted = 0;
  for (let i = 2; i < args.length && hash.size > 0; i++) if (hash.delete(args[i]!)) deleted++;
  if (deleted > 0) {
    const db = client.db;
    const removed = hash.size === 0;
    if (removed) db.delete(key);
    else db.touch(key);
    const node = client.node;
    node.dirty += deleted - 1;
    node.notify(NOTIFY.hash, 'hdel', key, db.index);
    if (removed) node.notify(NOTIFY.generic, 'del', key, db.index);
  }
  client.reply.integer(deleted);
}

/** HINCRBY: the increment is checked before the key, the stored value must be a canonical int64. */
function hincrby(client: Client, args: string[]): void {
  const [, key, field, incrementText] = args as [string, string, string, string];
  const increment = parseInt64(incrementText);
  if (increment === null) return client.error(NOT_INTEGER);
  const found = hashToWrite(client, key);
  if (found === REPLIED) return;
  const current = found?.get(field);
  const old = current === undefined ? 0n : parseInt64(current);
  if (old === null) return client.error('ERR hash value is not an integer');
  const result = old + increment;
  if (result > LLONG_MAX || result < LLONG_MIN) return client.error('ERR increment or decrement would overflow');
  const hash = found ?? new HashValue();
  setField(client, hash, field, String(result));
  saveHash(client, key, hash, found === undefined);
  client.node.notify(NOTIFY.hash, 'hincrby', key, client.dbIndex);
  client.reply.integer(result);
}

/**
 * HINCRBYFLOAT in 80-bit long double math, as Redis on x86-64. Always propagated as HSET key field <result>,
 * so replicas and the AOF never redo the float math.
 */
function hincrbyfloat(client: Client, args: string[]): void {
  const [, key, field, incrementText] = args as [string, string, string, string];
  const increment = parseLongDouble(incrementText);
  if (increment === null) return client.error(NOT_FLOAT);
  if (increment.infinite) return client.error('ERR value is NaN or Infinity');
  const found = hashToWrite(client, key);
  if (found === REPLIED) return;
  const current = found?.get(field);
  let sum: LongDouble | null = increment; // a missing field counts as 0
  if (current !== undefined) {
    const old = parseLongDouble(current);
    if (old === null) return client.error('ERR hash value is not a float');
    sum = addLongDouble(old, increment);
  }
  if (sum === null || sum.infinite) return client.error('ERR increment would produce NaN or Infinity');
  const text = formatLongDoubleHuman(sum);
  const hash = found ?? new HashValue();
  setField(client, hash, field, text);
  saveHash(client, key, hash, found === undefined);
  const node = client.node;
  node.notify(NOTIFY.hash, 'hincrbyfloat', key, client.dbIndex);
  node.replaceEffect(['HSET', key, field, text]);
  client.reply.bulk(text);
}

// --- reads ------------------------------------------------------------------------------------------------

function hget(client: Client, args: string[]): void {
  const hash = readHash(client, args[1]!);
  if (hash === REPLIED) return;
  const value = hash?.get(args[2]!);
  if (value === undefined) client.reply.nullBulk();
  else client.reply.bulk(value);
}

/** HMGET: a missing key is an empty hash (a null per field); another type is WRONGTYPE. */
function hmget(client: Client, args: string[]): void {
  const hash = readHash(client, args[1]!);
  if (hash === REPLIED) return;
  const reply = client.reply;
  reply.arrayHeader(args.length - 2);
  for (let i = 2; i < args.length; i++) {
    const value = hash?.get(args[i]!);
    if (value === undefined) reply.nullBulk();
    else reply.bulk(value);
  }
}

function hexists(client: Client, args: string[]): void {
  const hash = readHash(client, args[1]!);
  if (hash !== REPLIED) client.reply.integer(hash?.has(args[2]!) ? 1 : 0);
}

function hlen(client: Client, args: string[]): void {
  const hash = readHash(client, args[1]!);
  if (hash !== REPLIED) client.reply.integer(hash?.size ?? 0);
}

function hstrlen(client: Client, args: string[]): void {
  const hash = readHash(client, args[1]!);
  if (hash !== REPLIED) client.reply.integer(hash?.get(args[2]!)?.length ?? 0);
}

const FIELDS = 1;
const VALUES = 2;

/** genericHgetallCommand: fields and/or values; both make a map (a flat array in RESP2). */
function getAll(client: Client, key: string, what: number): void {
  const hash = readHash(client, key);
  if (hash === REPLIED) return;
  const reply = client.reply;
  const size = hash?.size ?? 0;
  if (what === (FIELDS | VALUES)) reply.mapHeader(size);
  else reply.arrayHeader(size);
  for (let i = 0; i < size; i++) {
    if ((what & FIELDS) !== 0) reply.bulk(hash!.fieldAt(i));
    if ((what & VALUES) !== 0) reply.bulk(hash!.valueAt(i));
  }
}

function hkeys(client: Client, args: string[]): void {
  getAll(client, args[1]!, FIELDS);
}

function hvals(client: Client, args: string[]): void {
  getAll(client, args[1]!, VALUES);
}

function hgetall(client: Client, args: string[]): void {
  getAll(client, args[1]!, FIELDS | VALUES);
}

// --- HRANDFIELD -------------------------------------------------------------------------------------------

const LONG_MAX = LLONG_MAX;
const HALF_LONG_MAX = LLONG_MAX / 2n;
/** Below this many times the count, picking and rejecting duplicates is cheaper than a partial shuffle. */
const SUB_STRATEGY_MUL = 3;

/** One reply entry: the field, with its value when asked (a [field, value] pair in RESP3). */
function replySlot(client: Client, hash: HashValue, slot: number, withValues: boolean): void {
  const reply = client.reply;
  if (withValues && client.protocol === 3) reply.arrayHeader(2);
  reply.bulk(hash.fieldAt(slot));
  if (withValues) reply.bulk(hash.valueAt(slot));
}

/**
 * HRANDFIELD key [count [WITHVALUES]]. The count must lie in [-LONG_MAX, LONG_MAX], and in half that with
 * WITHVALUES (so the RESP2 reply length fits). Read-only: nothing is propagated.
 */
function hrandfield(client: Client, args: string[]): void {
  if (args.length === 2) {
    const hash = readHash(client, args[1]!);
    if (hash === REPLIED) return;
    if (hash === undefined) client.reply.nullBulk();
    else client.reply.bulk(hash.fieldAt(hash.randomSlot()));
    return;
  }
  const count = parseInt64(args[2]!);
  if (count === null) return client.error(NOT_INTEGER);
  if (count < -LONG_MAX) {
    return client.error(`ERR value is out of range, value must between ${-LONG_MAX} and ${LONG_MAX}`);
  }
  if (args.length > 4 || (args.length === 4 && args[3]!.toLowerCase() !== 'withvalues')) return client.error(SYNTAX);
  const withValues = args.length === 4;
  if (withValues && (count < -HALF_LONG_MAX || count > HALF_LONG_MAX)) return client.error('ERR value is out of range');
  const hash = readHash(client, args[1]!);
  if (hash === REPLIED) return;
  if (hash === undefined || count === 0n) return client.reply.arrayHeader(0);
  if (count < 0n) randomWithRepeats(client, hash, Number(-count), withValues);
  else randomDistinct(client, hash, Number(count), withValues);
}

/** A negative count: that many independent picks, repeats allowed. */
function randomWithRepeats(client: Client, hash: HashValue, count: number, withValues: boolean): void {
  client.reply.arrayHeader(withValues && client.protocol === 2 ? count * 2 : count);
  for (let i = 0; i < count; i++) replySlot(client, hash, hash.randomSlot(), withValues);
}

/**
 * A positive count: up to that many distinct fields. All of them when the count reaches the size; a partial
 * Fisher-Yates shuffle when the count is a large part of the hash; otherwise random picks, skipping repeats
 * (few, since the hash is at least three times the count).
 */
function randomDistinct(client: Client, hash: HashValue, count: number, withValues: boolean): void {
  const size = hash.size;
  const replied = Math.min(count, size);
  client.reply.arrayHeader(withValues && client.protocol === 2 ? replied * 2 : replied);
  if (count >= size) {
    for (let slot = 0; slot < size; slot++) replySlot(client, hash, slot, withValues);
  } else if (count * SUB_STRATEGY_MUL > size) {
    const slots = new Int32Array(size);
    for (let i = 0; i < size; i++) slots[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const picked = slots[j]!;
      slots[j] = slots[i]!;
      replySlot(client, hash, picked, withValues);
    }
  } else {
    const seen = new Set<number>();
    while (seen.size < count) {
      const slot = hash.randomSlot();
      if (seen.has(slot)) continue;
      seen.add(slot);
      replySlot(client, hash, slot, withValues);
    }
  }
}

// --- HSCAN ------------------------------------------------------------------------------------------------

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked first, then the key (a missing key
 * answers an empty scan before the options are read, as in Redis), then the options. A listpack-encoded hash
 * is returned whole with cursor 0, whatever the COUNT, as Redis does; a hashtable is walked COUNT fields at a
 * time. MATCH filters on the field; the value comes along.
 */
function hscan(client: Client, args: string[]): void {
  const cursor = parseCursorArg(client, args[2]!);
  if (cursor === null) return;
  const hash = readHash(client, args[1]!);
  if (hash === REPLIED) return;
  if (hash === undefined) return replyScan(client, 0, []);
  const options = parseScanOptions(client, args, 3, false);
  if (options === null) return;
  const fields: string[] = [];
  let next = 0;
  if (hash.encoding === 'listpack') {
    for (let slot = 0; slot < hash.size; slot++) fields.push(hash.fieldAt(slot));
  } else {
    const node = client.node;
    next = node.scanCursors.step(hash.scanSource, cursor, options.count, node.clock.now(), fields);
  }
  const items: string[] = [];
  for (const field of fields) {
    if (options.pattern !== null && !globMatch(options.pattern, field)) continue;
    items.push(field, hash.get(field)!);
  }
  replyScan(client, next, items);
}

// --- the table --------------------------------------------------------------------------------------------

const hashSpec = { group: 'hash', categories: ['@hash'], ...FIRST_KEY } as const;

export const hashCommands: CommandFamily = [
  {
    ...hashSpec,
    name: 'hset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity:
      'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    handler: hset,
  },
  {
    ...hashSpec,
    name: 'hsetnx',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Set the value of a hash field, only if the field does not exist',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hsetnx,
  },
  {
    ...hashSpec,
    name: 'hmset',
    arity: -4,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being set.',
    handler: hmset,
  },
  { ...hashSpec, name: 'hget', arity: 3, flags: ['readonly', 'fast'], summary: 'Get the value of a hash field', since: '2.0.0', complexity: 'O(1)', handler: hget },
  {
    ...hashSpec,
    name: 'hmget',
    arity: -3,
    flags: ['readonly', 'fast'],
    summary: 'Get the values of all the given hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.',
    handler: hmget,
  },
  {
    ...hashSpec,
    name: 'hdel',
    arity: -3,
    flags: ['write', 'fast'],
    summary: 'Delete one or more hash fields',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    handler: hdel,
  },
  { ...hashSpec, name: 'hexists', arity: 3, flags: ['readonly', 'fast'], summary: 'Determine if a hash field exists', since: '2.0.0', complexity: 'O(1)', handler: hexists },
  { ...hashSpec, name: 'hlen', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the number of fields in a hash', since: '2.0.0', complexity: 'O(1)', handler: hlen },
  {
    ...hashSpec,
    name: 'hstrlen',
    arity: 3,
    flags: ['readonly', 'fast'],
    summary: 'Get the length of the value of a hash field',
    since: '3.2.0',
    complexity: 'O(1)',
    handler: hstrlen,
  },
  { ...hashSpec, name: 'hkeys', arity: 2, flags: ['readonly'], summary: 'Get all the fields in a hash', since: '2.0.0', complexity: 'O(N) where N is the size of the hash.', handler: hkeys },
  { ...hashSpec, name: 'hvals', arity: 2, flags: ['readonly'], summary: 'Get all the values in a hash', since: '2.0.0', complexity: 'O(N) where N is the size of the hash.', handler: hvals },
  {
    ...hashSpec,
    name: 'hgetall',
    arity: 2,
    flags: ['readonly'],
    summary: 'Get all the fields and values in a hash',
    since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.',
    handler: hgetall,
  },
  {
    ...hashSpec,
    name: 'hincrby',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the integer value of a hash field by the given number',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: hincrby,
  },
  {
    ...hashSpec,
    name: 'hincrbyfloat',
    arity: 4,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the float value of a hash field by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: hincrbyfloat,
  },
  {
    ...hashSpec,
    name: 'hrandfield',
    arity: -2,
    flags: ['readonly'],
    summary: 'Get one or multiple random fields from a hash',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned',
    handler: hrandfield,
  },
  {
    ...hashSpec,
    name: 'hscan',
    arity: -3,
    flags: ['readonly'],
    summary: 'Incrementally iterate hash fields and associated values',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: hscan,
  },
];

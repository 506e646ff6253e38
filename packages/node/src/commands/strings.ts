import { INVALID_EXPIRE, NOT_FLOAT, NOT_INTEGER, SYNTAX, wrongArity } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import type { Database } from '../store/database.js';
import { isString, mutableOf, stringOf, type MutableString, type StringValue } from '../store/values.js';
import { addLongDouble, formatLongDoubleHuman, parseLongDouble, type LongDouble } from '../util/long-double.js';
import { LLONG_MAX, LLONG_MIN, parseInt64, parseInteger } from '../util/numbers.js';
import { readKey, readString, REPLIED, writeString } from './lookup.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/** String commands (t_string.c). */

// --- shared helpers ---------------------------------------------------------------------------------------

/** Bulks at least this long are queued by the reply writer by reference instead of copied (see ReplyWriter). */
const WRITER_BY_REFERENCE = 64 * 1024;

/**
 * Replies bytes that live in a MutableString's buffer. The writer keeps big Buffers by reference until the
 * socket has them, and a later SETRANGE/SETBIT/APPEND would change those bytes under it: copy big ones.
 */
export function replyBytes(client: Client, bytes: Buffer): void {
  client.reply.bulk(bytes.length >= WRITER_BY_REFERENCE ? Buffer.from(bytes) : bytes);
}

/** Replies a string value as a bulk. */
export function replyString(client: Client, value: StringValue): void {
  if (typeof value === 'string') client.reply.bulk(value);
  else replyBytes(client, value.bytes);
}

/**
 * Stores the result of an in-place edit: a new key, a plain value that became a MutableString, or a
 * MutableString changed in place (only announced). Each way counts one change and signals WATCH.
 */
export function storeEdited(db: Database, key: string, before: StringValue | undefined, after: MutableString): void {
  if (before === undefined) db.set(key, after);
  else if (before !== after) db.replace(key, after);
  else db.touch(key);
}

/** checkStringLength: whether a string of size + append bytes is allowed (proto-max-bulk-len), else replies. */
export function checkStringLength(client: Client, size: number, append: number): boolean {
  if (client.mustObey || size + append <= client.node.config.getNumber('proto-max-bulk-len')) return true;
  client.error('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  return false;
}

// --- GET, SET and their option parsing --------------------------------------------------------------------

function get(client: Client, args: string[]): void {
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  if (value === undefined) client.reply.nullBulk();
  else replyString(client, value);
}

/** The flags of parseExtendedStringArgumentsOrReply. */
const NX = 1;
const XX = 2;
const GET = 4;
const KEEPTTL = 8;
const PERSIST = 16;
const EX = 32;
const PX = 64;
const EXAT = 128;
const PXAT = 256;
const EXPIRES = EX | PX | EXAT | PXAT;

interface ExtendedArgs {
  flags: number;
  /** The argument of the last EX/PX/EXAT/PXAT, or null. */
  expire: string | null;
}

function expireFlag(option: string): number {
  switch (option) {
    case 'ex':
      return EX;
    case 'px':
      return PX;
    case 'exat':
      return EXAT;
    case 'pxat':
      return PXAT;
    default:
      return 0;
  }
}

/**
 * Parses SET's options (from argument 3) or GETEX's (from argument 2) as Redis does: NX/XX/GET/KEEPTTL only
 * for SET, PERSIST only for GETEX, one kind of expiry (repeating the same one is allowed: the last wins),
 * everything else a syntax error. Values are checked later, after the whole line parsed.
 */
function parseExtendedArgs(client: Client, args: string[], forSet: boolean): ExtendedArgs | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < args.length; j++) {
    const option = args[j]!.toLowerCase();
    const hasNext = j < args.length - 1;
    const expiry = expireFlag(option);
    if (forSet && option === 'nx' && (flags & XX) === 0) flags |= NX;
    else if (forSet && option === 'xx' && (flags & NX) === 0) flags |= XX;
    else if (forSet && option === 'get') flags |= GET;
    else if (forSet && option === 'keepttl' && (flags & (PERSIST | EXPIRES)) === 0) flags |= KEEPTTL;
    else if (!forSet && option === 'persist' && (flags & (KEEPTTL | EXPIRES)) === 0) flags |= PERSIST;
    else if (expiry !== 0 && hasNext && (flags & (KEEPTTL | PERSIST | (EXPIRES & ~expiry))) === 0) {
      flags |= expiry;
      expire = args[++j]!;
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  return { flags, expire };
}

/**
 * getExpireMillisecondsOrReply: an expiry argument as absolute ms. Not an integer -> NOT_INTEGER; zero,
 * negative, or overflowing int64 once in ms (and made absolute) -> "invalid expire time". Texts of up to
 * 15 characters cannot overflow and are computed as numbers; longer ones are checked with bigints. (Times past
 * 2^53 ms, some 285,000 years away, are rounded, as the keyspace stores every expiry as a number.)
 */
function expireMillis(client: Client, text: string, seconds: boolean, relative: boolean, command: string): number | null {
  if (text.length <= 15) {
    const amount = parseInteger(text);
    if (amount === null) return replyNull(client, NOT_INTEGER);
    if (amount <= 0) return replyNull(client, INVALID_EXPIRE(command));
    const ms = seconds ? amount * 1000 : amount;
    return relative ? ms + client.db.now() : ms;
  }
  let ms = parseInt64(text);
  if (ms === null) return replyNull(client, NOT_INTEGER);
  if (ms <= 0n || (seconds && ms > LLONG_MAX / 1000n)) return replyNull(client, INVALID_EXPIRE(command));
  if (seconds) ms *= 1000n;
  if (relative) ms += BigInt(client.db.now());
  if (ms > LLONG_MAX) return replyNull(client, INVALID_EXPIRE(command));
  return Number(ms);
}

function replyNull(client: Client, error: string): null {
  client.error(error);
  return null;
}

function expireOf(client: Client, options: ExtendedArgs, command: string): number | null {
  const { flags } = options;
  return expireMillis(client, options.expire!, (flags & (EX | EXAT)) !== 0, (flags & (EX | PX)) !== 0, command);
}

/**
 * setGenericCommand: SET and its older forms. `expireAt` is absolute ms or null; `reply` 'one' answers
 * :1 / :0 (SETNX) instead of +OK / null. The effect of a SET with an expiry is SET key value PXAT ms;
 * SET ... GET is propagated without its GET arguments.
 */
function setGeneric(
  client: Client,
  args: string[],
  flags: number,
  key: string,
  value: string,
  expireAt: number | null,
  reply: 'ok' | 'one',
): void {
  const db = client.db;
  if ((flags & GET) !== 0) {
    const old = readString(client, key);
    if (old === REPLIED) return;
    if (old === undefined) client.reply.nullBulk();
    else replyString(client, old);
  }
  // Looked up even without NX/XX (Redis's setKey does): an expired key goes first, with its DEL and event.
  const found = db.get(key) !== undefined;
  if ((flags & (NX | XX)) !== 0) {
    if (((flags & NX) !== 0 && found) || ((flags & XX) !== 0 && !found)) {
      if ((flags & GET) === 0) {
        if (reply === 'one') client.reply.integer(0);
        else client.reply.nullBulk();
      }
      return;
    }
  }
  db.set(key, value, (flags & KEEPTTL) !== 0, expireAt ?? undefined);
  const node = client.node;
  node.notify(NOTIFY.string, 'set', key, db.index);
  if (expireAt !== null) {
    node.replaceEffect(['SET', key, value, 'PXAT', String(expireAt)]);
    node.notify(NOTIFY.generic, 'expire', key, db.index);
  } else if ((flags & GET) !== 0) {
    node.replaceEffect(args.filter((arg, i) => i < 3 || arg.toLowerCase() !== 'get'));
  }
  if ((flags & GET) === 0) {
    if (reply === 'one') client.reply.integer(1);
    else client.reply.simple('OK');
  }
}

function set(client: Client, args: string[]): void {
  if (args.length === 3) return setGeneric(client, args, 0, args[1]!, args[2]!, null, 'ok');
  const options = parseExtendedArgs(client, args, true);
  if (options === null) return;
  let expireAt: number | null = null;
  if (options.expire !== null && (expireAt = expireOf(client, options, 'set')) === null) return;
  setGeneric(client, args, options.flags, args[1]!, args[2]!, expireAt, 'ok');
}

function setnx(client: Client, args: string[]): void {
  setGeneric(client, args, NX, args[1]!, args[2]!, null, 'one');
}

function setex(client: Client, args: string[]): void {
  const expireAt = expireMillis(client, args[2]!, true, true, 'setex');
  if (expireAt !== null) setGeneric(client, args, 0, args[1]!, args[3]!, expireAt, 'ok');
}

function psetex(client: Client, args: string[]): void {
  const expireAt = expireMillis(client, args[2]!, false, true, 'psetex');
  if (expireAt !== null) setGeneric(client, args, 0, args[1]!, args[3]!, expireAt, 'ok');
}

/** GETSET: GET then a plain SET (the TTL goes), propagated as SET. */
function getset(client: Client, args: string[]): void {
  const [, key, value] = args as [string, string, string];
  const old = readString(client, key);
  if (old === REPLIED) return;
  if (old === undefined) client.reply.nullBulk();
  else replyString(client, old);
  const db = client.db;
  db.set(key, value);
  client.node.notify(NOTIFY.string, 'set', key, db.index);
  client.node.replaceEffect(['SET', key, value]);
}

/** GETDEL: the value, and the key deleted (propagated as DEL, or UNLINK with lazyfree-lazy-user-del). */
function getdel(client: Client, args: string[]): void {
  const key = args[1]!;
  const value = readString(client, key);
  if (value === REPLIED) return;
  if (value === undefined) return client.reply.nullBulk();
  replyString(client, value);
  const db = client.db;
  db.delete(key);
  const node = client.node;
  node.replaceEffect([node.config.getBool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key]);
  node.notify(NOTIFY.generic, 'del', key, db.index);
}

/**
 * GETEX: the value, and its TTL changed. Never propagated as is: PEXPIREAT for a new expiry, PERSIST when a
 * TTL was removed, DEL/UNLINK when EXAT/PXAT is already in the past (then the key is deleted, except on a
 * replica, which waits for its primary's DEL), nothing without options.
 */
function getex(client: Client, args: string[]): void {
  let options: ExtendedArgs | null = null;
  if (args.length > 2 && (options = parseExtendedArgs(client, args, false)) === null) return;
  const key = args[1]!;
  const value = readString(client, key);
  if (value === REPLIED) return;
  if (value === undefined) return client.reply.nullBulk();
  let expireAt: number | null = null;
  if (options !== null && options.expire !== null && (expireAt = expireOf(client, options, 'getex')) === null) return;
  replyString(client, value);
  if (options === null) return;
  const db = client.db;
  const node = client.node;
  if (expireAt !== null) {
    const absolute = (options.flags & (EXAT | PXAT)) !== 0;
    if (absolute && db.alreadyExpired(expireAt)) {
      db.delete(key);
      node.replaceEffect([node.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
      node.notify(NOTIFY.generic, 'del', key, db.index);
    } else {
      db.setExpire(key, expireAt);
      node.replaceEffect(['PEXPIREAT', key, String(expireAt)]);
      node.notify(NOTIFY.generic, 'expire', key, db.index);
    }
  } else if ((options.flags & PERSIST) !== 0 && db.removeExpire(key)) {
    node.replaceEffect(['PERSIST', key]);
    node.notify(NOTIFY.generic, 'persist', key, db.index);
  }
}

// --- multi-key ------------------------------------------------------------------------------------------

/** MGET: a null for missing keys and for keys of other types (no WRONGTYPE here). */
function mget(client: Client, args: string[]): void {
  client.reply.arrayHeader(args.length - 1);
  for (let j = 1; j < args.length; j++) {
    const value = readKey(client, args[j]!);
    if (value === undefined || !isString(value)) client.reply.nullBulk();
    else replyString(client, value);
  }
}

function msetGeneric(client: Client, args: string[], nx: boolean): void {
  if (args.length % 2 === 0) return client.error(wrongArity(nx ? 'msetnx' : 'mset'));
  const db = client.db;
  if (nx) {
    for (let j = 1; j < args.length; j += 2) {
      if (db.get(args[j]!) !== undefined) return client.reply.integer(0);
    }
  }
  for (let j = 1; j < args.length; j += 2) {
    db.get(args[j]!); // setKey's lookup: an expired key is expired (DEL, event) before it is replaced
    db.set(args[j]!, args[j + 1]!);
    client.node.notify(NOTIFY.string, 'set', args[j]!, db.index);
  }
  if (nx) client.reply.integer(1);
  else client.reply.simple('OK');
}

function mset(client: Client, args: string[]): void {
  msetGeneric(client, args, false);
}

function msetnx(client: Client, args: string[]): void {
  msetGeneric(client, args, true);
}

// --- length, append, ranges -----------------------------------------------------------------------------

function strlen(client: Client, args: string[]): void {
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  client.reply.integer(value === undefined ? 0 : value.length);
}

/**
 * APPEND: a new key takes the argument as is; an existing value becomes (or stays) a MutableString that
 * grows in place, so repeated appends are amortized O(1) as with Redis's sds.
 */
function append(client: Client, args: string[]): void {
  const [, key, tail] = args as [string, string, string];
  const db = client.db;
  const current = writeString(client, key);
  if (current === REPLIED) return;
  let length: number;
  if (current === undefined) {
    db.set(key, tail);
    length = tail.length;
  } else {
    if (!checkStringLength(client, current.length, tail.length)) return;
    const edited = mutableOf(current);
    edited.append(tail);
    storeEdited(db, key, current, edited);
    length = edited.length;
  }
  client.node.notify(NOTIFY.string, 'append', key, db.index);
  client.reply.integer(length);
}

/** GETRANGE (and SUBSTR): inclusive byte range, negative indexes from the end, clamped as Redis does. */
function getrange(client: Client, args: string[]): void {
  let start = parseInteger(args[2]!);
  if (start === null) return client.error(NOT_INTEGER);
  let end = parseInteger(args[3]!);
  if (end === null) return client.error(NOT_INTEGER);
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  if (value === undefined) return client.reply.bulk('');
  const length = value.length;
  if (start < 0 && end < 0 && start > end) return client.reply.bulk('');
  if (start < 0) start = Math.max(length + start, 0);
  if (end < 0) end = Math.max(length + end, 0);
  if (end >= length) end = length - 1;
  if (start > end || length === 0) return client.reply.bulk('');
  if (typeof value === 'string') client.reply.bulk(value.slice(start, end + 1));
  else replyBytes(client, value.bytes.subarray(start, end + 1));
}

/** SETRANGE: overwrite from `offset`, zero-padding a shorter (or missing) value; the new length. */
function setrange(client: Client, args: string[]): void {
  const [, key, offsetText, patch] = args as [string, string, string, string];
  const offset = parseInteger(offsetText);
  if (offset === null) return client.error(NOT_INTEGER);
  if (offset < 0) return client.error('ERR offset is out of range');
  const db = client.db;
  const current = writeString(client, key);
  if (current === REPLIED) return;
  if (patch.length === 0) return client.reply.integer(current === undefined ? 0 : current.length);
  if (!checkStringLength(client, offset, patch.length)) return;
  const edited = mutableOf(current);
  edited.write(offset, patch);
  storeEdited(db, key, current, edited);
  client.node.notify(NOTIFY.string, 'setrange', key, db.index);
  client.reply.integer(edited.length);
}

// --- counters -------------------------------------------------------------------------------------------

/** An int64 text: as an exact number when short (at most 15 characters), else as a bigint; null if not one. */
function parseCounter(text: string): number | bigint | null {
  return text.length <= 15 ? parseInteger(text) : parseInt64(text);
}

/**
 * incrDecrCommand. Values and increments of up to 15 characters add exactly as numbers and cannot leave the
 * int64 range; anything longer is added and range-checked as a bigint.
 */
function incrDecr(client: Client, key: string, increment: number | bigint): void {
  const db = client.db;
  const current = writeString(client, key);
  if (current === REPLIED) return;
  const value = current === undefined ? 0 : parseCounter(stringOf(current));
  if (value === null) return client.error(NOT_INTEGER);
  let result: number | bigint;
  if (typeof value === 'number' && typeof increment === 'number') {
    result = value + increment;
  } else {
    result = BigInt(value) + BigInt(increment);
    if (result > LLONG_MAX || result < LLONG_MIN) return client.error('ERR increment or decrement would overflow');
  }
  const text = String(result);
  if (current === undefined) db.set(key, text);
  else db.replace(key, text);
  client.node.notify(NOTIFY.string, 'incrby', key, db.index);
  client.reply.integer(result);
}

function incr(client: Client, args: string[]): void {
  incrDecr(client, args[1]!, 1);
}

function decr(client: Client, args: string[]): void {
  incrDecr(client, args[1]!, -1);
}

function incrby(client: Client, args: string[]): void {
  const increment = parseCounter(args[2]!);
  if (increment === null) return client.error(NOT_INTEGER);
  incrDecr(client, args[1]!, increment);
}

function decrby(client: Client, args: string[]): void {
  const decrement = parseCounter(args[2]!);
  if (decrement === null) return client.error(NOT_INTEGER);
  // Negating LLONG_MIN would overflow.
  if (decrement === LLONG_MIN) return client.error('ERR decrement would overflow');
  incrDecr(client, args[1]!, -decrement);
}

const LONG_DOUBLE_ZERO = parseLongDouble('0')!;

/**
 * INCRBYFLOAT in x87 long double arithmetic, as Redis computes it, written in "%.17Lf" human form. Always
 * propagated as SET key <result> KEEPTTL so replicas and the AOF never redo the float arithmetic.
 */
function incrbyfloat(client: Client, args: string[]): void {
  const [, key, incrementText] = args as [string, string, string];
  const db = client.db;
  const current = writeString(client, key);
  if (current === REPLIED) return;
  let value: LongDouble | null = current === undefined ? LONG_DOUBLE_ZERO : parseLongDouble(stringOf(current));
  const increment = value === null ? null : parseLongDouble(incrementText);
  if (value === null || increment === null) return client.error(NOT_FLOAT);
  value = addLongDouble(value, increment);
  if (value === null || value.infinite) return client.error('ERR increment would produce NaN or Infinity');
  const text = formatLongDoubleHuman(value);
  if (current === undefined) db.set(key, text);
  else db.replace(key, text);
  client.node.notify(NOTIFY.string, 'incrbyfloat', key, db.index);
  client.reply.bulk(text);
  client.node.replaceEffect(['SET', key, text, 'KEEPTTL']);
}

// --- the table ------------------------------------------------------------------------------------------

const string = { group: 'string', categories: ['@string'], ...FIRST_KEY } as const;
const GETRANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

export const stringCommands: CommandFamily = [
  { ...string, name: 'get', arity: 2, flags: ['readonly', 'fast'], summary: 'Get the value of a key', since: '1.0.0', complexity: 'O(1)', handler: get },
  { ...string, name: 'set', arity: -3, flags: ['write', 'denyoom'], summary: 'Set the string value of a key', since: '1.0.0', complexity: 'O(1)', handler: set },
  {
    ...string,
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: setnx,
  },
  {
    ...string,
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    summary: 'Set the value and expiration of a key',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: setex,
  },
  {
    ...string,
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    summary: 'Set the value and expiration in milliseconds of a key',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: psetex,
  },
  {
    ...string,
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Set the string value of a key and return its old value',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: getset,
  },
  {
    ...string,
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    summary: 'Get the value of a key and delete the key',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getdel,
  },
  {
    ...string,
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    summary: 'Get the value of a key and optionally set its expiration',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: getex,
  },
  {
    ...string,
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    lastKey: -1,
    summary: 'Get the values of all the given keys',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    handler: mget,
  },
  {
    ...string,
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    lastKey: -1,
    step: 2,
    summary: 'Set multiple keys to multiple values',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: mset,
  },
  {
    ...string,
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    lastKey: -1,
    step: 2,
    summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    handler: msetnx,
  },
  {
    ...string,
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Append a value to a key',
    since: '2.0.0',
    complexity:
      'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    handler: append,
  },
  {
    ...string,
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    summary: 'Get the length of the value stored in a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: strlen,
  },
  {
    ...string,
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: incr,
  },
  {
    ...string,
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Decrement the integer value of a key by one',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: decr,
  },
  {
    ...string,
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: incrby,
  },
  {
    ...string,
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: decrby,
  },
  {
    ...string,
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: incrbyfloat,
  },
  {
    ...string,
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    summary: 'Get a substring of the string stored at a key',
    since: '2.4.0',
    complexity: GETRANGE_COMPLEXITY,
    handler: getrange,
  },
  {
    ...string,
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    summary: 'Get a substring of the string stored at a key',
    since: '1.0.0',
    complexity: GETRANGE_COMPLEXITY,
    handler: getrange,
  },
  {
    ...string,
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    summary: 'Overwrite part of a string at key starting at the specified offset',
    since: '2.2.0',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    handler: setrange,
  },
];

import { INVALID_EXPIRE, NOT_INTEGER } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import { LLONG_MAX, LLONG_MIN, parseInt64 } from '../util/numbers.js';
import { readKey } from './lookup.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/** Key expiry commands (expire.c): EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, (P)EXPIRETIME, PERSIST. */

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** The NX/XX/GT/LT flags after the time argument, or null after replying the error Redis gives. */
function parseExpireFlags(client: Client, args: string[]): number | null {
  let flags = 0;
  for (let i = 3; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (option === 'nx') flags |= NX;
    else if (option === 'xx') flags |= XX;
    else if (option === 'gt') flags |= GT;
    else if (option === 'lt') flags |= LT;
    else {
      client.error(`ERR Unsupported option ${args[i]}`);
      return null;
    }
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    client.error('ERR NX and XX, GT or LT options at the same time are not compatible');
    return null;
  }
  if (flags & GT && flags & LT) {
    client.error('ERR GT and LT options at the same time are not compatible');
    return null;
  }
  return flags;
}

/**
 * The absolute expiry in ms for the time argument, with Redis's overflow checks done in int64 (bigint): a
 * seconds value must survive *1000 and the relative base must not push it past LLONG_MAX. Negative times are
 * allowed (they delete the key). Null after replying the error.
 */
function absoluteWhen(client: Client, text: string, seconds: boolean, base: bigint, command: string): bigint | null {
  let when = parseInt64(text);
  if (when === null) {
    client.error(NOT_INTEGER);
    return null;
  }
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) {
      client.error(INVALID_EXPIRE(command));
      return null;
    }
    when *= 1000n;
  }
  if (when > LLONG_MAX - base) {
    client.error(INVALID_EXPIRE(command));
    return null;
  }
  return when + base;
}

/** Whether NX/XX/GT/LT let the new time replace `current` (-1: no TTL, which GT/LT treat as infinite). */
function flagsAllow(flags: number, current: number, when: number): boolean {
  if (flags & NX && current !== -1) return false;
  if (flags & XX && current === -1) return false;
  if (flags & GT && (current === -1 || when <= current)) return false;
  if (flags & LT && current !== -1 && when >= current) return false;
  return true;
}

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (expireGenericCommand). A time already past deletes the key, logged as
 * DEL (UNLINK with lazyfree-lazy-expire) and announced as 'del', except on a replica or while applying a
 * primary's stream, which store the time and wait for the primary's DEL. Otherwise the effect is PEXPIREAT with the absolute ms
 * time and the same flags (PEXPIREAT itself is logged as given).
 */
function expireGeneric(client: Client, args: string[], relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(client, args);
  if (flags === null) return;
  const db = client.db;
  const command = args[0]!.toLowerCase();
  const whenBig = absoluteWhen(client, args[2]!, seconds, relative ? BigInt(db.now()) : 0n, command);
  if (whenBig === null) return;
  const key = args[1]!;
  if (db.get(key) === undefined) {
    return client.reply.integer(0);
  }
  // ms times beyond 2^53 lose precision as numbers; they are centuries away, so ordering is all that matters.
  const when = Number(whenBig);
  if (flags !== 0 && !flagsAllow(flags, db.getExpire(key) ?? -1, when)) return client.reply.integer(0);
  const node = client.node;
  if (db.alreadyExpired(when)) {
    db.delete(key);
    node.replaceEffect([node.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    node.notify(NOTIFY.generic, 'del', key, db.index);
  } else {
    db.setExpire(key, when);
    if (command !== 'pexpireat') node.replaceEffect(['PEXPIREAT', key, whenBig.toString(), ...args.slice(3)]);
    node.notify(NOTIFY.generic, 'expire', key, db.index);
  }
  client.reply.integer(1);
}

/**
 * TTL, PTTL, EXPIRETIME, PEXPIRETIME: -2 for a missing key, -1 without a TTL; seconds are rounded to the
 * nearest, as Redis does ((ms + 500) / 1000), and a time already reached reads as 0.
 */
function ttlGeneric(client: Client, key: string, inMs: boolean, absolute: boolean): void {
  if (readKey(client, key) === undefined) return client.reply.integer(-2);
  const db = client.db;
  const expire = db.getExpire(key);
  if (expire === undefined) return client.reply.integer(-1);
  const ttl = Math.max(0, absolute ? expire : expire - db.now());
  client.reply.integer(inMs ? ttl : Math.floor((ttl + 500) / 1000));
}

function persist(client: Client, args: string[]): void {
  const key = args[1]!;
  const db = client.db;
  if (db.get(key) === undefined || !db.removeExpire(key)) return client.reply.integer(0);
  client.node.notify(NOTIFY.generic, 'persist', key, db.index);
  client.reply.integer(1);
}

const keyspace = { group: 'generic', categories: ['@keyspace'], ...FIRST_KEY } as const;
const expireFlags = ['write', 'fast'] as const;
const ttlFlags = ['readonly', 'fast'] as const;

export const expireCommands: CommandFamily = [
  {
    ...keyspace,
    name: 'expire',
    arity: -3,
    flags: expireFlags,
    summary: "Set a key's time to live in seconds",
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, a) => expireGeneric(c, a, true, true),
  },
  {
    ...keyspace,
    name: 'pexpire',
    arity: -3,
    flags: expireFlags,
    summary: "Set a key's time to live in milliseconds",
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, a) => expireGeneric(c, a, true, false),
  },
  {
    ...keyspace,
    name: 'expireat',
    arity: -3,
    flags: expireFlags,
    summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: (c, a) => expireGeneric(c, a, false, true),
  },
  {
    ...keyspace,
    name: 'pexpireat',
    arity: -3,
    flags: expireFlags,
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, a) => expireGeneric(c, a, false, false),
  },
  {
    ...keyspace,
    name: 'ttl',
    arity: 2,
    flags: ttlFlags,
    summary: 'Get the time to live for a key in seconds',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c, a) => ttlGeneric(c, a[1]!, false, false),
  },
  {
    ...keyspace,
    name: 'pttl',
    arity: 2,
    flags: ttlFlags,
    summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: (c, a) => ttlGeneric(c, a[1]!, true, false),
  },
  {
    ...keyspace,
    name: 'expiretime',
    arity: 2,
    flags: ttlFlags,
    summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: (c, a) => ttlGeneric(c, a[1]!, false, true),
  },
  {
    ...keyspace,
    name: 'pexpiretime',
    arity: 2,
    flags: ttlFlags,
    summary: 'Get the expiration Unix timestamp for a key in milliseconds',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: (c, a) => ttlGeneric(c, a[1]!, true, true),
  },
  {
    ...keyspace,
    name: 'persist',
    arity: 2,
    flags: expireFlags,
    summary: 'Remove the expiration from a key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: persist,
  },
];

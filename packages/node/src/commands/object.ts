import type { Client } from '../server/client.js';
import type { RedisValue } from '../store/values.js';
import { parseInt64 } from '../util/numbers.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';
import { helpSubcommand } from './command-info.js';

/** OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP (object.c objectCommand). */

/** maxmemory-policy flag bits, as ConfigStore.getNumber reports the policy (MAXMEMORY_FLAG_LRU/LFU). */
const POLICY_LRU = 1;
const POLICY_LFU = 2;
/** OBJ_SHARED_REFCOUNT: what a shared object (the integers 0..9999) reports as its refcount. */
const SHARED_REFCOUNT = 2147483647;
const SHARED_INTEGERS = 10000n;
/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_LIMIT = 44;

/** A string Redis would store int-encoded (tryObjectEncoding): a canonical int64 of at most 20 chars. */
function isIntEncodable(value: string): boolean {
  return value.length <= 20 && parseInt64(value) !== null;
}

/**
 * The encoding Redis would report. Strings: "int" for canonical integers, "embstr" up to 44 bytes, "raw"
 * beyond, and "raw" once edited in place (a MutableString, as Redis's APPEND/SETRANGE/SETBIT make raw sds).
 */
export function encodingOf(value: RedisValue): string {
  if (typeof value === 'string') {
    if (isIntEncodable(value)) return 'int';
    return value.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
  }
  return value.encoding;
}

function policyFlags(client: Client): number {
  return client.node.config.getNumber('maxmemory-policy');
}

/**
 * Redis shares the objects for the integers 0..9999 (refcount INT_MAX) unless maxmemory is set with an LRU or
 * LFU policy, which needs a per-key access field. Decided from the current config, as the value is read.
 */
function refcountOf(client: Client, value: RedisValue): number {
  if (typeof value !== 'string' || !isIntEncodable(value)) return 1;
  const n = BigInt(value);
  if (n < 0n || n >= SHARED_INTEGERS) return 1;
  const config = client.node.config;
  const sharing = config.getNumber('maxmemory') === 0 || (policyFlags(client) & (POLICY_LRU | POLICY_LFU)) === 0;
  return sharing ? SHARED_REFCOUNT : 1;
}

/**
 * objectCommandLookup: a read lookup that counts a keyspace hit or miss but announces no 'keymiss' event
 * (LOOKUP_NOTOUCH|LOOKUP_NONOTIFY). A missing key answers null; undefined is returned then.
 */
function lookupOrNull(client: Client, key: string): RedisValue | undefined {
  const value = client.db.get(key);
  const stats = client.node.stats;
  if (value === undefined) {
    stats.keyspaceMisses++;
    client.reply.nullBulk();
  } else {
    stats.keyspaceHits++;
  }
  return value;
}

function encoding(client: Client, args: string[]): void {
  const value = lookupOrNull(client, args[2]!);
  if (value !== undefined) client.reply.bulk(encodingOf(value));
}

function refcount(client: Client, args: string[]): void {
  const value = lookupOrNull(client, args[2]!);
  if (value !== undefined) client.reply.integer(refcountOf(client, value));
}

/** The access stamp the database keeps for a key (store/eviction.ts AccessTracker); fresh if it has none. */
function stampOf(client: Client, key: string): number {
  return client.db.stampOf(key) ?? client.node.access.fresh();
}

/**
 * IDLETIME: seconds since the key's last access (OBJECT's own lookup is not an access). Under an LFU policy
 * Redis tracks frequency instead and refuses.
 */
function idletime(client: Client, args: string[]): void {
  if (lookupOrNull(client, args[2]!) === undefined) return;
  if (policyFlags(client) & POLICY_LFU) {
    return client.error(
      'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  }
  client.reply.integer(client.node.access.idleSeconds(stampOf(client, args[2]!)));
}

/** FREQ: the key's LFU counter after the decay due (LFUDecrAndReturn); only under an LFU policy. */
function freq(client: Client, args: string[]): void {
  if (lookupOrNull(client, args[2]!) === undefined) return;
  if ((policyFlags(client) & POLICY_LFU) === 0) {
    return client.error(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
  }
  client.reply.integer(client.node.access.decayed(stampOf(client, args[2]!)));
}

const HELP_LINES = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];


const sub = { group: 'generic', categories: ['@keyspace'], firstKey: 2, lastKey: 2, step: 1, complexity: 'O(1)' } as const;

const subcommands: readonly CommandSpec[] = [
  {
    ...sub,
    name: 'encoding',
    arity: 3,
    flags: ['readonly'],
    summary: 'Inspect the internal encoding of a Redis object',
    since: '2.2.3',
    handler: encoding,
  },
  {
    ...sub,
    name: 'freq',
    arity: 3,
    flags: ['readonly'],
    summary: 'Get the logarithmic access frequency counter of a Redis object',
    since: '4.0.0',
    handler: freq,
  },
  {
    ...sub,
    name: 'idletime',
    arity: 3,
    flags: ['readonly'],
    summary: 'Get the time since a Redis object was last accessed',
    since: '2.2.3',
    handler: idletime,
  },
  {
    ...sub,
    name: 'refcount',
    arity: 3,
    flags: ['readonly'],
    summary: 'Get the number of references to the value of the key',
    since: '2.2.3',
    handler: refcount,
  },
  helpSubcommand({ ...sub, ...NO_KEYS, since: '6.2.0' }, HELP_LINES),
];

export const objectCommands: CommandFamily = [
  {
    ...NO_KEYS,
    group: 'generic',
    name: 'object',
    arity: -2,
    flags: [],
    summary: 'A container for object introspection commands',
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];

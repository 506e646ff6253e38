import { NOT_INTEGER, NO_SUCH_KEY } from '../errors.js';
import { newReplicationId } from '../log/effect-log.js';
import type { Client } from '../server/client.js';
import { datasetDigest, EMPTY_DIGEST, valueDigest } from '../store/digest.js';
import { stringOf, type RedisValue } from '../store/values.js';
import { parseInteger, parseInt64 } from '../util/numbers.js';
import { replyHelp } from './command-info.js';
import { isLocalClient } from './config-command.js';
import { encodingOf } from './object.js';
import { NO_KEYS, type CommandFamily } from './types.js';

/**
 * DEBUG (debug.c debugCommand): the subcommands tests and tools rely on. Like Redis it is refused unless
 * `enable-debug-command` allows it (default "no"; "local" admits loopback clients).
 */

const NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a ' +
  'local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

/** C's atoi: the leading integer of a string, 0 when there is none. */
function atoi(text: string): number {
  const match = /^\s*([+-]?\d+)/.exec(text);
  return match ? Number.parseInt(match[1]!, 10) : 0;
}

/** DEBUG SLEEP blocks the whole server, as Redis's nanosleep does: nothing else runs meanwhile. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleep(client: Client, seconds: string): void {
  // strtod: the longest numeric prefix, 0 when there is none.
  const parsed = Number.parseFloat(seconds.trimStart());
  const ms = Number.isFinite(parsed) && parsed > 0 ? Math.floor(parsed * 1e6) / 1000 : 0;
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
  client.reply.simple('OK');
}

/** RDB's length prefix: 1, 2, 5 or 9 bytes (rdbSaveLen). */
function rdbLengthSize(length: number): number {
  if (length < 1 << 6) return 1;
  if (length < 1 << 14) return 2;
  if (length <= 0xffffffff) return 5;
  return 9;
}

/** rdbEncodeInteger: integers that fit 8, 16 or 32 bits take a type byte plus 1, 2 or 4 bytes. */
function rdbIntegerSize(value: bigint): number | null {
  if (value >= -128n && value <= 127n) return 2;
  if (value >= -32768n && value <= 32767n) return 3;
  if (value >= -2147483648n && value <= 2147483647n) return 5;
  return null;
}

/**
 * Bytes of a string value in an RDB file (rdbSaveStringObject without LZF): short canonical integers as
 * integers, everything else as length + bytes. Redis would LZF-compress a value over 20 bytes when that
 * saves space, so compressible long strings read longer here than in Redis.
 */
function stringSerializedLength(text: string): number {
  if (text.length <= 20) {
    const n = parseInt64(text);
    if (n !== null) {
      const size = rdbIntegerSize(n);
      if (size !== null) return size;
    }
  }
  return rdbLengthSize(text.length) + text.length;
}

/** A stable pseudo address for DEBUG OBJECT's "Value at": per object, per key for immutable strings. */
const objectAddresses = new WeakMap<object, string>();
let nextAddress = 0x7f0000100000;

function addressOf(value: RedisValue, dbIndex: number, key: string): string {
  if (typeof value !== 'string') {
    let address = objectAddresses.get(value);
    if (!address) {
      address = `0x${(nextAddress += 0x40).toString(16)}`;
      objectAddresses.set(value, address);
    }
    return address;
  }
  let hash = 0x811c9dc5 ^ dbIndex;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return `0x7f${(hash >>> 0).toString(16).padStart(8, '0')}0`;
}

/**
 * DEBUG OBJECT key: Redis's one-line summary. Logically expired keys are still found (no lazy expiry, like
 * Redis's dictFind). lru is the key's 24-bit access field as Redis shows it (LRU clock seconds, or under LFU
 * the packed minutes and counter, for which the idle time means nothing and reads 0); serializedlength is computed for strings only (collections report 0 until the RDB
 * encoder exists).
 */
function object(client: Client, key: string): void {
  const value = client.db.data.get(key);
  if (value === undefined) return client.error(NO_SUCH_KEY);
  const isString = typeof value === 'string' || value.type === 'string';
  const length = isString ? stringSerializedLength(stringOf(value as string)) : 0;
  const access = client.node.access;
  const stamp = client.db.stampOf(key) ?? access.fresh();
  const lru = (access.lfu ? stamp : Math.floor(access.accessTime(stamp) / 1000)) & 0xffffff;
  const idle = access.lfu ? 0 : access.idleSeconds(stamp);
  client.reply.simple(
    `Value at:${addressOf(value, client.dbIndex, key)} refcount:1 encoding:${encodingOf(value)} ` +
      `serializedlength:${length} lru:${lru} lru_seconds_idle:${idle}`,
  );
}

/** DEBUG DIGEST-VALUE key...: each value's digest (40 zeros for a missing key), expired ones included. */
function digestValue(client: Client, keys: readonly string[]): void {
  const out = client.reply;
  out.arrayHeader(keys.length);
  for (const key of keys) {
    const value = client.db.data.get(key);
    out.simple(value === undefined ? EMPTY_DIGEST : valueDigest(value).toString('hex'));
  }
}

/**
 * DEBUG POPULATE count [prefix] [size]: creates prefix:N = "value:N" (padded with zero bytes or cut to
 * `size`), skipping names that exist. Not propagated, as in Redis.
 */
function populate(client: Client, args: string[]): void {
  const count = parseInteger(args[2]!);
  if (count === null) return client.error(NOT_INTEGER);
  if (count < 0) return client.error('ERR value is out of range, must be positive');
  let size = 0;
  if (args.length === 5) {
    const given = parseInteger(args[4]!);
    if (given === null) return client.error(NOT_INTEGER);
    if (given < 0) return client.error('ERR value is out of range, must be positive');
    size = given;
  }
  const prefix = args.length >= 4 ? args[3]! : 'key';
  const db = client.db;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (db.get(key) !== undefined) continue;
    const base = `value:${j}`;
    db.set(key, size === 0 ? base : base.slice(0, size).padEnd(size, '\0'));
  }
  client.reply.simple('OK');
}

/** DEBUG PROTOCOL type: one reply of each RESP type, for client tests. */
function protocol(client: Client, type: string): void {
  const out = client.reply;
  switch (type.toLowerCase()) {
    case 'string':
      return out.bulk('Hello World');
    case 'integer':
      return out.integer(12345);
    case 'double':
      return out.double(3.141);
    case 'bignum':
      return out.bigNumber('1234567999999999999999999999999999999');
    case 'null':
      return out.nullBulk();
    case 'array':
      out.arrayHeader(3);
      for (let j = 0; j < 3; j++) out.integer(j);
      return;
    case 'set':
      out.setHeader(3);
      for (let j = 0; j < 3; j++) out.integer(j);
      return;
    case 'map':
      out.mapHeader(3);
      for (let j = 0; j < 3; j++) {
        out.integer(j);
        out.boolean(j === 1);
      }
      return;
    case 'attrib':
      // RESP3 only: an attribute map ahead of the real reply (RESP2 has no way to say it).
      if (client.protocol === 3) {
        out.raw('|1\r\n');
        out.bulk('key-popularity');
        out.arrayHeader(2);
        out.bulk('key:123');
        out.integer(90);
      }
      return out.bulk('Some real reply following the attribute');
    case 'push':
      if (client.protocol === 2) return client.error('ERR RESP2 is not supported by this command');
      out.pushHeader(2);
      out.bulk('server-cpu-usage');
      out.integer(42);
      return out.bulk('Some real reply following the push reply');
    case 'true':
      return out.boolean(true);
    case 'false':
      return out.boolean(false);
    case 'verbatim':
      return out.verbatim('This is a verbatim\nstring');
    default:
      return client.error(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

/** DEBUG CHANGE-REPL-ID: a new replication id, and no previous one to continue from. */
function changeReplicationId(client: Client): void {
  const log = client.node.log;
  client.node.logger.warn({}, 'Changing replication IDs after receiving DEBUG change-repl-id');
  log.replid = newReplicationId();
  log.replid2 = '0'.repeat(40);
  log.secondOffset = -1;
  client.reply.simple('OK');
}

const DEBUG_HELP = [
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
];

/** Runs the subcommand; false when there is no such subcommand for this many arguments. */
function dispatch(client: Client, args: string[]): boolean {
  const sub = args[1]!.toLowerCase();
  const argc = args.length;
  if (sub === 'help' && argc === 2) replyHelp(client, args[0]!, DEBUG_HELP);
  else if (sub === 'log' && argc === 3) {
    // Redis logs it at WARNING level, so it shows whatever the log level.
    client.node.logger.warn({}, `DEBUG LOG: ${args[2]}`);
    client.reply.simple('OK');
  } else if (sub === 'sleep' && argc === 3) sleep(client, args[2]!);
  else if (sub === 'set-active-expire' && argc === 3) {
    client.node.activeExpireEnabled = atoi(args[2]!) !== 0;
    client.reply.simple('OK');
  } else if (sub === 'digest' && argc === 2) client.reply.simple(datasetDigest(client.node.keyspace.dbs));
  else if (sub === 'digest-value' && argc >= 2) digestValue(client, args.slice(2));
  else if (sub === 'object' && argc === 3) object(client, args[2]!);
  else if (sub === 'populate' && argc >= 3 && argc <= 5) populate(client, args);
  else if (sub === 'protocol' && argc === 3) protocol(client, args[2]!);
  else if (sub === 'change-repl-id' && argc === 2) changeReplicationId(client);
  else if (sub === 'error' && argc === 3) client.error(args[2]!.replace(/[\r\n]/g, ' '));
  else return false;
  return true;
}

function debug(client: Client, args: string[]): void {
  const config = client.node.config;
  if (!config.isProtectedActionAllowed('enable-debug-command', isLocalClient(client))) {
    return client.error(NOT_ALLOWED);
  }
  if (dispatch(client, args)) return;
  client.error(
    `ERR unknown subcommand or wrong number of arguments for '${args[1]!.slice(0, 128)}'. Try ${args[0]!.toUpperCase()} HELP.`,
  );
}

export const debugCommands: CommandFamily = [
  {
    group: 'server',
    ...NO_KEYS,
    name: 'debug',
    arity: -2,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    summary: 'A container for debugging commands',
    since: '1.0.0',
    complexity: 'Depends on subcommand.',
    handler: debug,
  },
];

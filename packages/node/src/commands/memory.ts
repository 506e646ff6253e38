import { NOT_INTEGER, SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import type { NodeServer } from '../server/node-server.js';
import { DEFAULT_SAMPLES, DICT_ENTRY_BYTES, entryBytes, STARTUP_BYTES } from '../store/memory.js';
import { parseInteger } from '../util/numbers.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';
import { helpSubcommand } from './command-info.js';

/**
 * MEMORY USAGE | STATS | DOCTOR | MALLOC-STATS | PURGE | HELP (object.c memoryCommand). Figures are the
 * node's estimates (store/memory.ts), the same ones used_memory and maxmemory use; the allocator figures are
 * the process's real ones.
 */

/** MEMORY USAGE key [SAMPLES count]: the key's estimated bytes, null when it does not exist. */
function usage(client: Client, args: string[]): void {
  let samples = DEFAULT_SAMPLES;
  for (let i = 3; i < args.length; i++) {
    if (args[i]!.toLowerCase() !== 'samples' || i + 1 >= args.length) return client.error(SYNTAX);
    const n = parseInteger(args[++i]!);
    if (n === null) return client.error(NOT_INTEGER);
    if (n < 0) return client.error(SYNTAX);
    // 0 means every element.
    samples = n === 0 ? Number.MAX_SAFE_INTEGER : n;
  }
  // dictFind: no lazy expiry and no access, as Redis.
  const key = args[2]!;
  const value = client.db.data.get(key);
  if (value === undefined) return client.reply.nullBulk();
  client.reply.integer(entryBytes(key, value, samples));
}

/** Pointers in a hash table of `size` entries: the next power of two, as dict.c sizes its buckets. */
function tableSlots(size: number): number {
  let slots = 4;
  while (slots < size) slots *= 2;
  return slots;
}

/** getMemoryOverheadData, from the node's estimates and the process's allocator figures. */
function overheadData(node: NodeServer) {
  const used = node.usedMemory();
  const process_ = process.memoryUsage();
  const allocated = process_.heapUsed + process_.external;
  const active = process_.heapTotal + process_.external;
  const backlog = node.log.backlog.size;
  let clientsNormal = 0;
  for (const client of node.clients.values()) {
    clientsNormal += client.reply.pending + (client.transport?.queryBufferBytes ?? 0);
  }
  let overhead = STARTUP_BYTES + backlog + clientsNormal;
  let keys = 0;
  const dbs: { index: number; main: number; expires: number }[] = [];
  for (const db of node.keyspace.dbs) {
    if (db.size === 0) continue;
    keys += db.size;
    // Per key: a dictEntry, a robj, and a bucket pointer; per TTL: a dictEntry and a bucket pointer.
    const main = db.size * (DICT_ENTRY_BYTES + 16) + tableSlots(db.size) * 8;
    const expires = db.expires.size === 0 ? 0 : db.expires.size * DICT_ENTRY_BYTES + tableSlots(db.expires.size) * 8;
    overhead += main + expires;
    dbs.push({ index: db.index, main, expires });
  }
  const netUsage = used > STARTUP_BYTES ? used - STARTUP_BYTES : 1;
  const dataset = Math.max(0, used - overhead);
  return {
    used, peak: node.peakMemory, backlog, clientsNormal, overhead, keys, dbs, netUsage, dataset,
    allocated, active, rss: process_.rss,
  };
}

/** MEMORY STATS: the memory overhead report, as a map (27 fields plus one per non-empty database). */
function stats(client: Client): void {
  const m = overheadData(client.node);
  const out = client.reply;
  out.mapHeader(27 + m.dbs.length);
  const int = (name: string, value: number): void => {
    out.bulk(name);
    out.integer(Math.round(value));
  };
  const dbl = (name: string, value: number): void => {
    out.bulk(name);
    out.double(value);
  };
  int('peak.allocated', m.peak);
  int('total.allocated', m.used);
  int('startup.allocated', STARTUP_BYTES);
  int('replication.backlog', m.backlog);
  int('clients.slaves', 0);
  int('clients.normal', m.clientsNormal);
  int('cluster.links', 0);
  int('aof.buffer', 0);
  int('lua.caches', 0);
  int('functions.caches', 0);
  for (const db of m.dbs) {
    out.bulk(`db.${db.index}`);
    out.mapHeader(3);
    int('overhead.hashtable.main', db.main);
    int('overhead.hashtable.expires', db.expires);
    int('overhead.hashtable.slot-to-keys', 0);
  }
  int('overhead.total', m.overhead);
  int('keys.count', m.keys);
  int('keys.bytes-per-key', m.keys === 0 ? 0 : Math.floor(m.netUsage / m.keys));
  int('dataset.bytes', m.dataset);
  dbl('dataset.percentage', (m.dataset * 100) / m.netUsage);
  dbl('peak.percentage', (m.used * 100) / m.peak);
  int('allocator.allocated', m.allocated);
  int('allocator.active', m.active);
  int('allocator.resident', m.rss);
  dbl('allocator-fragmentation.ratio', m.active / m.allocated);
  int('allocator-fragmentation.bytes', m.active - m.allocated);
  dbl('allocator-rss.ratio', m.rss / m.active);
  int('allocator-rss.bytes', m.rss - m.active);
  dbl('rss-overhead.ratio', 1);
  int('rss-overhead.bytes', 0);
  dbl('fragmentation', m.rss / m.used);
  int('fragmentation.bytes', m.rss - m.used);
}

const DOCTOR_EMPTY =
  'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n';
const DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
const DOCTOR_BIG_PEAK =
  ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n';
const DOCTOR_BIG_CLIENTS =
  ' * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.\n\n';

/**
 * MEMORY DOCTOR (getMemoryDoctorReport). The fragmentation and RSS checks are left out: they compare the
 * process's RSS with used_memory, which here is an estimate of what Redis would use, so a V8 process would
 * always "fail" them.
 */
function doctor(client: Client): void {
  const node = client.node;
  const m = overheadData(node);
  let report: string;
  if (m.used < 5 * 1024 * 1024) {
    report = DOCTOR_EMPTY;
  } else {
    const issues: string[] = [];
    if (m.peak / m.used > 1.5) issues.push(DOCTOR_BIG_PEAK);
    if (node.clients.size > 0 && m.clientsNormal / node.clients.size > 200 * 1024) issues.push(DOCTOR_BIG_CLIENTS);
    report =
      issues.length === 0
        ? DOCTOR_FINE
        : `Sam, I detected a few issues in this Redis instance memory implants:\n\n${issues.join('')}I'm here to keep you safe, Sam. I want to help you.\n`;
  }
  client.reply.verbatim(report);
}

/** MALLOC-STATS: INFO reports the libc allocator, which has no stats report in Redis either. */
function mallocStats(client: Client): void {
  client.reply.bulk('Stats not supported for the current allocator');
}

/** PURGE: nothing to purge outside jemalloc (Redis answers OK too); V8's collector runs on its own terms. */
function purge(client: Client): void {
  client.reply.simple('OK');
}

const HELP_LINES = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];


const sub = { ...NO_KEYS, group: 'server', since: '4.0.0', complexity: 'O(1)' } as const;

const subcommands: readonly CommandSpec[] = [
  { ...sub, name: 'doctor', arity: 2, flags: [], summary: 'Outputs memory problems report', handler: doctor },
  helpSubcommand(sub, HELP_LINES),
  {
    ...sub,
    name: 'malloc-stats',
    arity: 2,
    flags: [],
    summary: 'Show allocator internal stats',
    complexity: 'Depends on how much memory is allocated, could be slow',
    handler: mallocStats,
  },
  {
    ...sub,
    name: 'purge',
    arity: 2,
    flags: [],
    summary: 'Ask the allocator to release memory',
    complexity: 'Depends on how much memory is allocated, could be slow',
    handler: purge,
  },
  { ...sub, name: 'stats', arity: 2, flags: [], summary: 'Show memory usage details', handler: stats },
  {
    ...sub,
    name: 'usage',
    arity: -3,
    flags: ['readonly'],
    firstKey: 2,
    lastKey: 2,
    step: 1,
    summary: 'Estimate the memory usage of a key',
    complexity: 'O(N) where N is the number of samples.',
    handler: usage,
  },
];

export const memoryCommands: CommandFamily = [
  {
    ...NO_KEYS,
    group: 'server',
    name: 'memory',
    arity: -2,
    flags: [],
    summary: 'A container for memory diagnostics commands',
    since: '4.0.0',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];

import { arch, machine, release, totalmem, type as osType } from 'node:os';
import { SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import { buildInfo, parseInfoRequest, type ProcessFacts } from '../server/info.js';
import type { NodeServer } from '../server/node-server.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** Server commands (server.c, db.c): INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, LASTSAVE, SHUTDOWN, ROLE. */

/**
 * Memory figures. Until memory accounting arrives with eviction, "used memory" is what the process holds for
 * its data: the V8 heap in use plus Buffers outside it (values, backlog, reply buffers).
 */
function usedMemory(usage: NodeJS.MemoryUsage): number {
  return usage.heapUsed + usage.external;
}

/** Measured when the command table loads, i.e. during start-up: Redis's used_memory_startup. */
const startupMemory = usedMemory(process.memoryUsage());

/** Per-node facts that INFO reports and that must stay stable for the node's life. */
interface NodeFacts {
  peakMemory: number;
}

const nodeFacts = new WeakMap<NodeServer, NodeFacts>();

function factsOf(node: NodeServer): NodeFacts {
  let facts = nodeFacts.get(node);
  if (!facts) {
    facts = { peakMemory: 0 };
    nodeFacts.set(node, facts);
  }
  return facts;
}

const THIRTY_TWO_BIT_ARCHS = new Set(['ia32', 'arm', 'mips', 'mipsel', 'ppc', 's390']);

/** libuv's poller for this platform: what Redis calls its multiplexing API. */
function multiplexingApi(): string {
  switch (process.platform) {
    case 'linux':
      return 'epoll';
    case 'darwin':
    case 'freebsd':
    case 'openbsd':
      return 'kqueue';
    case 'sunos':
      return 'evport';
    default:
      return 'iocp';
  }
}

/** UNIX time (s) of the last save: the start until persistence records saves (Redis does the same). */
function lastSave(node: NodeServer): number {
  return Math.floor(node.startedAt / 1000);
}

function processFacts(node: NodeServer): ProcessFacts {
  const usage = process.memoryUsage();
  const used = usedMemory(usage);
  const facts = factsOf(node);
  facts.peakMemory = Math.max(facts.peakMemory, used);
  const cpu = process.cpuUsage();
  return {
    now: node.clock.now(),
    pid: process.pid,
    runId: node.runId,
    executable: process.argv[1] ?? process.execPath,
    // The node does not record the config file it was started with yet.
    configFile: '',
    os: `${osType()} ${release()} ${machine()}`,
    archBits: THIRTY_TWO_BIT_ARCHS.has(arch()) ? 32 : 64,
    multiplexingApi: multiplexingApi(),
    memory: {
      used,
      peak: facts.peakMemory,
      startup: Math.min(startupMemory, used),
      allocatorActive: usage.heapTotal + usage.external,
      rss: usage.rss,
      totalSystem: totalmem(),
    },
    cpu: { user: cpu.user, system: cpu.system },
    lastSave: lastSave(node),
  };
}

function info(client: Client, args: string[]): void {
  const node = client.node;
  const text = buildInfo(node, parseInfoRequest(args.slice(1)), processFacts(node));
  client.reply.verbatim(text);
}

/** FLUSHDB/FLUSHALL's optional SYNC|ASYNC (getFlushCommandFlags); false after a syntax error reply. */
function validFlushArgs(client: Client, args: string[]): boolean {
  if (args.length === 1) return true;
  const mode = args[1]!.toLowerCase();
  if (args.length === 2 && (mode === 'sync' || mode === 'async')) return true;
  client.error(SYNTAX);
  return false;
}

/**
 * FLUSHDB and FLUSHALL empty synchronously whatever the mode (freeing is the garbage collector's job) and
 * always propagate, even when there was nothing to remove (Redis's forceCommandPropagation), so a replica
 * that holds keys the primary never had still ends up empty.
 */
function flushdb(client: Client, args: string[]): void {
  if (!validFlushArgs(client, args)) return;
  client.node.flush(client.db);
  client.node.replaceEffect(args);
  client.reply.simple('OK');
}

function flushall(client: Client, args: string[]): void {
  if (!validFlushArgs(client, args)) return;
  client.node.flush(null);
  client.node.replaceEffect(args);
  client.reply.simple('OK');
}

function time(client: Client): void {
  const now = client.node.clock.now();
  client.reply.arrayHeader(2);
  client.reply.bulk(String(Math.floor(now / 1000)));
  client.reply.bulk(String((now % 1000) * 1000));
}

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (db.c shutdownCommand). */
function shutdown(client: Client, args: string[]): void {
  let save = false;
  let nosave = false;
  let other = false;
  let abort = false;
  for (let i = 1; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (option === 'nosave') nosave = true;
    else if (option === 'save') save = true;
    else if (option === 'now' || option === 'force') other = true;
    else if (option === 'abort') abort = true;
    else return client.error(SYNTAX);
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) return client.error(SYNTAX);
  // Shutting down never waits here (no replicas to let catch up), so there is never one to abort.
  if (abort) return client.error('ERR No shutdown in progress.');
  const onShutdown = client.node.onShutdown;
  if (!onShutdown) return client.error('ERR Errors trying to SHUTDOWN. Check logs.');
  // Like Redis, no reply: the connection closes as the process exits.
  onShutdown();
}

/** ROLE of a primary: ["master", offset, [[ip, port, acked offset]...]] (no replicas attached yet). */
/** MONITOR: from now on the client receives every executed command (server/monitors.ts). Again: no-op. */
function monitor(client: Client): void {
  if (client.node.monitors.has(client)) return;
  client.node.monitors.add(client);
  client.reply.simple('OK');
}


const server = { group: 'server', ...NO_KEYS } as const;
const dangerous = ['@dangerous'] as const;

const specs: CommandSpec[] = [
  {
    ...server,
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    categories: dangerous,
    summary: 'Get information and statistics about the server',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: info,
  },
  {
    ...server,
    name: 'dbsize',
    arity: 1,
    flags: ['readonly', 'fast'],
    categories: ['@keyspace'],
    summary: 'Return the number of keys in the selected database',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c) => c.reply.integer(c.db.size),
  },
  {
    ...server,
    name: 'flushdb',
    arity: -1,
    flags: ['write'],
    categories: ['@keyspace', '@dangerous'],
    summary: 'Remove all keys from the current database',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys in the selected database',
    handler: flushdb,
  },
  {
    ...server,
    name: 'flushall',
    arity: -1,
    flags: ['write'],
    categories: ['@keyspace', '@dangerous'],
    summary: 'Remove all keys from all databases',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases',
    handler: flushall,
  },
  {
    ...server,
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    summary: 'Return the current server time',
    since: '2.6.0',
    complexity: 'O(1)',
    handler: time,
  },
  {
    ...server,
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    categories: ['@admin', '@dangerous'],
    summary: 'Get the UNIX time stamp of the last successful save to disk',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: (c) => c.reply.integer(lastSave(c.node)),
  },
  {
    ...server,
    name: 'shutdown',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    since: '1.0.0',
    complexity:
      'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    handler: shutdown,
  },
  {
    ...server,
    name: 'monitor',
    arity: 1,
    flags: ['admin', 'noscript', 'loading', 'stale'],
    summary: 'Listen for all requests received by the server in real time',
    since: '1.0.0',
    handler: monitor,
  },
];

export const serverCommands: CommandFamily = specs;

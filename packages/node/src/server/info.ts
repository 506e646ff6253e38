import {
  clientsInfoFields,
  infoSection,
  serverInfoFields,
  statsInfoFields,
  type InfoFields,
} from '@understudy/resp';
import type { Command } from '../commands/command-table.js';
import { STARTUP_BYTES } from '../store/memory.js';
import type { NodeServer } from './node-server.js';

/**
 * The text of INFO (Redis's genRedisInfoString): a pure function of the node's state plus the process facts
 * the caller measured (memory, CPU, pid...), so tests can build it from fixed inputs. Sections, field names
 * and their order are Redis 7.0.15's (the section format and the sections every process prints alike come
 * from @understudy/resp); fields for machinery the emulator does not have (forks, defrag, I/O
 * threads, Lua) report what such a server reports when that machinery is idle.
 */

/** What INFO needs from outside the node: the process and the machine. */
export interface ProcessFacts {
  /** The node's clock, in ms. */
  now: number;
  pid: number;
  runId: string;
  executable: string;
  configFile: string;
  /** "sysname release machine", as uname. */
  os: string;
  archBits: number;
  multiplexingApi: string;
  memory: MemoryFacts;
  /** CPU time of the process, in microseconds. */
  cpu: { user: number; system: number };
  /** UNIX time (s) of the last successful save; the start time until a save happens, as Redis. */
  lastSave: number;
}

export interface MemoryFacts {
  /** Bytes the node holds: V8 heap in use plus Buffers outside it. */
  used: number;
  /** Highest `used` seen so far. */
  peak: number;
  /** `used` right after start-up. */
  startup: number;
  /** Bytes the allocator reserved (heap total plus external). */
  allocatorActive: number;
  rss: number;
  totalSystem: number;
}

/** Which sections one INFO call asked for (genInfoSectionDict). */
export interface InfoRequest {
  sections: ReadonlySet<string>;
  all: boolean;
  everything: boolean;
}

const DEFAULT_SECTIONS = [
  'server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats',
  'cluster', 'keyspace',
];

/** Parses INFO's arguments: section names (case-insensitive), `default`, `all`, `everything`. */
export function parseInfoRequest(args: readonly string[]): InfoRequest {
  const sections = new Set<string>();
  let all = false;
  let everything = false;
  if (args.length === 0) return { sections: new Set(DEFAULT_SECTIONS), all, everything };
  for (const arg of args) {
    const name = arg.toLowerCase();
    if (name === 'default') for (const s of DEFAULT_SECTIONS) sections.add(s);
    else if (name === 'all') all = true;
    else if (name === 'everything') all = everything = true;
    else sections.add(name);
  }
  return { sections, all, everything };
}

export function buildInfo(node: NodeServer, request: InfoRequest, facts: ProcessFacts): string {
  const wants = (...names: string[]): boolean => request.all || names.some((n) => request.sections.has(n));
  const parts: string[] = [];
  if (wants('server')) parts.push(infoSection('Server', serverFields(node, facts)));
  if (wants('clients')) parts.push(infoSection('Clients', clientFields(node)));
  if (wants('memory')) parts.push(infoSection('Memory', memoryFields(node, facts.memory)));
  if (wants('persistence')) parts.push(infoSection('Persistence', persistenceFields(node, facts)));
  if (wants('stats')) parts.push(infoSection('Stats', statsFields(node, facts.now)));
  if (wants('replication')) parts.push(infoSection('Replication', replicationFields(node)));
  if (wants('cpu')) parts.push(infoSection('CPU', cpuFields(facts)));
  // No module system: the section is there, empty, as on a Redis without modules loaded.
  if (wants('module_list', 'modules')) parts.push(infoSection('Modules', []));
  if (wants('commandstats')) parts.push(infoSection('Commandstats', commandStatFields(node)));
  if (wants('errorstats')) parts.push(infoSection('Errorstats', errorStatFields(node)));
  // Per-command latency histograms are not recorded (the dispatcher keeps calls and time only), so the
  // section has its header and no lines, as Redis prints it with latency-tracking disabled.
  if (wants('latencystats')) parts.push(infoSection('Latencystats', []));
  if (wants('cluster')) parts.push(infoSection('Cluster', [['cluster_enabled', 0]]));
  if (wants('keyspace')) parts.push(infoSection('Keyspace', keyspaceFields(node)));
  return parts.join('\r\n');
}

function serverFields(node: NodeServer, facts: ProcessFacts): InfoFields {
  return serverInfoFields({
    mode: 'standalone',
    os: facts.os,
    archBits: facts.archBits,
    multiplexingApi: facts.multiplexingApi,
    pid: facts.pid,
    runId: facts.runId,
    port: node.port,
    // Where replicas reach this node's Replication service.
    grpcPort: node.grpcPort,
    now: facts.now,
    uptimeSeconds: Math.floor(facts.now / 1000) - Math.floor(node.startedAt / 1000),
    // dynamic-hz only raises hz above 200 clients per tick; the tick runs at the configured rate.
    hz: node.config.getNumber('hz'),
    executable: facts.executable,
    configFile: facts.configFile,
  });
}

function clientFields(node: NodeServer): InfoFields {
  let maxIn = 0;
  let maxOut = 0;
  for (const client of node.clients.values()) {
    maxIn = Math.max(maxIn, client.transport?.queryBufferBytes ?? 0);
    maxOut = Math.max(maxOut, client.reply.pending);
  }
  return clientsInfoFields({
    connectedClients: node.clients.size,
    maxclients: node.config.getNumber('maxclients'),
    maxInputBuffer: maxIn,
    maxOutputBuffer: maxOut,
    // Clients held by CLIENT PAUSE are blocked clients in Redis too (BLOCKED_POSTPONE).
    blockedClients: node.pause.parkedCount + node.blocking.count,
    trackingClients: node.tracking.states.size, // CLIENT TRACKING ON connections
    clientsInTimeoutTable: node.blocking.timedCount,
  });
}

/** Redis's bytesToHuman: B below 1K, else two decimals and K/M/G/T/P. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let scaled = n / 1024;
  for (const unit of units) {
    if (scaled < 1024 || unit === 'P') return `${scaled.toFixed(2)}${unit}`;
    scaled /= 1024;
  }
  return `${n}B`;
}

function ratio(a: number, b: number): string {
  return (b === 0 ? 0 : a / b).toFixed(2);
}

function memoryFields(node: NodeServer, measured: MemoryFacts): InfoFields {
  const config = node.config;
  // used_memory is the node's own estimate (store/memory.ts: a start-up figure plus every key's bytes), the
  // figure maxmemory is enforced against; the process's real memory shows in the RSS and allocator fields.
  const memory = { ...measured, used: node.usedMemory(), peak: node.peakMemory, startup: STARTUP_BYTES };
  const backlog = node.log.backlog.size;
  let clientsNormal = 0;
  for (const client of node.clients.values()) {
    clientsNormal += client.reply.pending + (client.transport?.queryBufferBytes ?? 0);
  }
  const overhead = memory.startup + backlog + clientsNormal;
  const dataset = memory.used - memory.startup;
  const netUsage = memory.used - memory.startup;
  const maxmemory = config.getNumber('maxmemory');
  return [
    ['used_memory', memory.used],
    ['used_memory_human', bytesToHuman(memory.used)],
    ['used_memory_rss', memory.rss],
    ['used_memory_rss_human', bytesToHuman(memory.rss)],
    ['used_memory_peak', memory.peak],
    ['used_memory_peak_human', bytesToHuman(memory.peak)],
    ['used_memory_peak_perc', `${ratio(memory.used * 100, memory.peak)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', memory.startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${ratio(dataset * 100, netUsage > 0 ? netUsage : 1)}%`],
    ['allocator_allocated', memory.used],
    ['allocator_active', memory.allocatorActive],
    ['allocator_resident', memory.rss],
    ['total_system_memory', memory.totalSystem],
    ['total_system_memory_human', bytesToHuman(memory.totalSystem)],
    // No Lua engine: the script and function figures are those of an engine that holds nothing.
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', config.getString('maxmemory-policy')],
    ['allocator_frag_ratio', ratio(memory.allocatorActive, memory.used)],
    ['allocator_frag_bytes', Math.max(0, memory.allocatorActive - memory.used)],
    ['allocator_rss_ratio', ratio(memory.rss, memory.allocatorActive)],
    ['allocator_rss_bytes', memory.rss - memory.allocatorActive],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(memory.rss, memory.used)],
    ['mem_fragmentation_bytes', memory.rss - memory.used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', backlog],
    // What waits to be sent to replicas counts too (Redis shares it with the backlog; here each stream queues).
    ['mem_total_replication_buffers', backlog + node.replicas.bufferedBytes()],
    ['mem_clients_slaves', node.replicas.bufferedBytes()],
    ['mem_clients_normal', clientsNormal],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'libc'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistenceFields(node: NodeServer, facts: ProcessFacts): InfoFields {
  return [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', node.dirtySinceSave],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', facts.lastSave],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', node.config.getBool('appendonly') ? 1 : 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
}

function statsFields(node: NodeServer, now: number): InfoFields {
  const stats = node.stats;
  const currentEvictionExceeded = stats.currentEvictionExceeded(now);
  return statsInfoFields({
    connectionsReceived: stats.connectionsReceived,
    commandsProcessed: stats.commandsProcessed,
    instantaneousOpsPerSec: stats.instantaneousOpsPerSec,
    netInputBytes: stats.netInputBytes,
    netOutputBytes: stats.netOutputBytes,
    rejectedConnections: stats.rejectedConnections,
    syncFull: stats.syncFull,
    syncPartialOk: stats.syncPartialOk,
    syncPartialErr: stats.syncPartialErr,
    expiredKeys: stats.expiredKeys,
    evictedKeys: stats.evictedKeys,
    totalEvictionExceededTime: stats.evictionExceededMs + currentEvictionExceeded,
    currentEvictionExceededTime: currentEvictionExceeded,
    keyspaceHits: stats.keyspaceHits,
    keyspaceMisses: stats.keyspaceMisses,
    pubsubChannels: node.pubsub.channels.size,
    pubsubPatterns: node.pubsub.patterns.size,
    // The client-side caching table (server/tracking.ts).
    trackingTotalKeys: node.tracking.totalKeys,
    trackingTotalItems: node.tracking.totalItems,
    trackingTotalPrefixes: node.tracking.totalPrefixes,
    errorReplies: stats.errorReplies,
  });
}

function replicationFields(node: NodeServer): InfoFields {
  const log = node.log;
  const backlog = log.backlog;
  const now = node.clock.now();
  const fields: [string, string | number][] = [['role', node.role]];
  const link = node.replication.link;
  if (link !== null) {
    fields.push(
      ['master_host', link.host],
      ['master_port', link.port],
      ['master_link_status', link.linkUp ? 'up' : 'down'],
      ['master_last_io_seconds_ago', link.lastIoAt < 0 ? -1 : Math.floor((now - link.lastIoAt) / 1000)],
      ['master_sync_in_progress', link.state === 'sync' ? 1 : 0],
      ['slave_read_repl_offset', log.offset],
      ['slave_repl_offset', log.offset],
    );
    if (!link.linkUp) fields.push(['master_link_down_since_seconds', Math.floor((now - link.downSince) / 1000)]);
    fields.push(
      ['slave_priority', node.config.getNumber('replica-priority')],
      ['slave_read_only', node.config.getBool('replica-read-only') ? 1 : 0],
      ['replica_announced', node.config.getBool('replica-announced') ? 1 : 0],
    );
  }
  const replicas = node.replicas.list();
  fields.push(['connected_slaves', replicas.length]);
  replicas.forEach((replica, i) => {
    const lag = Math.floor((now - replica.ackTime) / 1000);
    fields.push([
      `slave${i}`,
      `ip=${replica.ip},port=${replica.port},state=${replica.state},offset=${replica.ackOffset},lag=${lag}`,
    ]);
  });
  if (node.role === 'master' && node.minReplicasToWrite > 0) {
    fields.push(['min_slaves_good_slaves', node.replicas.goodCount(node.config.getNumber('min-replicas-max-lag'))]);
  }
  fields.push(
    ['master_failover_state', 'no-failover'],
    ['master_replid', log.replid],
    ['master_replid2', log.replid2],
    ['master_repl_offset', log.offset],
    ['second_repl_offset', log.secondOffset],
    // The effect log always keeps its backlog (Redis creates one with the first replica).
    ['repl_backlog_active', 1],
    ['repl_backlog_size', node.config.getNumber('repl-backlog-size')],
    // Redis counts backlog offsets from 1.
    ['repl_backlog_first_byte_offset', backlog.firstOffset + 1],
    ['repl_backlog_histlen', backlog.histlen],
  );
  return fields;
}

/** "%ld.%06ld" of a time in microseconds, as getrusage prints. */
function seconds(us: number): string {
  const whole = Math.floor(us / 1e6);
  return `${whole}.${String(Math.floor(us - whole * 1e6)).padStart(6, '0')}`;
}

function cpuFields(facts: ProcessFacts): InfoFields {
  // No child processes (no fork); no per-thread figures (Redis omits them where RUSAGE_THREAD is missing).
  return [
    ['used_cpu_sys', seconds(facts.cpu.system)],
    ['used_cpu_user', seconds(facts.cpu.user)],
    ['used_cpu_sys_children', seconds(0)],
    ['used_cpu_user_children', seconds(0)],
  ];
}

/** Redis's getSafeInfoString: characters that would break the "name:value" format become '_'. */
function safeInfoName(name: string): string {
  return name.replace(/[#:\n\r]/g, '_');
}

function commandStatFields(node: NodeServer): InfoFields {
  const fields: [string, string][] = [];
  const visit = (command: Command): void => {
    const { calls, rejected, failed } = command.stats;
    if (calls || rejected || failed) {
      const usec = Math.floor(command.stats.usec);
      const perCall = calls === 0 ? 0 : usec / calls;
      fields.push([
        `cmdstat_${safeInfoName(command.fullName)}`,
        `calls=${calls},usec=${usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${rejected},failed_calls=${failed}`,
      ]);
    }
    if (command.subcommands) for (const sub of command.subcommands.values()) visit(sub);
  };
  for (const command of node.commands.all()) visit(command);
  return fields;
}

function errorStatFields(node: NodeServer): InfoFields {
  // Redis keeps error codes in a radix tree: listed in byte order.
  const codes = [...node.stats.errorsByCode.keys()].sort();
  return codes.map((code) => [`errorstat_${safeInfoName(code)}`, `count=${node.stats.errorsByCode.get(code)}`]);
}

function keyspaceFields(node: NodeServer): InfoFields {
  const fields: [string, string][] = [];
  for (const db of node.keyspace.dbs) {
    if (db.data.size === 0 && db.expires.size === 0) continue;
    // avg_ttl is Redis's running estimate from the active expiry cycle's samples; the cycle here does not
    // keep one, so it reads 0 as in Redis before its first sampling.
    fields.push([`db${db.index}`, `keys=${db.data.size},expires=${db.expires.size},avg_ttl=0`]);
  }
  return fields;
}

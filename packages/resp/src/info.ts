/**
 * INFO's text (server.c genRedisInfoString) as far as every Understudy process prints it alike: the section
 * format, and the Server, Clients and Stats sections, whose field names and order are Redis 7.0.15's whatever
 * the process. Each process supplies the values; machinery a process does not have reads 0, as an idle Redis
 * reports it.
 */

/** The Redis version every Understudy process answers as. */
export const REDIS_VERSION = '7.0.15';

export type InfoFields = readonly (readonly [string, string | number])[];

/** One section as Redis prints it: a "# Title" line, then "name:value" lines, each ending in CRLF. */
export function infoSection(title: string, fields: InfoFields): string {
  let out = `# ${title}\r\n`;
  for (const [name, value] of fields) out += `${name}:${value}\r\n`;
  return out;
}

/** What the Server section shows of one process. */
export interface ServerInfo {
  readonly mode: 'standalone' | 'sentinel';
  /** "sysname release machine", as uname. */
  readonly os: string;
  readonly archBits: number;
  readonly multiplexingApi: string;
  readonly pid: number;
  readonly runId: string;
  readonly port: number;
  /** Understudy's own field: where the process's gRPC services listen; left out when undefined. */
  readonly grpcPort: number | undefined;
  /** The process's clock, ms. */
  readonly now: number;
  readonly uptimeSeconds: number;
  readonly hz: number;
  readonly executable: string;
  readonly configFile: string;
}

export function serverInfoFields(server: ServerInfo): InfoFields {
  const fields: [string, string | number][] = [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', 'understudy'],
    ['redis_mode', server.mode],
    ['os', server.os],
    ['arch_bits', server.archBits],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', server.multiplexingApi],
    ['atomicvar_api', 'c11-builtin'],
    // Not built by GCC: Redis prints 0.0.0 then.
    ['gcc_version', '0.0.0'],
    ['process_id', server.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', server.port],
  ];
  if (server.grpcPort !== undefined) fields.push(['grpc_port', server.grpcPort]);
  fields.push(
    ['server_time_usec', server.now * 1000],
    ['uptime_in_seconds', server.uptimeSeconds],
    ['uptime_in_days', Math.floor(server.uptimeSeconds / 86400)],
    ['hz', server.hz],
    ['configured_hz', server.hz],
    // Redis's LRU clock: seconds, 24 bits.
    ['lru_clock', Math.floor(server.now / 1000) & 0xffffff],
    ['executable', server.executable],
    ['config_file', server.configFile],
    ['io_threads_active', 0],
  );
  return fields;
}

/** What the Clients section shows of one process. */
export interface ClientsInfo {
  readonly connectedClients: number;
  readonly maxclients: number;
  readonly maxInputBuffer: number;
  readonly maxOutputBuffer: number;
  readonly blockedClients?: number;
  readonly trackingClients?: number;
  readonly clientsInTimeoutTable?: number;
}

export function clientsInfoFields(clients: ClientsInfo): InfoFields {
  return [
    ['connected_clients', clients.connectedClients],
    ['cluster_connections', 0],
    ['maxclients', clients.maxclients],
    ['client_recent_max_input_buffer', clients.maxInputBuffer],
    ['client_recent_max_output_buffer', clients.maxOutputBuffer],
    ['blocked_clients', clients.blockedClients ?? 0],
    ['tracking_clients', clients.trackingClients ?? 0],
    ['clients_in_timeout_table', clients.clientsInTimeoutTable ?? 0],
  ];
}

/** The counters the Stats section shows; those of a keyspace, replication or tracking are optional. */
export interface StatsInfo {
  readonly connectionsReceived: number;
  readonly commandsProcessed: number;
  readonly instantaneousOpsPerSec?: number;
  readonly netInputBytes: number;
  readonly netOutputBytes: number;
  readonly rejectedConnections?: number;
  readonly syncFull?: number;
  readonly syncPartialOk?: number;
  readonly syncPartialErr?: number;
  readonly expiredKeys?: number;
  readonly evictedKeys?: number;
  readonly totalEvictionExceededTime?: number;
  readonly currentEvictionExceededTime?: number;
  readonly keyspaceHits?: number;
  readonly keyspaceMisses?: number;
  readonly pubsubChannels: number;
  readonly pubsubPatterns: number;
  readonly trackingTotalKeys?: number;
  readonly trackingTotalItems?: number;
  readonly trackingTotalPrefixes?: number;
  readonly errorReplies: number;
  readonly readsProcessed?: number;
  readonly writesProcessed?: number;
}

export function statsInfoFields(stats: StatsInfo): InfoFields {
  return [
    ['total_connections_received', stats.connectionsReceived],
    ['total_commands_processed', stats.commandsProcessed],
    ['instantaneous_ops_per_sec', stats.instantaneousOpsPerSec ?? 0],
    ['total_net_input_bytes', stats.netInputBytes],
    ['total_net_output_bytes', stats.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', stats.rejectedConnections ?? 0],
    ['sync_full', stats.syncFull ?? 0],
    ['sync_partial_ok', stats.syncPartialOk ?? 0],
    ['sync_partial_err', stats.syncPartialErr ?? 0],
    ['expired_keys', stats.expiredKeys ?? 0],
    ['expired_stale_perc', '0.00'],
    ['expired_time_cap_reached_count', 0],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', stats.evictedKeys ?? 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', stats.totalEvictionExceededTime ?? 0],
    ['current_eviction_exceeded_time', stats.currentEvictionExceededTime ?? 0],
    ['keyspace_hits', stats.keyspaceHits ?? 0],
    ['keyspace_misses', stats.keyspaceMisses ?? 0],
    ['pubsub_channels', stats.pubsubChannels],
    ['pubsub_patterns', stats.pubsubPatterns],
    ['pubsubshard_channels', 0],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', stats.trackingTotalKeys ?? 0],
    ['tracking_total_items', stats.trackingTotalItems ?? 0],
    ['tracking_total_prefixes', stats.trackingTotalPrefixes ?? 0],
    ['unexpected_error_replies', 0],
    ['total_error_replies', stats.errorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', stats.readsProcessed ?? 0],
    ['total_writes_processed', stats.writesProcessed ?? 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
}

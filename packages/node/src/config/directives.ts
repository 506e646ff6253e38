/**
 * The table of configuration directives of Redis 7.0.15 (src/config.c
 * `static_configs[]`), as data.
 *
 * Every entry is a config that `CONFIG GET *` reports (plus the hidden ones,
 * which only an exact-name CONFIG GET reports), with its alias, type, default
 * (as the canonical text CONFIG GET prints), bounds and flags. The TLS
 * configs (present in TLS-enabled builds such as the official Docker images)
 * carry `tls: true`.
 *
 * Directives that are *not* configs (only valid in a config file / on the
 * command line) are listed in FILE_ONLY_DIRECTIVES and handled by
 * server-args.ts.
 */

import { INT_MAX, INT_MIN, LLONG_MAX, LONG_MAX, SSIZE_MAX, UINT_MAX, ULLONG_MAX } from './cstr.js';

export type DirectiveType =
  /** yes / no */
  | 'bool'
  /** integer (optionally with memory units / percent, see `memory`, `percent`) */
  | 'int'
  /** integer accepting memory units (b, k, kb, m, mb, g, gb); GET prints bytes */
  | 'memory'
  /** integer written in octal (unixsocketperm) */
  | 'octal'
  /** one of `values` (several, OR-ed together, when `multiArg`) */
  | 'enum'
  | 'string'
  /** "<seconds> <changes> ..." pairs */
  | 'save'
  /** "<class> <hard> <soft> <seconds> ..." */
  | 'client-output-buffer-limit'
  /** three integers in -2000..2000 */
  | 'oom-score-adj-values'
  /** flag letters KEg$lshzxetmdnA */
  | 'notify-keyspace-events'
  /** up to 16 addresses */
  | 'bind'
  /** "<host> <port>" or "no one" */
  | 'replicaof'
  /** working directory (chdir) */
  | 'dir'
  /** list of doubles in 0..100 */
  | 'latency-tracking-info-percentiles';

/** The C type behind a numeric config (matters for bounds checks and wrap-around). */
export type NumericCType =
  | 'int'
  | 'uint'
  | 'long'
  | 'ulong'
  | 'long long'
  | 'unsigned long long'
  | 'size_t'
  | 'ssize_t'
  | 'time_t'
  | 'off_t';

export interface EnumValue {
  readonly name: string;
  readonly value: number;
}

/** Extra validation a config applies on top of its type (named after config.c's is_valid functions). */
export type ValidatorName =
  | 'dbfilename'
  | 'appendfilename'
  | 'appenddirname'
  | 'announced-hostname'
  | 'proc-title-template'
  | 'shutdown-on-sig-flags'
  | 'active-defrag';

export interface DirectiveSpec {
  /** Primary name (CONFIG GET reports it, plus each alias, separately). */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly type: DirectiveType;
  /** Default value as CONFIG GET prints it. `dir` defaults to the process cwd (see ConfigStore). */
  readonly default: string;
  /** Numeric bounds, inclusive. */
  readonly min?: bigint;
  readonly max?: bigint;
  readonly ctype?: NumericCType;
  /** memory type also accepting "N%" (stored as -N, as Redis does). */
  readonly percent?: boolean;
  readonly values?: readonly EnumValue[];
  /** CONFIG SET allowed (not IMMUTABLE_CONFIG). */
  readonly mutable: boolean;
  /** MULTI_ARG_CONFIG: the value is several space separated arguments. */
  readonly multiArg?: boolean;
  /** SENSITIVE_CONFIG: CONFIG SET arguments must be redacted from logs / slowlog / monitor. */
  readonly sensitive?: boolean;
  /** HIDDEN_CONFIG: only reported by CONFIG GET with its exact name. */
  readonly hidden?: boolean;
  /** PROTECTED_CONFIG: CONFIG SET only when enable-protected-configs allows it. */
  readonly protected?: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET refused while loading the dataset. */
  readonly denyLoading?: boolean;
  /** DEBUG_CONFIG (listed by DEBUG CONFIG...), informative only. */
  readonly debug?: boolean;
  /** VOLATILE_CONFIG: setting the same value still counts as a change. */
  readonly volatile?: boolean;
  /** Only present in TLS-enabled builds. */
  readonly tls?: boolean;
  /** String stored as NULL when empty (CONFIG GET still prints ""). */
  readonly emptyIsNull?: boolean;
  readonly validate?: ValidatorName;
}

/* ---- Enum value sets (config.c *_enum[] tables, values from server.h) ---- */

export const MAXMEMORY_POLICY_VALUES: readonly EnumValue[] = [
  { name: 'volatile-lru', value: 1 },
  { name: 'volatile-lfu', value: 258 },
  { name: 'volatile-random', value: 768 },
  { name: 'volatile-ttl', value: 512 },
  { name: 'allkeys-lru', value: 1029 },
  { name: 'allkeys-lfu', value: 1286 },
  { name: 'allkeys-random', value: 1540 },
  { name: 'noeviction', value: 1792 },
];

export const SYSLOG_FACILITY_VALUES: readonly EnumValue[] = [
  { name: 'user', value: 8 },
  { name: 'local0', value: 128 },
  { name: 'local1', value: 136 },
  { name: 'local2', value: 144 },
  { name: 'local3', value: 152 },
  { name: 'local4', value: 160 },
  { name: 'local5', value: 168 },
  { name: 'local6', value: 176 },
  { name: 'local7', value: 184 },
];

export const LOGLEVEL_VALUES: readonly EnumValue[] = [
  { name: 'debug', value: 0 },
  { name: 'verbose', value: 1 },
  { name: 'notice', value: 2 },
  { name: 'warning', value: 3 },
];

export const SUPERVISED_VALUES: readonly EnumValue[] = [
  { name: 'upstart', value: 3 },
  { name: 'systemd', value: 2 },
  { name: 'auto', value: 1 },
  { name: 'no', value: 0 },
];

export const APPENDFSYNC_VALUES: readonly EnumValue[] = [
  { name: 'everysec', value: 2 },
  { name: 'always', value: 1 },
  { name: 'no', value: 0 },
];

/** Bit flags: SHUTDOWN_SAVE=1, SHUTDOWN_NOSAVE=2, SHUTDOWN_NOW=4, SHUTDOWN_FORCE=8. */
export const SHUTDOWN_ON_SIG_VALUES: readonly EnumValue[] = [
  { name: 'default', value: 0 },
  { name: 'save', value: 1 },
  { name: 'nosave', value: 2 },
  { name: 'now', value: 4 },
  { name: 'force', value: 8 },
];

export const REPL_DISKLESS_LOAD_VALUES: readonly EnumValue[] = [
  { name: 'disabled', value: 0 },
  { name: 'on-empty-db', value: 1 },
  { name: 'swapdb', value: 2 },
];

export const TLS_AUTH_CLIENTS_VALUES: readonly EnumValue[] = [
  { name: 'no', value: 0 },
  { name: 'yes', value: 1 },
  { name: 'optional', value: 2 },
];

/** `yes` and `relative` are the same value: CONFIG GET prints `yes`. */
export const OOM_SCORE_ADJ_VALUES: readonly EnumValue[] = [
  { name: 'no', value: 0 },
  { name: 'yes', value: 1 },
  { name: 'relative', value: 1 },
  { name: 'absolute', value: 2 },
];

export const ACL_PUBSUB_DEFAULT_VALUES: readonly EnumValue[] = [
  { name: 'allchannels', value: 8 },
  { name: 'resetchannels', value: 0 },
];

export const SANITIZE_DUMP_PAYLOAD_VALUES: readonly EnumValue[] = [
  { name: 'no', value: 0 },
  { name: 'yes', value: 1 },
  { name: 'clients', value: 2 },
];

/** enable-protected-configs / enable-debug-command / enable-module-command */
export const PROTECTED_ACTION_VALUES: readonly EnumValue[] = [
  { name: 'no', value: 0 },
  { name: 'yes', value: 1 },
  { name: 'local', value: 2 },
];

export const CLUSTER_PREFERRED_ENDPOINT_TYPE_VALUES: readonly EnumValue[] = [
  { name: 'ip', value: 0 },
  { name: 'hostname', value: 1 },
  { name: 'unknown-endpoint', value: 2 },
];

export const PROPAGATION_ERROR_BEHAVIOR_VALUES: readonly EnumValue[] = [
  { name: 'ignore', value: 0 },
  { name: 'panic', value: 1 },
  { name: 'panic-on-replicas', value: 2 },
];

/* ---- The table ---- */

export const DIRECTIVES: readonly DirectiveSpec[] = [
  /* Bool configs */
  { name: 'rdbchecksum', type: 'bool', default: 'yes', mutable: false },
  { name: 'daemonize', type: 'bool', default: 'no', mutable: false },
  { name: 'io-threads-do-reads', type: 'bool', default: 'no', mutable: false, debug: true },
  { name: 'always-show-logo', type: 'bool', default: 'no', mutable: false },
  { name: 'protected-mode', type: 'bool', default: 'yes', mutable: true },
  { name: 'rdbcompression', type: 'bool', default: 'yes', mutable: true },
  { name: 'rdb-del-sync-files', type: 'bool', default: 'no', mutable: true },
  { name: 'activerehashing', type: 'bool', default: 'yes', mutable: true },
  { name: 'stop-writes-on-bgsave-error', type: 'bool', default: 'yes', mutable: true },
  { name: 'set-proc-title', type: 'bool', default: 'yes', mutable: false },
  { name: 'dynamic-hz', type: 'bool', default: 'yes', mutable: true },
  { name: 'lazyfree-lazy-eviction', type: 'bool', default: 'no', mutable: true, debug: true },
  { name: 'lazyfree-lazy-expire', type: 'bool', default: 'no', mutable: true, debug: true },
  { name: 'lazyfree-lazy-server-del', type: 'bool', default: 'no', mutable: true, debug: true },
  { name: 'lazyfree-lazy-user-del', type: 'bool', default: 'no', mutable: true, debug: true },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no', mutable: true, debug: true },
  { name: 'repl-disable-tcp-nodelay', type: 'bool', default: 'no', mutable: true },
  { name: 'repl-diskless-sync', type: 'bool', default: 'yes', mutable: true, debug: true },
  { name: 'aof-rewrite-incremental-fsync', type: 'bool', default: 'yes', mutable: true },
  { name: 'no-appendfsync-on-rewrite', type: 'bool', default: 'no', mutable: true },
  { name: 'cluster-require-full-coverage', type: 'bool', default: 'yes', mutable: true },
  { name: 'rdb-save-incremental-fsync', type: 'bool', default: 'yes', mutable: true },
  { name: 'aof-load-truncated', type: 'bool', default: 'yes', mutable: true },
  { name: 'aof-use-rdb-preamble', type: 'bool', default: 'yes', mutable: true },
  { name: 'aof-timestamp-enabled', type: 'bool', default: 'no', mutable: true },
  { name: 'cluster-replica-no-failover', aliases: ['cluster-slave-no-failover'], type: 'bool', default: 'no', mutable: true },
  { name: 'replica-lazy-flush', aliases: ['slave-lazy-flush'], type: 'bool', default: 'no', mutable: true },
  { name: 'replica-serve-stale-data', aliases: ['slave-serve-stale-data'], type: 'bool', default: 'yes', mutable: true },
  { name: 'replica-read-only', aliases: ['slave-read-only'], type: 'bool', default: 'yes', mutable: true, debug: true },
  { name: 'replica-ignore-maxmemory', aliases: ['slave-ignore-maxmemory'], type: 'bool', default: 'yes', mutable: true },
  { name: 'jemalloc-bg-thread', type: 'bool', default: 'yes', mutable: true },
  { name: 'activedefrag', type: 'bool', default: 'no', mutable: true, debug: true, validate: 'active-defrag' },
  { name: 'syslog-enabled', type: 'bool', default: 'no', mutable: false },
  { name: 'cluster-enabled', type: 'bool', default: 'no', mutable: false },
  { name: 'appendonly', type: 'bool', default: 'no', mutable: true, denyLoading: true },
  { name: 'cluster-allow-reads-when-down', type: 'bool', default: 'no', mutable: true },
  { name: 'cluster-allow-pubsubshard-when-down', type: 'bool', default: 'yes', mutable: true },
  { name: 'crash-log-enabled', type: 'bool', default: 'yes', mutable: true },
  { name: 'crash-memcheck-enabled', type: 'bool', default: 'yes', mutable: true },
  { name: 'use-exit-on-panic', type: 'bool', default: 'no', mutable: true, hidden: true },
  { name: 'disable-thp', type: 'bool', default: 'yes', mutable: false },
  { name: 'cluster-allow-replica-migration', type: 'bool', default: 'yes', mutable: true },
  { name: 'replica-announced', type: 'bool', default: 'yes', mutable: true },
  { name: 'latency-tracking', type: 'bool', default: 'yes', mutable: true },
  { name: 'aof-disable-auto-gc', type: 'bool', default: 'no', mutable: true },
  { name: 'replica-ignore-disk-write-errors', type: 'bool', default: 'no', mutable: true },

  /* String configs */
  { name: 'aclfile', type: 'string', default: '', mutable: false },
  { name: 'unixsocket', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'pidfile', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'replica-announce-ip', aliases: ['slave-announce-ip'], type: 'string', default: '', mutable: true, emptyIsNull: true },
  { name: 'masteruser', type: 'string', default: '', mutable: true, sensitive: true, emptyIsNull: true },
  { name: 'cluster-announce-ip', type: 'string', default: '', mutable: true, emptyIsNull: true },
  { name: 'cluster-config-file', type: 'string', default: 'nodes.conf', mutable: false },
  { name: 'cluster-announce-hostname', type: 'string', default: '', mutable: true, emptyIsNull: true, validate: 'announced-hostname' },
  { name: 'syslog-ident', type: 'string', default: 'redis', mutable: false },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb', mutable: true, protected: true, validate: 'dbfilename' },
  { name: 'appendfilename', type: 'string', default: 'appendonly.aof', mutable: false, validate: 'appendfilename' },
  { name: 'appenddirname', type: 'string', default: 'appendonlydir', mutable: false, validate: 'appenddirname' },
  { name: 'server_cpulist', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'bio_cpulist', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'aof_rewrite_cpulist', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'bgsave_cpulist', type: 'string', default: '', mutable: false, emptyIsNull: true },
  { name: 'ignore-warnings', type: 'string', default: '', mutable: true },
  { name: 'proc-title-template', type: 'string', default: '{title} {listen-addr} {server-mode}', mutable: true, validate: 'proc-title-template' },
  { name: 'bind-source-addr', type: 'string', default: '', mutable: true, emptyIsNull: true },
  { name: 'logfile', type: 'string', default: '', mutable: false },

  /* SDS configs */
  { name: 'masterauth', type: 'string', default: '', mutable: true, sensitive: true, emptyIsNull: true },
  { name: 'requirepass', type: 'string', default: '', mutable: true, sensitive: true, emptyIsNull: true },

  /* Enum configs */
  { name: 'supervised', type: 'enum', values: SUPERVISED_VALUES, default: 'no', mutable: false },
  { name: 'syslog-facility', type: 'enum', values: SYSLOG_FACILITY_VALUES, default: 'local0', mutable: false },
  { name: 'repl-diskless-load', type: 'enum', values: REPL_DISKLESS_LOAD_VALUES, default: 'disabled', mutable: true, debug: true, denyLoading: true },
  { name: 'loglevel', type: 'enum', values: LOGLEVEL_VALUES, default: 'notice', mutable: true },
  { name: 'maxmemory-policy', type: 'enum', values: MAXMEMORY_POLICY_VALUES, default: 'noeviction', mutable: true },
  { name: 'appendfsync', type: 'enum', values: APPENDFSYNC_VALUES, default: 'everysec', mutable: true },
  { name: 'oom-score-adj', type: 'enum', values: OOM_SCORE_ADJ_VALUES, default: 'no', mutable: true },
  { name: 'acl-pubsub-default', type: 'enum', values: ACL_PUBSUB_DEFAULT_VALUES, default: 'resetchannels', mutable: true },
  { name: 'sanitize-dump-payload', type: 'enum', values: SANITIZE_DUMP_PAYLOAD_VALUES, default: 'no', mutable: true, debug: true },
  { name: 'enable-protected-configs', type: 'enum', values: PROTECTED_ACTION_VALUES, default: 'no', mutable: false },
  { name: 'enable-debug-command', type: 'enum', values: PROTECTED_ACTION_VALUES, default: 'no', mutable: false },
  { name: 'enable-module-command', type: 'enum', values: PROTECTED_ACTION_VALUES, default: 'no', mutable: false },
  { name: 'cluster-preferred-endpoint-type', type: 'enum', values: CLUSTER_PREFERRED_ENDPOINT_TYPE_VALUES, default: 'ip', mutable: true },
  { name: 'propagation-error-behavior', type: 'enum', values: PROPAGATION_ERROR_BEHAVIOR_VALUES, default: 'ignore', mutable: true },
  { name: 'shutdown-on-sigint', type: 'enum', values: SHUTDOWN_ON_SIG_VALUES, default: 'default', mutable: true, multiArg: true, validate: 'shutdown-on-sig-flags' },
  { name: 'shutdown-on-sigterm', type: 'enum', values: SHUTDOWN_ON_SIG_VALUES, default: 'default', mutable: true, multiArg: true, validate: 'shutdown-on-sig-flags' },

  /* Integer configs */
  { name: 'databases', type: 'int', ctype: 'int', min: 1n, max: INT_MAX, default: '16', mutable: false },
  { name: 'port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '6379', mutable: true },
  { name: 'io-threads', type: 'int', ctype: 'int', min: 1n, max: 128n, default: '1', mutable: false, debug: true },
  { name: 'auto-aof-rewrite-percentage', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '100', mutable: true },
  { name: 'cluster-replica-validity-factor', aliases: ['cluster-slave-validity-factor'], type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '10', mutable: true },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', ctype: 'int', min: INT_MIN, max: INT_MAX, default: '-2', mutable: true },
  { name: 'tcp-keepalive', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '300', mutable: true },
  { name: 'cluster-migration-barrier', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '1', mutable: true },
  { name: 'active-defrag-cycle-min', type: 'int', ctype: 'int', min: 1n, max: 99n, default: '1', mutable: true },
  { name: 'active-defrag-cycle-max', type: 'int', ctype: 'int', min: 1n, max: 99n, default: '25', mutable: true },
  { name: 'active-defrag-threshold-lower', type: 'int', ctype: 'int', min: 0n, max: 1000n, default: '10', mutable: true },
  { name: 'active-defrag-threshold-upper', type: 'int', ctype: 'int', min: 0n, max: 1000n, default: '100', mutable: true },
  { name: 'lfu-log-factor', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '10', mutable: true },
  { name: 'lfu-decay-time', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '1', mutable: true },
  { name: 'replica-priority', aliases: ['slave-priority'], type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '100', mutable: true },
  { name: 'repl-diskless-sync-delay', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '5', mutable: true },
  { name: 'maxmemory-samples', type: 'int', ctype: 'int', min: 1n, max: INT_MAX, default: '5', mutable: true },
  { name: 'maxmemory-eviction-tenacity', type: 'int', ctype: 'int', min: 0n, max: 100n, default: '10', mutable: true },
  { name: 'timeout', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '0', mutable: true },
  { name: 'replica-announce-port', aliases: ['slave-announce-port'], type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: true },
  { name: 'tcp-backlog', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '511', mutable: false },
  { name: 'cluster-port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: false },
  { name: 'cluster-announce-bus-port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: true },
  { name: 'cluster-announce-port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: true },
  { name: 'cluster-announce-tls-port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: true },
  { name: 'repl-timeout', type: 'int', ctype: 'int', min: 1n, max: INT_MAX, default: '60', mutable: true },
  { name: 'repl-ping-replica-period', aliases: ['repl-ping-slave-period'], type: 'int', ctype: 'int', min: 1n, max: INT_MAX, default: '10', mutable: true },
  { name: 'list-compress-depth', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '0', mutable: true, debug: true },
  { name: 'rdb-key-save-delay', type: 'int', ctype: 'int', min: INT_MIN, max: INT_MAX, default: '0', mutable: true, hidden: true },
  { name: 'key-load-delay', type: 'int', ctype: 'int', min: INT_MIN, max: INT_MAX, default: '0', mutable: true, hidden: true },
  { name: 'active-expire-effort', type: 'int', ctype: 'int', min: 1n, max: 10n, default: '1', mutable: true },
  { name: 'hz', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '10', mutable: true },
  { name: 'min-replicas-to-write', aliases: ['min-slaves-to-write'], type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '0', mutable: true },
  { name: 'min-replicas-max-lag', aliases: ['min-slaves-max-lag'], type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '10', mutable: true },
  { name: 'watchdog-period', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '0', mutable: true, hidden: true },
  { name: 'shutdown-timeout', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '10', mutable: true },
  { name: 'repl-diskless-sync-max-replicas', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '0', mutable: true },

  /* Unsigned int configs */
  { name: 'maxclients', type: 'int', ctype: 'uint', min: 1n, max: UINT_MAX, default: '10000', mutable: true },
  { name: 'unixsocketperm', type: 'octal', ctype: 'uint', min: 0n, max: 0o777n, default: '0', mutable: false },
  { name: 'socket-mark-id', type: 'int', ctype: 'uint', min: 0n, max: UINT_MAX, default: '0', mutable: false },

  /* Unsigned long configs */
  { name: 'active-defrag-max-scan-fields', type: 'int', ctype: 'ulong', min: 1n, max: LONG_MAX, default: '1000', mutable: true },
  { name: 'slowlog-max-len', type: 'int', ctype: 'ulong', min: 0n, max: LONG_MAX, default: '128', mutable: true },
  { name: 'acllog-max-len', type: 'int', ctype: 'ulong', min: 0n, max: LONG_MAX, default: '128', mutable: true },

  /* Long long configs */
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], type: 'int', ctype: 'long long', min: 0n, max: LONG_MAX, default: '5000', mutable: true },
  { name: 'cluster-node-timeout', type: 'int', ctype: 'long long', min: 0n, max: LLONG_MAX, default: '15000', mutable: true },
  { name: 'slowlog-log-slower-than', type: 'int', ctype: 'long long', min: -1n, max: LLONG_MAX, default: '10000', mutable: true },
  { name: 'latency-monitor-threshold', type: 'int', ctype: 'long long', min: 0n, max: LLONG_MAX, default: '0', mutable: true },
  { name: 'proto-max-bulk-len', type: 'memory', ctype: 'long long', min: 1048576n, max: LONG_MAX, default: '536870912', mutable: true, debug: true },
  { name: 'stream-node-max-entries', type: 'int', ctype: 'long long', min: 0n, max: LLONG_MAX, default: '100', mutable: true },
  { name: 'repl-backlog-size', type: 'memory', ctype: 'long long', min: 1n, max: LLONG_MAX, default: '1048576', mutable: true },

  /* Unsigned long long configs */
  { name: 'maxmemory', type: 'memory', ctype: 'unsigned long long', min: 0n, max: ULLONG_MAX, default: '0', mutable: true },
  { name: 'cluster-link-sendbuf-limit', type: 'memory', ctype: 'unsigned long long', min: 0n, max: ULLONG_MAX, default: '0', mutable: true },

  /* Size_t configs */
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '512', mutable: true },
  { name: 'set-max-intset-entries', type: 'int', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '512', mutable: true },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'int', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '128', mutable: true },
  { name: 'active-defrag-ignore-bytes', type: 'memory', ctype: 'size_t', min: 1n, max: LLONG_MAX, default: '104857600', mutable: true },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'memory', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '64', mutable: true },
  { name: 'stream-node-max-bytes', type: 'memory', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '4096', mutable: true },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'memory', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '64', mutable: true },
  { name: 'hll-sparse-max-bytes', type: 'memory', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '3000', mutable: true },
  { name: 'tracking-table-max-keys', type: 'int', ctype: 'size_t', min: 0n, max: LONG_MAX, default: '1000000', mutable: true },
  { name: 'client-query-buffer-limit', type: 'memory', ctype: 'size_t', min: 1048576n, max: LONG_MAX, default: '1073741824', mutable: true, debug: true },
  { name: 'maxmemory-clients', type: 'memory', percent: true, ctype: 'ssize_t', min: -100n, max: SSIZE_MAX, default: '0', mutable: true },

  /* Other numeric configs */
  { name: 'repl-backlog-ttl', type: 'int', ctype: 'time_t', min: 0n, max: LONG_MAX, default: '3600', mutable: true },
  { name: 'auto-aof-rewrite-min-size', type: 'memory', ctype: 'off_t', min: 0n, max: LLONG_MAX, default: '67108864', mutable: true },
  { name: 'loading-process-events-interval-bytes', type: 'int', ctype: 'off_t', min: 1024n, max: INT_MAX, default: '2097152', mutable: true, hidden: true },

  /* TLS configs (TLS-enabled builds only) */
  { name: 'tls-port', type: 'int', ctype: 'int', min: 0n, max: 65535n, default: '0', mutable: true, tls: true },
  { name: 'tls-session-cache-size', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '20480', mutable: true, tls: true },
  { name: 'tls-session-cache-timeout', type: 'int', ctype: 'int', min: 0n, max: INT_MAX, default: '300', mutable: true, tls: true },
  { name: 'tls-cluster', type: 'bool', default: 'no', mutable: true, tls: true },
  { name: 'tls-replication', type: 'bool', default: 'no', mutable: true, tls: true },
  { name: 'tls-auth-clients', type: 'enum', values: TLS_AUTH_CLIENTS_VALUES, default: 'yes', mutable: true, tls: true },
  { name: 'tls-prefer-server-ciphers', type: 'bool', default: 'no', mutable: true, tls: true },
  { name: 'tls-session-caching', type: 'bool', default: 'yes', mutable: true, tls: true },
  { name: 'tls-cert-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-key-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-key-file-pass', type: 'string', default: '', mutable: true, emptyIsNull: true, tls: true },
  { name: 'tls-client-cert-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-client-key-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-client-key-file-pass', type: 'string', default: '', mutable: true, emptyIsNull: true, tls: true },
  { name: 'tls-dh-params-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-ca-cert-file', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-ca-cert-dir', type: 'string', default: '', mutable: true, volatile: true, emptyIsNull: true, tls: true },
  { name: 'tls-protocols', type: 'string', default: '', mutable: true, emptyIsNull: true, tls: true },
  { name: 'tls-ciphers', type: 'string', default: '', mutable: true, emptyIsNull: true, tls: true },
  { name: 'tls-ciphersuites', type: 'string', default: '', mutable: true, emptyIsNull: true, tls: true },

  /* Special configs */
  { name: 'dir', type: 'dir', default: '', mutable: true, protected: true, denyLoading: true },
  { name: 'save', type: 'save', default: '3600 1 300 100 60 10000', mutable: true, multiArg: true },
  { name: 'client-output-buffer-limit', type: 'client-output-buffer-limit', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', mutable: true, multiArg: true },
  { name: 'oom-score-adj-values', type: 'oom-score-adj-values', default: '0 200 800', mutable: true, multiArg: true },
  { name: 'notify-keyspace-events', type: 'notify-keyspace-events', default: '', mutable: true },
  { name: 'bind', type: 'bind', default: '* -::*', mutable: true, multiArg: true },
  { name: 'replicaof', aliases: ['slaveof'], type: 'replicaof', default: '', mutable: false, multiArg: true },
  { name: 'latency-tracking-info-percentiles', type: 'latency-tracking-info-percentiles', default: '50 99 99.9', mutable: true, multiArg: true },
];

/**
 * Directives accepted only in a config file / on the command line (config.c
 * loadServerConfigFromString), with the argument counts (including the
 * directive name) that make them valid.
 */
export const FILE_ONLY_DIRECTIVES: readonly { name: string; minArgc: number; maxArgc: number }[] = [
  { name: 'include', minArgc: 2, maxArgc: 2 },
  { name: 'rename-command', minArgc: 3, maxArgc: 3 },
  { name: 'user', minArgc: 2, maxArgc: Infinity },
  { name: 'loadmodule', minArgc: 2, maxArgc: Infinity },
  { name: 'sentinel', minArgc: 1, maxArgc: Infinity },
];

/** Directives that Redis 7.0 silently ignores in a config file (with exactly one argument). */
export const DEPRECATED_DIRECTIVES: readonly { name: string; minArgc: number; maxArgc: number }[] = [
  { name: 'list-max-ziplist-entries', minArgc: 2, maxArgc: 2 },
  { name: 'list-max-ziplist-value', minArgc: 2, maxArgc: 2 },
  { name: 'lua-replicate-commands', minArgc: 2, maxArgc: 2 },
];

const BY_NAME = new Map<string, DirectiveSpec>();
for (const spec of DIRECTIVES) {
  BY_NAME.set(spec.name, spec);
  for (const alias of spec.aliases ?? []) BY_NAME.set(alias, spec);
}

/** Look a directive up by name or alias (case-insensitive). */
export function findDirective(name: string): DirectiveSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * redis-sentinel's command line and config file, parsed into a SentinelConfig (no I/O: the file is read through
 * a callback, the generated id comes from a callback).
 *
 * The command line is redis-sentinel's: an optional config file first, then `--directive value...` options that
 * act as config lines appended after the file (`--port 0` is the line `port 0`; `--sentinel monitor m 127.0.0.1
 * 6379 2` is a `sentinel monitor` line). Like sentinel.c, `sentinel` lines are applied in three passes whatever
 * their order: the global ones (myid, announce-ip, current-epoch...), then every `sentinel monitor`, then the
 * per-master settings; so a per-master line may come before the master's `monitor` line.
 *
 * Understudy's own options (not redis-sentinel's): `--grpc-port N`, and the short forms a launcher wants:
 * `--monitor "<name> <host> <port> <quorum>"`, `--down-after-milliseconds ms`, `--failover-timeout ms` and
 * `--parallel-syncs n`, the last three the defaults of every master (a per-master `sentinel ...` line wins).
 */

import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { quoteArg, splitArgs } from '@understudy/resp';
import { MONITOR_DEFAULTS, type MonitorConfig } from '../core/config.js';

/** redis-sentinel's default port (REDIS_SENTINEL_PORT). */
export const DEFAULT_SENTINEL_PORT = 26379;
/** The default gRPC port is the RESP port plus this (as the data node's). */
export const GRPC_PORT_OFFSET = 10_000;
/**
 * The default listen address. redis-sentinel 7.0 binds every interface (`bind * -::*`, guarded by
 * protected-mode); a local emulator binds loopback unless told otherwise (`--bind 0.0.0.0`).
 */
export const DEFAULT_BIND = '127.0.0.1';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export interface KnownSentinel {
  readonly host: string;
  readonly port: number;
  readonly runId: string;
}

/** One monitored master: what the core needs (MonitorConfig) plus what a rewritten sentinel.conf remembers. */
export interface SentinelMasterConfig extends MonitorConfig {
  /** `sentinel auth-user` / `sentinel auth-pass`: the credentials for the master and its replicas ('' = none). */
  readonly authUser: string;
  readonly authPass: string;
  /** `sentinel config-epoch` / `sentinel leader-epoch` (0 when not given). */
  readonly configEpoch: number;
  readonly leaderEpoch: number;
  /** `sentinel known-replica` / `sentinel known-sentinel` lines, in order. */
  readonly knownReplicas: readonly { readonly host: string; readonly port: number }[];
  readonly knownSentinels: readonly KnownSentinel[];
}

export interface SentinelConfig {
  /** The config file given first on the command line, as given; null without one. */
  readonly configFile: string | null;
  /** `bind`: the addresses as given (a leading '-' removed); `host` is the first, '*' spelled 0.0.0.0. */
  readonly bind: readonly string[];
  readonly host: string;
  /** `port`: the RESP Sentinel API port; 0 = any free port. */
  readonly port: number;
  /** `--grpc-port`: the sentinel's gRPC port; by default port + 10000, or 0 (any) when port is 0. */
  readonly grpcPort: number;
  /** `sentinel myid`, else a generated 40 hex chars (`myIdGenerated` true). */
  readonly myId: string;
  readonly myIdGenerated: boolean;
  /** `sentinel announce-ip` ('' = none) / `sentinel announce-port` (0 = none). */
  readonly announceIp: string;
  readonly announcePort: number;
  /** `sentinel resolve-hostnames` / `sentinel announce-hostnames` (Redis's default: no). */
  readonly resolveHostnames: boolean;
  readonly announceHostnames: boolean;
  /** `sentinel current-epoch` (0 when not given). */
  readonly currentEpoch: number;
  readonly masters: readonly SentinelMasterConfig[];
  /** `logfile`: '' = standard output. */
  readonly logfile: string;
  readonly loglevel: LogLevel;
  /** `pidfile` ('' = none) and `dir` ('' = stay in the current directory). */
  readonly pidfile: string;
  readonly dir: string;
  /** Directives accepted for compatibility with redis-sentinel config files but without effect here. */
  readonly ignored: readonly string[];
}

/** A bad command line or config file: `message` names the directive or flag and the value, for stderr. */
export class SentinelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SentinelConfigError';
  }
}

export interface ParseSentinelArgsOptions {
  /** Reads the config file (throws a Node fs error when it cannot). */
  readFile?: (path: string) => string;
  /** A fresh sentinel id when the config has none (default: 20 random bytes in hex). */
  generateId?: () => string;
}

export const SENTINEL_USAGE = `Usage: understudy-sentinel [/path/to/sentinel.conf] [options]
       understudy-sentinel -v or --version
       understudy-sentinel -h or --help

Options are redis-sentinel's configuration directives as --name value, e.g.:
       understudy-sentinel /etc/redis/sentinel.conf --port 0
       understudy-sentinel --port 26379 --sentinel monitor mymaster 127.0.0.1 6379 2

Understudy's own options:
       --grpc-port N                      the gRPC port; default: the port + 10000, any free port with --port 0
       --monitor "<name> <ip> <port> <quorum>"   as a 'sentinel monitor' line (may be repeated)
       --down-after-milliseconds MS       --failover-timeout MS       --parallel-syncs N
                                          defaults for every master ('sentinel <setting> <name> <value>' wins)
`;

/** One config line and where it came from, for error messages. */
interface Line {
  readonly args: string[];
  /** "--port 0", or "sentinel.conf:3". */
  readonly origin: string;
  readonly text: string;
  readonly fromFile: boolean;
}

/** Server directives a sentinel.conf commonly holds (Redis writes some on every rewrite) that mean nothing here. */
const IGNORED_DIRECTIVES = new Set([
  'protected-mode',
  'latency-tracking-info-percentiles',
  'user',
  'acllog-max-len',
  'tcp-backlog',
  'tcp-keepalive',
  'timeout',
  'supervised',
  'always-show-logo',
  'set-proc-title',
  'proc-title-template',
  'syslog-enabled',
  'syslog-ident',
  'syslog-facility',
  'crash-log-enabled',
  'crash-memcheck-enabled',
  'hz',
  'dynamic-hz',
  'maxclients',
]);

/** sentinel.c preMonitorCfgName: the `sentinel` lines applied before any `sentinel monitor`. */
const PRE_MONITOR = new Set([
  'announce-ip',
  'announce-port',
  'deny-scripts-reconfig',
  'sentinel-user',
  'sentinel-pass',
  'current-epoch',
  'myid',
  'resolve-hostnames',
  'announce-hostnames',
]);

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

interface MutableMaster {
  name: string;
  host: string;
  port: number;
  quorum: number;
  downAfterMs: number | undefined;
  failoverTimeoutMs: number | undefined;
  parallelSyncs: number | undefined;
  authUser: string;
  authPass: string;
  configEpoch: number;
  leaderEpoch: number;
  knownReplicas: { host: string; port: number }[];
  knownSentinels: KnownSentinel[];
}

/**
 * Parses redis-sentinel's arguments (without the program name). Throws SentinelConfigError on bad input.
 */
export function parseSentinelArgs(argv: readonly string[], options: ParseSentinelArgsOptions = {}): SentinelConfig {
  const { configFile, lines: optionLines } = splitCommandLine(argv);
  const lines: Line[] = [];
  if (configFile !== null) {
    if (!options.readFile) throw new SentinelConfigError(`Cannot read the config file '${configFile}': no reader given`);
    let text: string;
    try {
      text = options.readFile(configFile);
    } catch (err) {
      throw new SentinelConfigError(`Cannot read the config file '${configFile}': ${(err as Error).message}`);
    }
    lines.push(...configFileLines(text, configFile));
  }
  lines.push(...optionLines);
  return buildConfig(configFile, lines, options.generateId ?? (() => randomBytes(20).toString('hex')));
}

/** Parses config-file text alone (as if it were the file given first on the command line). */
export function parseSentinelConfigText(text: string, options: Omit<ParseSentinelArgsOptions, 'readFile'> = {}): SentinelConfig {
  return buildConfig(null, configFileLines(text, 'config'), options.generateId ?? (() => randomBytes(20).toString('hex')));
}

/** redis-server's main(): the config file (a first argument not starting with '-'), then `--name value...` lines. */
function splitCommandLine(argv: readonly string[]): { configFile: string | null; lines: Line[] } {
  let j = 0;
  let configFile: string | null = null;
  if (argv.length > 0 && !argv[0]!.startsWith('-')) {
    configFile = argv[0]!;
    j = 1;
  }
  const lines: Line[] = [];
  let current: string[] | null = null;
  const finish = (): void => {
    if (current === null) return;
    const args = current;
    current = null;
    // `--monitor "m 127.0.0.1 6379 2"` and `--sentinel "monitor m ..."`: one argument holding the whole line.
    const name = args[0]!.toLowerCase();
    if ((name === 'monitor' || name === 'sentinel') && args.length === 2 && /\s/.test(args[1]!)) {
      const split = splitArgs(args[1]!);
      if (split === null) throw optionError(`--${args.join(' ')}`, `unbalanced quotes in '${args[1]}'`);
      args.splice(1, 1, ...split);
    }
    const text = `--${args.map(quoteArg).join(' ')}`;
    lines.push({ args, origin: text, text, fromFile: false });
  };
  for (; j < argv.length; j++) {
    const arg = argv[j]!;
    if (arg.startsWith('--') && arg.length > 2) {
      finish();
      // "--port 6380" in one argument is a whole line too, as redis-server reads it.
      const split = splitArgs(arg.slice(2));
      if (split === null || split.length === 0) throw optionError(arg, 'unbalanced quotes or an empty option name');
      current = split;
    } else if (arg === '-') {
      throw optionError(arg, 'reading the configuration from standard input is not supported');
    } else if (current === null) {
      throw optionError(arg, `a value without an option before it (options are --name value; the config file, if any, comes first)`);
    } else {
      current.push(arg);
    }
  }
  finish();
  return { configFile, lines };
}

function configFileLines(text: string, file: string): Line[] {
  const lines: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const trimmed = raw[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const origin = `${file}:${i + 1}`;
    const args = splitArgs(trimmed);
    if (args === null) throw lineError({ args: [], origin, text: trimmed, fromFile: true }, 'unbalanced quotes');
    if (args.length === 0) continue;
    if (args[0]!.toLowerCase() === 'include') {
      throw lineError({ args, origin, text: trimmed, fromFile: true }, 'include is not supported: put everything in one file');
    }
    lines.push({ args, origin, text: trimmed, fromFile: true });
  }
  return lines;
}

function optionError(text: string, problem: string): SentinelConfigError {
  return new SentinelConfigError(`Bad option ${text}: ${problem}`);
}

function lineError(line: Line, problem: string): SentinelConfigError {
  if (!line.fromFile) return optionError(line.text, problem);
  return new SentinelConfigError(`Bad config line at ${line.origin} ('${line.text}'): ${problem}`);
}

/** A strict decimal integer within [min, max], or null. */
function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

function yesNo(text: string): boolean | null {
  const t = text.toLowerCase();
  return t === 'yes' ? true : t === 'no' ? false : null;
}

function buildConfig(configFile: string | null, lines: readonly Line[], generateId: () => string): SentinelConfig {
  let port = DEFAULT_SENTINEL_PORT;
  let bind: string[] = [DEFAULT_BIND];
  let grpcPort: number | undefined;
  let logfile = '';
  let loglevel: LogLevel = 'notice';
  let pidfile = '';
  let dir = '';
  const ignored: string[] = [];
  const defaults: { downAfterMs?: number; failoverTimeoutMs?: number; parallelSyncs?: number } = {};
  const pre: Line[] = [];
  const monitors: Line[] = [];
  const post: Line[] = [];

  const wantArgs = (line: Line, n: number, usage: string): void => {
    if (line.args.length !== n + 1) throw lineError(line, `${usage} (${n} argument${n === 1 ? '' : 's'}), got ${line.args.length - 1}`);
  };

  for (const line of lines) {
    const name = line.args[0]!.toLowerCase();
    const value = line.args[1] ?? '';
    switch (name) {
      case 'port': {
        wantArgs(line, 1, 'port wants <port>');
        const n = parseInteger(value, 0, 65535);
        if (n === null) throw lineError(line, `port must be an integer from 0 to 65535, got '${value}'`);
        port = n;
        break;
      }
      case 'grpc-port': {
        wantArgs(line, 1, 'grpc-port wants <port>');
        const n = parseInteger(value, 0, 65535);
        if (n === null) throw lineError(line, `grpc-port must be an integer from 0 to 65535 (0: any free port), got '${value}'`);
        grpcPort = n;
        break;
      }
      case 'bind': {
        if (line.args.length < 2) throw lineError(line, 'bind wants at least one address');
        bind = line.args.slice(1).map((a) => (a.startsWith('-') ? a.slice(1) : a));
        for (const address of bind) {
          if (address !== '*' && address !== '::*' && isIP(address) === 0 && address !== 'localhost') {
            throw lineError(line, `bind wants IP addresses ('*' for every IPv4 interface), got '${address}'`);
          }
        }
        break;
      }
      case 'logfile':
        wantArgs(line, 1, 'logfile wants <path> ("" for standard output)');
        logfile = value;
        break;
      case 'loglevel': {
        wantArgs(line, 1, `loglevel wants one of ${LOG_LEVELS.join(', ')}`);
        const level = value.toLowerCase() as LogLevel;
        if (!LOG_LEVELS.includes(level)) throw lineError(line, `loglevel must be one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
        loglevel = level;
        break;
      }
      case 'pidfile':
        wantArgs(line, 1, 'pidfile wants <path>');
        pidfile = value;
        break;
      case 'dir':
        wantArgs(line, 1, 'dir wants <path>');
        dir = value;
        break;
      case 'daemonize': {
        wantArgs(line, 1, 'daemonize wants yes or no');
        const b = yesNo(value);
        if (b === null) throw lineError(line, `daemonize must be yes or no, got '${value}'`);
        if (b) throw lineError(line, 'daemonize yes is not supported: run understudy-sentinel in the background from the shell');
        break;
      }
      case 'monitor':
        // Understudy's --monitor: a `sentinel monitor` line.
        monitors.push({ ...line, args: ['monitor', ...line.args.slice(1)] });
        break;
      case 'down-after-milliseconds':
      case 'failover-timeout':
      case 'parallel-syncs': {
        if (line.args.length === 3) {
          // `--down-after-milliseconds mymaster 5000`: the per-master form.
          post.push({ ...line, args: [name, ...line.args.slice(1)] });
          break;
        }
        wantArgs(line, 1, `${name} wants <value> (for every master) or <master-name> <value>`);
        const n = settingValue(line, name, value);
        if (name === 'down-after-milliseconds') defaults.downAfterMs = n;
        else if (name === 'failover-timeout') defaults.failoverTimeoutMs = n;
        else defaults.parallelSyncs = n;
        break;
      }
      case 'sentinel': {
        if (line.args.length === 1) break; // `--sentinel`: the mode switch, this program is always a sentinel
        const sub = line.args[1]!.toLowerCase();
        const entry: Line = { ...line, args: line.args.slice(1) };
        if (sub === 'monitor') monitors.push(entry);
        else if (PRE_MONITOR.has(sub)) pre.push(entry);
        else post.push(entry);
        break;
      }
      default:
        if (IGNORED_DIRECTIVES.has(name)) {
          ignored.push(line.text);
          break;
        }
        throw lineError(line, `unknown directive '${line.args[0]}'`);
    }
  }

  // Pass 1: the global sentinel settings.
  let myId = '';
  let announceIp = '';
  let announcePort = 0;
  let resolveHostnames = false;
  let announceHostnames = false;
  let currentEpoch = 0;
  for (const line of pre) {
    const sub = line.args[0]!.toLowerCase();
    const value = line.args[1] ?? '';
    switch (sub) {
      case 'myid':
        wantArgs(line, 1, 'sentinel myid wants <id>');
        if (!/^[0-9a-fA-F]{40}$/.test(value)) throw lineError(line, `sentinel myid must be 40 hex characters, got '${value}'`);
        myId = value.toLowerCase();
        break;
      case 'announce-ip':
        wantArgs(line, 1, 'sentinel announce-ip wants <ip>');
        announceIp = value;
        break;
      case 'announce-port': {
        wantArgs(line, 1, 'sentinel announce-port wants <port>');
        const n = parseInteger(value, 0, 65535);
        if (n === null) throw lineError(line, `sentinel announce-port must be an integer from 0 to 65535, got '${value}'`);
        announcePort = n;
        break;
      }
      case 'current-epoch': {
        wantArgs(line, 1, 'sentinel current-epoch wants <epoch>');
        const n = parseInteger(value, 0, Number.MAX_SAFE_INTEGER);
        if (n === null) throw lineError(line, `sentinel current-epoch must be a non-negative integer, got '${value}'`);
        currentEpoch = Math.max(currentEpoch, n);
        break;
      }
      case 'resolve-hostnames':
      case 'announce-hostnames':
      case 'deny-scripts-reconfig': {
        wantArgs(line, 1, `sentinel ${sub} wants yes or no`);
        const b = yesNo(value);
        if (b === null) throw lineError(line, `sentinel ${sub} must be yes or no, got '${value}'`);
        if (sub === 'resolve-hostnames') resolveHostnames = b;
        else if (sub === 'announce-hostnames') announceHostnames = b;
        else ignored.push(line.text);
        break;
      }
      default: // sentinel-user, sentinel-pass: credentials for peers' RESP ports; peers talk gRPC here.
        wantArgs(line, 1, `sentinel ${sub} wants <value>`);
        ignored.push(line.text);
        break;
    }
  }

  // Pass 2: the masters.
  const masters = new Map<string, MutableMaster>();
  for (const line of monitors) {
    wantArgs(line, 4, 'sentinel monitor wants <name> <ip> <port> <quorum>');
    const [, name, host, portText, quorumText] = line.args as [string, string, string, string, string];
    const quorum = parseInteger(quorumText, -Infinity, Number.MAX_SAFE_INTEGER);
    if (quorum === null) throw lineError(line, `sentinel monitor ${name}: quorum must be an integer, got '${quorumText}'`);
    if (quorum <= 0) throw lineError(line, `sentinel monitor ${name}: quorum must be 1 or greater, got '${quorumText}'`);
    const masterPort = parseInteger(portText, 1, 65535);
    if (masterPort === null) throw lineError(line, `sentinel monitor ${name}: port must be an integer from 1 to 65535, got '${portText}'`);
    checkHost(line, `sentinel monitor ${name}`, host, resolveHostnames);
    if (masters.has(name)) throw lineError(line, `sentinel monitor: duplicate master name '${name}'`);
    masters.set(name, {
      name,
      host,
      port: masterPort,
      quorum,
      downAfterMs: undefined,
      failoverTimeoutMs: undefined,
      parallelSyncs: undefined,
      authUser: '',
      authPass: '',
      configEpoch: 0,
      leaderEpoch: 0,
      knownReplicas: [],
      knownSentinels: [],
    });
  }

  // Pass 3: the per-master settings.
  const masterOf = (line: Line, sub: string): MutableMaster => {
    const name = line.args[1]!;
    const master = masters.get(name);
    if (!master) throw lineError(line, `sentinel ${sub}: no master named '${name}' (it needs a 'sentinel monitor ${name} ...' line)`);
    return master;
  };
  for (const line of post) {
    const sub = line.args[0]!.toLowerCase();
    switch (sub) {
      case 'down-after-milliseconds':
      case 'failover-timeout':
      case 'parallel-syncs': {
        wantArgs(line, 2, `sentinel ${sub} wants <master-name> <value>`);
        const master = masterOf(line, sub);
        const n = settingValue(line, `sentinel ${sub} ${master.name}`, line.args[2]!);
        if (sub === 'down-after-milliseconds') master.downAfterMs = n;
        else if (sub === 'failover-timeout') master.failoverTimeoutMs = n;
        else master.parallelSyncs = n;
        break;
      }
      case 'auth-pass':
        wantArgs(line, 2, 'sentinel auth-pass wants <master-name> <password>');
        masterOf(line, sub).authPass = line.args[2]!;
        break;
      case 'auth-user':
        wantArgs(line, 2, 'sentinel auth-user wants <master-name> <username>');
        masterOf(line, sub).authUser = line.args[2]!;
        break;
      case 'config-epoch':
      case 'leader-epoch': {
        wantArgs(line, 2, `sentinel ${sub} wants <master-name> <epoch>`);
        const master = masterOf(line, sub);
        const n = parseInteger(line.args[2]!, 0, Number.MAX_SAFE_INTEGER);
        if (n === null) throw lineError(line, `sentinel ${sub} ${master.name}: the epoch must be a non-negative integer, got '${line.args[2]}'`);
        if (sub === 'config-epoch') {
          master.configEpoch = n;
          currentEpoch = Math.max(currentEpoch, n);
        } else {
          master.leaderEpoch = n;
        }
        break;
      }
      case 'known-replica':
      case 'known-slave': {
        wantArgs(line, 3, `sentinel ${sub} wants <master-name> <ip> <port>`);
        const master = masterOf(line, sub);
        const [, , host, portText] = line.args as [string, string, string, string];
        const replicaPort = parseInteger(portText, 1, 65535);
        if (replicaPort === null) throw lineError(line, `sentinel ${sub} ${master.name}: port must be an integer from 1 to 65535, got '${portText}'`);
        checkHost(line, `sentinel ${sub} ${master.name}`, host, resolveHostnames);
        if (master.knownReplicas.some((r) => r.host === host && r.port === replicaPort)) {
          throw lineError(line, `sentinel ${sub} ${master.name}: duplicate replica ${host}:${replicaPort}`);
        }
        master.knownReplicas.push({ host, port: replicaPort });
        break;
      }
      case 'known-sentinel': {
        if (line.args.length === 4) {
          // The old form without a run id: Redis ignores it too.
          masterOf(line, sub);
          break;
        }
        wantArgs(line, 4, 'sentinel known-sentinel wants <master-name> <ip> <port> <runid>');
        const master = masterOf(line, sub);
        const [, , host, portText, runId] = line.args as [string, string, string, string, string];
        const peerPort = parseInteger(portText, 1, 65535);
        if (peerPort === null) throw lineError(line, `sentinel known-sentinel ${master.name}: port must be an integer from 1 to 65535, got '${portText}'`);
        checkHost(line, `sentinel known-sentinel ${master.name}`, host, resolveHostnames);
        if (master.knownSentinels.some((s) => s.runId === runId)) {
          throw lineError(line, `sentinel known-sentinel ${master.name}: duplicate run id '${runId}'`);
        }
        master.knownSentinels.push({ host, port: peerPort, runId });
        break;
      }
      case 'rename-command':
        // The sentinel reaches nodes over gRPC: there are no commands to rename.
        wantArgs(line, 3, 'sentinel rename-command wants <master-name> <command> <renamed-command>');
        masterOf(line, sub);
        ignored.push(line.text);
        break;
      case 'master-reboot-down-after-period': {
        wantArgs(line, 2, 'sentinel master-reboot-down-after-period wants <master-name> <milliseconds>');
        masterOf(line, sub);
        const n = parseInteger(line.args[2]!, 0, Number.MAX_SAFE_INTEGER);
        if (n === null) throw lineError(line, `sentinel master-reboot-down-after-period must be a non-negative integer, got '${line.args[2]}'`);
        ignored.push(line.text);
        break;
      }
      case 'notification-script':
      case 'client-reconfig-script':
        throw lineError(line, `sentinel ${sub} is not supported: Understudy runs no scripts (subscribe to the events instead)`);
      default:
        throw lineError(line, `unknown sentinel directive '${line.args[0]}'`);
    }
  }

  let resolvedGrpcPort: number;
  if (grpcPort !== undefined) {
    resolvedGrpcPort = grpcPort;
  } else if (port === 0) {
    resolvedGrpcPort = 0;
  } else {
    resolvedGrpcPort = port + GRPC_PORT_OFFSET;
    if (resolvedGrpcPort > 65535) {
      throw new SentinelConfigError(
        `Bad option: the default gRPC port ${resolvedGrpcPort} (port ${port} + ${GRPC_PORT_OFFSET}) is out of range: choose one with --grpc-port`,
      );
    }
  }

  let generated = false;
  if (myId === '') {
    myId = generateId();
    generated = true;
  }

  const first = bind[0]!;
  return {
    configFile,
    bind,
    host: first === '*' ? '0.0.0.0' : first === '::*' ? '::' : first,
    port,
    grpcPort: resolvedGrpcPort,
    myId,
    myIdGenerated: generated,
    announceIp,
    announcePort,
    resolveHostnames,
    announceHostnames,
    currentEpoch,
    masters: [...masters.values()].map((m) => ({
      name: m.name,
      host: m.host,
      port: m.port,
      quorum: m.quorum,
      downAfterMs: m.downAfterMs ?? defaults.downAfterMs ?? MONITOR_DEFAULTS.downAfterMs,
      failoverTimeoutMs: m.failoverTimeoutMs ?? defaults.failoverTimeoutMs ?? MONITOR_DEFAULTS.failoverTimeoutMs,
      parallelSyncs: m.parallelSyncs ?? defaults.parallelSyncs ?? MONITOR_DEFAULTS.parallelSyncs,
      authUser: m.authUser,
      authPass: m.authPass,
      configEpoch: m.configEpoch,
      leaderEpoch: m.leaderEpoch,
      knownReplicas: m.knownReplicas,
      knownSentinels: m.knownSentinels,
    })),
    logfile,
    loglevel,
    pidfile,
    dir,
    ignored,
  };
}

/** down-after-milliseconds / failover-timeout: a positive number of ms; parallel-syncs: a positive count. */
function settingValue(line: Line, what: string, text: string): number {
  const n = parseInteger(text, -Infinity, 2 ** 31 - 1);
  if (n === null) throw lineError(line, `${what} must be an integer, got '${text}'`);
  if (n <= 0) {
    const wanted = what.includes('parallel-syncs') ? '1 or greater' : 'a positive number of milliseconds';
    throw lineError(line, `${what} must be ${wanted}, got '${text}'`);
  }
  return n;
}

/** Like Redis without resolve-hostnames: an IP address; a host name only with `sentinel resolve-hostnames yes`. */
function checkHost(line: Line, what: string, host: string, resolveHostnames: boolean): void {
  if (isIP(host) !== 0) return;
  if (!resolveHostnames) {
    throw lineError(line, `${what}: '${host}' is not an IP address (host names need 'sentinel resolve-hostnames yes')`);
  }
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) throw lineError(line, `${what}: '${host}' is not a valid host name`);
}

/**
 * understudy-proxy's command line, parsed into a ProxyConfig (no I/O).
 *
 *   understudy-proxy --sentinels HOST:PORT[,HOST:PORT...] --master-name NAME [options]
 *   understudy-proxy --upstream HOST:PORT [options]
 *
 * Options are `--name value` or `--name=value`; given twice, the last one wins (--sentinels lists add up).
 * Where the primary is comes from exactly one of --sentinels (the sentinels' gRPC ports, watched with
 * understudy.v1.Sentinel/WatchTopology) or --upstream (one fixed primary).
 */

import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { REDIS_VERSION } from '@understudy/resp';

/** The proxy's own version (package.json's; a test keeps them equal). */
export const PROXY_VERSION = '0.1.0';

/**
 * The default RESP port. Not 6379: on one machine that is the data node's (scripts/start.mjs runs one there),
 * and the proxy stands beside it. 6380 is the port of Azure Cache for Redis's endpoint, which the proxy plays
 * (Azure's 6380 speaks TLS; this one speaks plain RESP).
 */
export const DEFAULT_PROXY_PORT = 6380;
/** Loopback unless told otherwise (`--bind 0.0.0.0`), as the node and the sentinel. */
export const DEFAULT_PROXY_BIND = '127.0.0.1';
/** How long a command may be held while no primary is known or a switch is under way. */
export const DEFAULT_HOLD_TIMEOUT_MS = 10_000;
/** setTimeout's ceiling (2^31 - 1 ms, ~24.8 days): a longer hold would fire at once. */
export const MAX_HOLD_TIMEOUT_MS = 2 ** 31 - 1;
/** A sentinel serves gRPC on its RESP port plus this, unless started with --grpc-port. */
export const SENTINEL_GRPC_PORT_OFFSET = 10_000;

/** Redis's log level names, as the node's and the sentinel's (notice is pino's info, verbose its debug). */
export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

export interface HostPort {
  /** An IP address (IPv6 without brackets) or a host name. */
  readonly host: string;
  readonly port: number;
}

/** Where the proxy learns which node is the primary. `kind` is what the status shows as topology_source. */
export type ProxyTopologySource =
  | {
      readonly kind: 'sentinels';
      /** The sentinels' gRPC addresses, in the order given, without duplicates. */
      readonly sentinels: readonly HostPort[];
      /** The primary group to watch (`sentinel monitor <name> ...`). */
      readonly masterName: string;
    }
  | {
      readonly kind: 'static';
      /** The one primary: never changes, config epoch 0. */
      readonly upstream: HostPort;
    };

export interface ProxyConfig {
  /** `--bind`: the address the RESP port and the status port listen on. */
  readonly bind: string;
  /** `--port`: the RESP port clients connect to; 0 = any free port. */
  readonly port: number;
  readonly topology: ProxyTopologySource;
  /** `--status-port`: the HTTP health/status port; 0 = any free port; null = no status endpoint. */
  readonly statusPort: number | null;
  /** `--hold-timeout-ms`: 0 = never hold (fail at once when there is no primary to send to). */
  readonly holdTimeoutMs: number;
  /** `--logfile`: '' = standard output. */
  readonly logfile: string;
  readonly loglevel: LogLevel;
}

/** What the command line asks for. */
export type ProxyCommandLine =
  | { readonly action: 'run'; readonly config: ProxyConfig }
  | { readonly action: 'help' }
  | { readonly action: 'version' };

/** A bad command line: `message` names the option and the value, for stderr. */
export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

export const PROXY_USAGE = `Usage: understudy-proxy --sentinels HOST:PORT[,HOST:PORT...] --master-name NAME [options]
       understudy-proxy --upstream HOST:PORT [options]
       understudy-proxy -v or --version
       understudy-proxy -h or --help

A Redis-protocol proxy: the one endpoint that always reaches the current primary.

Where the primary is (exactly one of --sentinels or --upstream):
  --sentinels HOST:PORT,...   the sentinels' gRPC addresses, not their RESP ports: a sentinel serves gRPC on
                              its RESP port + ${SENTINEL_GRPC_PORT_OFFSET} unless started with --grpc-port (RESP 26379 -> gRPC 36379).
                              The proxy watches the topology on each (understudy.v1.Sentinel/WatchTopology)
                              and routes to the primary of the highest config epoch. May be repeated.
  --master-name NAME          the primary group the sentinels monitor ('sentinel monitor NAME ...');
                              required with --sentinels
  --upstream HOST:PORT        one fixed primary (no sentinels, no failover)
                              IPv6 addresses go in brackets: [::1]:6379

Listening:
  --port N                    the RESP port clients connect to (default ${DEFAULT_PROXY_PORT}; 0: any free port,
                              announced on the "Ready to accept connections" log line)
  --bind ADDRESS              the address to listen on (default ${DEFAULT_PROXY_BIND}; 0.0.0.0: every interface)
  --status-port N             serve HTTP GET /health and GET /status on this port, same address
                              (0: any free port; default: no status endpoint)

Failover:
  --hold-timeout-ms MS        how long a command may wait while no primary is known or a switch is under
                              way, before it fails (default ${DEFAULT_HOLD_TIMEOUT_MS}; 0: fail at once)

Logging:
  --logfile PATH              append the log (JSON lines) to PATH (default: standard output)
  --loglevel LEVEL            ${LOG_LEVELS.join(', ')} (default notice)
`;

/** The line -v prints. */
export function proxyVersionLine(): string {
  return `understudy-proxy v=${PROXY_VERSION} redis_version=${REDIS_VERSION}\n`;
}

const STRING_OPTIONS = [
  'port',
  'bind',
  'sentinels',
  'master-name',
  'upstream',
  'status-port',
  'hold-timeout-ms',
  'logfile',
  'loglevel',
] as const;
type StringOption = (typeof STRING_OPTIONS)[number];
const BOOLEAN_OPTIONS = ['help', 'version'] as const;

const HELP_HINT = 'understudy-proxy --help lists the options';

/** "Bad option --port abc: ..." (the option as it was written, and its value). */
function badOption(rawName: string, value: string | undefined, problem: string): ProxyConfigError {
  const shown = value === undefined ? rawName : `${rawName} ${value === '' ? "''" : value}`;
  return new ProxyConfigError(`Bad option ${shown}: ${problem}`);
}

/** A strict decimal integer within [min, max], or null. */
function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** A DNS name (underscores allowed: docker-compose service names have them). */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;

/** "host:port" or "[v6]:port", or why it is not one. */
function parseHostPort(text: string): HostPort | string {
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return `expected [IPv6]:PORT, got '${text}'`;
    host = text.slice(1, close);
    portText = text.slice(close + 2);
    if (isIP(host) !== 6) return `'${host}' is not an IPv6 address`;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return `expected HOST:PORT, got '${text}' (no port)`;
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) return `IPv6 addresses go in brackets ([${host}]:${portText}), got '${text}'`;
    if (host === '') return `expected HOST:PORT, got '${text}' (no host)`;
    if (isIP(host) === 0 && !HOST_NAME.test(host)) return `'${host}' is neither an IP address nor a host name`;
  }
  const port = parseInteger(portText, 1, 65535);
  if (port === null) return `the port must be an integer from 1 to 65535, got '${portText}' in '${text}'`;
  return { host, port };
}

/** For messages: host:port, IPv6 in brackets. */
export function formatHostPort(address: HostPort): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

interface Given {
  readonly rawName: string;
  readonly value: string;
}

/**
 * Parses the proxy's arguments (without the program name). `-h`/`--help` and `-v`/`--version` win over
 * everything else on the line. Throws ProxyConfigError on bad input.
 */
export function parseProxyCommandLine(argv: readonly string[]): ProxyCommandLine {
  // Not strict: every token comes back as written, so the messages can name the option and its value
  // (strict parseArgs rejects `--port -1` as "ambiguous", say, without the value).
  const { tokens } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { action: 'help' };
  if (tokens.some((t) => t.kind === 'option' && t.name === 'version')) return { action: 'version' };

  const given = new Map<StringOption, Given>();
  const sentinelLists: Given[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new ProxyConfigError(`Bad argument '${token.value}': options are --name value (${HELP_HINT})`);
    }
    if (token.kind === 'option-terminator') {
      throw new ProxyConfigError(`Bad argument '--': options are --name value (${HELP_HINT})`);
    }
    const name = token.name;
    if ((BOOLEAN_OPTIONS as readonly string[]).includes(name)) continue; // handled above
    if (!(STRING_OPTIONS as readonly string[]).includes(name)) {
      throw badOption(token.rawName, token.value, `unknown option (${HELP_HINT})`);
    }
    if (token.value === undefined) throw badOption(token.rawName, undefined, 'it needs a value');
    const entry = { rawName: token.rawName, value: token.value };
    if (name === 'sentinels') sentinelLists.push(entry);
    else given.set(name as StringOption, entry);
  }

  const intOption = (name: StringOption, fallback: number, min: number, max: number, what: string): number => {
    const g = given.get(name);
    if (g === undefined) return fallback;
    const n = parseInteger(g.value, min, max);
    if (n === null) throw badOption(g.rawName, g.value, `${name} must be ${what}, got '${g.value}'`);
    return n;
  };

  const port = intOption('port', DEFAULT_PROXY_PORT, 0, 65535, 'an integer from 0 to 65535 (0: any free port)');

  let bind = DEFAULT_PROXY_BIND;
  const bindGiven = given.get('bind');
  if (bindGiven !== undefined) {
    const address = bindGiven.value;
    if (isIP(address) === 0 && address !== 'localhost') {
      throw badOption(bindGiven.rawName, address, `bind must be an IP address (0.0.0.0 for every interface), got '${address}'`);
    }
    bind = address;
  }

  let statusPort: number | null = null;
  if (given.has('status-port')) {
    statusPort = intOption('status-port', 0, 0, 65535, 'an integer from 0 to 65535 (0: any free port)');
    if (statusPort !== 0 && statusPort === port) {
      const g = given.get('status-port')!;
      throw badOption(g.rawName, g.value, `the status port must differ from the RESP port (--port ${port})`);
    }
  }

  const holdTimeoutMs = intOption(
    'hold-timeout-ms',
    DEFAULT_HOLD_TIMEOUT_MS,
    0,
    MAX_HOLD_TIMEOUT_MS,
    `a number of milliseconds from 0 to ${MAX_HOLD_TIMEOUT_MS} (0: never hold)`,
  );

  const logfile = given.get('logfile')?.value ?? '';
  let loglevel: LogLevel = 'notice';
  const levelGiven = given.get('loglevel');
  if (levelGiven !== undefined) {
    const level = levelGiven.value.toLowerCase() as LogLevel;
    if (!LOG_LEVELS.includes(level)) {
      throw badOption(levelGiven.rawName, levelGiven.value, `loglevel must be one of ${LOG_LEVELS.join(', ')}, got '${levelGiven.value}'`);
    }
    loglevel = level;
  }

  const topology = parseTopology(given, sentinelLists);
  return { action: 'run', config: { bind, port, topology, statusPort, holdTimeoutMs, logfile, loglevel } };
}

function parseTopology(given: Map<StringOption, Given>, sentinelLists: readonly Given[]): ProxyTopologySource {
  const upstream = given.get('upstream');
  const masterName = given.get('master-name');
  if (upstream !== undefined && sentinelLists.length > 0) {
    throw new ProxyConfigError(
      `Bad options ${sentinelLists[0]!.rawName} ${sentinelLists[0]!.value} and ${upstream.rawName} ${upstream.value}: ` +
        'give one of them (--sentinels to follow failovers, --upstream for one fixed primary)',
    );
  }
  if (upstream !== undefined) {
    if (masterName !== undefined) {
      throw badOption(masterName.rawName, masterName.value, '--master-name goes with --sentinels, not with --upstream');
    }
    const address = parseHostPort(upstream.value);
    if (typeof address === 'string') throw badOption(upstream.rawName, upstream.value, `upstream: ${address}`);
    return { kind: 'static', upstream: address };
  }
  if (sentinelLists.length === 0) {
    throw new ProxyConfigError(
      'Missing option: give --sentinels HOST:PORT,... with --master-name NAME (to follow failovers) ' +
        `or --upstream HOST:PORT (one fixed primary) (${HELP_HINT})`,
    );
  }
  const sentinels: HostPort[] = [];
  for (const list of sentinelLists) {
    const items = list.value.split(',').map((s) => s.trim());
    if (items.every((s) => s === '')) throw badOption(list.rawName, list.value, 'sentinels wants HOST:PORT[,HOST:PORT...]');
    for (const item of items) {
      if (item === '') continue; // a trailing comma
      const address = parseHostPort(item);
      if (typeof address === 'string') throw badOption(list.rawName, list.value, `sentinels: ${address}`);
      if (sentinels.some((s) => s.host === address.host && s.port === address.port)) {
        throw badOption(list.rawName, list.value, `sentinels: ${formatHostPort(address)} is given twice`);
      }
      sentinels.push(address);
    }
  }
  if (masterName === undefined) {
    const first = sentinelLists[0]!;
    throw badOption(first.rawName, first.value, '--sentinels needs --master-name NAME (the group the sentinels monitor)');
  }
  if (masterName.value === '' || /[\s\0]/.test(masterName.value)) {
    throw badOption(masterName.rawName, masterName.value, `master-name must be a name without spaces, got '${masterName.value}'`);
  }
  return { kind: 'sentinels', sentinels, masterName: masterName.value };
}

/**
 * The configuration to run with: throws ProxyConfigError on bad input, and when the line asks for --help or
 * --version instead (parseProxyCommandLine tells those apart).
 */
export function parseProxyArgs(argv: readonly string[]): ProxyConfig {
  const line = parseProxyCommandLine(argv);
  if (line.action !== 'run') throw new ProxyConfigError(`--${line.action} asks for no configuration`);
  return line.config;
}

export interface CommandLineOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly setExitCode: (code: number) => void;
}

const PROCESS_OUTPUT: CommandLineOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/**
 * What main() starts with: the configuration to run with, or null when there is nothing to run: `--help` and
 * `--version` print to stdout (exit code 0); bad input prints the error to stderr and sets exit code 1.
 */
export function proxyConfigFromCommandLine(argv: readonly string[], output: CommandLineOutput = PROCESS_OUTPUT): ProxyConfig | null {
  let line: ProxyCommandLine;
  try {
    line = parseProxyCommandLine(argv);
  } catch (err) {
    if (!(err instanceof ProxyConfigError)) throw err;
    output.stderr(`${err.message}\n`);
    output.setExitCode(1);
    return null;
  }
  if (line.action === 'help') {
    output.stdout(PROXY_USAGE);
    return null;
  }
  if (line.action === 'version') {
    output.stdout(proxyVersionLine());
    return null;
  }
  return line.config;
}

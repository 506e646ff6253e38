/**
 * The proxy's health and status endpoint: a small HTTP server (--status-port) for load balancers, probes and
 * people with curl.
 *
 *   GET /health   200 "OK <host>:<port> epoch <n>" while a primary is known, else 503 "NO PRIMARY"
 *   GET /status   200 INFO-style text: a "# Proxy" section of name:value lines (formatProxyInfo)
 *
 * HEAD works as GET without the body; other methods get 405, other paths 404. Every answer is text/plain and
 * not to be cached. The figures come from a ProxyStatusSource, read at each request.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { infoSection, REDIS_VERSION, type InfoFields } from '@understudy/resp';
import { formatHostPort, type HostPort } from '../config/index.js';

/** What the proxy reports about itself at one moment. */
export interface ProxyStatus {
  /** The proxy's version (PROXY_VERSION). */
  readonly version: string;
  readonly pid: number;
  /** The RESP port clients connect to (the bound one, when --port 0). */
  readonly port: number;
  readonly uptimeSeconds: number;
  /** Where the primary comes from: the sentinels' topology watch, or a fixed --upstream. */
  readonly topologySource: 'sentinels' | 'static';
  /** The group watched ('' with a static upstream). */
  readonly masterName: string;
  /** The sentinels given ([] with a static upstream), and how many have a topology watch open now. */
  readonly sentinels: readonly HostPort[];
  readonly sentinelsConnected: number;
  /** Where commands go now; null while no primary is known. */
  readonly primary: HostPort | null;
  /** The config epoch of that primary: the highest seen (0 with a static upstream). */
  readonly configEpoch: number;
  /** True while a failover is under way (the sentinels say so) or the proxy is switching primaries. */
  readonly failoverInProgress: boolean;
  /** Client connections open now. */
  readonly connectedClients: number;
  /** Commands waiting for a primary now (none known, or a switch under way). */
  readonly heldCommands: number;
  /** --hold-timeout-ms. */
  readonly holdTimeoutMs: number;
  /** Client connections accepted since start. */
  readonly totalConnectionsReceived: number;
  /** Commands sent to a primary since start. */
  readonly totalCommandsForwarded: number;
  /** Topology changes that named another primary under a higher epoch. */
  readonly failoversSeen: number;
  /** Switches to a new primary during a planned failover (writes paused, nothing lost or failed). */
  readonly plannedSwitches: number;
  /** Switches after the old primary failed (its unanswered commands fail with an unknown outcome). */
  readonly unplannedSwitches: number;
  /** Commands failed because no primary was known within --hold-timeout-ms (they never ran). */
  readonly commandsFailedHoldTimeout: number;
  /** Commands sent to a primary that went away before answering: failed to the client, may or may not have run. */
  readonly commandsFailedUnknownOutcome: number;
}

/** The proxy's server implements this; read once per request. */
export interface ProxyStatusSource {
  proxyStatus(): ProxyStatus;
}

/** The "# Proxy" section's lines, in order. */
export function proxyInfoFields(status: ProxyStatus): InfoFields {
  return [
    ['proxy_version', status.version],
    ['redis_version', REDIS_VERSION],
    ['process_id', status.pid],
    ['tcp_port', status.port],
    ['uptime_in_seconds', status.uptimeSeconds],
    ['uptime_in_days', Math.floor(status.uptimeSeconds / 86400)],
    ['topology_source', status.topologySource],
    ['master_name', status.masterName],
    ['sentinels', status.sentinels.map(formatHostPort).join(',')],
    ['sentinels_connected', status.sentinelsConnected],
    // No primary: an empty host and port 0.
    ['primary_host', status.primary?.host ?? ''],
    ['primary_port', status.primary?.port ?? 0],
    ['config_epoch', status.configEpoch],
    ['failover_in_progress', status.failoverInProgress ? 1 : 0],
    ['connected_clients', status.connectedClients],
    ['held_commands', status.heldCommands],
    ['hold_timeout_ms', status.holdTimeoutMs],
    ['total_connections_received', status.totalConnectionsReceived],
    ['total_commands_forwarded', status.totalCommandsForwarded],
    ['failovers_seen', status.failoversSeen],
    ['planned_switches', status.plannedSwitches],
    ['unplanned_switches', status.unplannedSwitches],
    ['commands_failed_hold_timeout', status.commandsFailedHoldTimeout],
    ['commands_failed_unknown_outcome', status.commandsFailedUnknownOutcome],
  ];
}

/**
 * INFO's text for the proxy: "# Proxy\r\n" then "name:value\r\n" lines, as Redis prints a section (so a RESP
 * `INFO proxy` can answer it as a bulk string, and INFO parsers read GET /status).
 */
export function formatProxyInfo(status: ProxyStatus): string {
  return infoSection('Proxy', proxyInfoFields(status));
}

/** GET /health's answer: healthy while a primary is known. */
export function proxyHealth(status: ProxyStatus): { readonly healthy: boolean; readonly text: string } {
  if (status.primary === null) return { healthy: false, text: 'NO PRIMARY' };
  return { healthy: true, text: `OK ${formatHostPort(status.primary)} epoch ${status.configEpoch}` };
}

export interface StatusServerOptions {
  /** The address to listen on (the proxy's --bind). */
  readonly host: string;
  /** --status-port; 0 = any free port (StatusServer.port says which). */
  readonly port: number;
  readonly source: ProxyStatusSource;
  /** Called when the source throws (the request gets a 500); default: nothing. */
  readonly onError?: (err: unknown) => void;
}

export interface StatusServer {
  readonly host: string;
  /** The bound port. */
  readonly port: number;
  /** Stops listening and closes every open connection (keep-alive ones too). */
  close(): Promise<void>;
}

const HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } as const;

function answer(res: ServerResponse, statusCode: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(statusCode, { ...HEADERS, ...extra, 'Content-Length': Buffer.byteLength(body) });
  res.end(body); // no body is sent for HEAD
}

function handle(req: IncomingMessage, res: ServerResponse, options: StatusServerOptions): void {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://status').pathname;
  } catch {
    answer(res, 400, 'Bad request\n');
    return;
  }
  if (path !== '/health' && path !== '/status') {
    answer(res, 404, 'Not found: GET /health or GET /status\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    answer(res, 405, 'Method not allowed: GET or HEAD\n', { Allow: 'GET, HEAD' });
    return;
  }
  let status: ProxyStatus;
  try {
    status = options.source.proxyStatus();
  } catch (err) {
    options.onError?.(err);
    answer(res, 500, `ERR cannot read the proxy's status: ${err instanceof Error ? err.message : String(err)}\n`);
    return;
  }
  if (path === '/health') {
    const health = proxyHealth(status);
    answer(res, health.healthy ? 200 : 503, `${health.text}\n`);
  } else {
    answer(res, 200, formatProxyInfo(status));
  }
}

/** Starts listening; rejects when the port cannot be bound (the message names the address). */
export function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const server: Server = createServer((req, res) => handle(req, res, options));
  return new Promise((resolve, reject) => {
    const onListenError = (err: Error): void => {
      reject(new Error(`Cannot serve the status endpoint on ${formatHostPort(options)}: ${err.message}`));
    };
    server.once('error', onListenError);
    server.listen(options.port, options.host, () => {
      server.off('error', onListenError);
      // Later errors (a broken client socket) are the request's business, never the process's.
      server.on('error', (err) => options.onError?.(err));
      const port = (server.address() as AddressInfo).port;
      let closing: Promise<void> | null = null;
      resolve({
        host: options.host,
        port,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

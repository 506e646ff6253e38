import { createServer, type Server } from 'node:net';
import type { Logger } from 'pino';
import { PROXY_VERSION, type ProxyConfig } from '../config/index.js';
import { RouteTable, samePrimary, type Route, type TopologyReport } from '../core/route-table.js';
import { Session, type SessionHost } from './session.js';
import type { ProxyStatus, ProxyStatusSource } from './status-server.js';
import { topologySourceFor, type TopologySource } from './topology-source.js';

/**
 * The proxy's RESP listener: one Session per client connection, all routed by one RouteTable fed by the
 * topology source; every route change is passed to every session.
 */
export class ProxyServer implements SessionHost, ProxyStatusSource {
  private readonly server: Server;
  private readonly sessions = new Set<Session>();
  private readonly routes = new RouteTable();
  private readonly topology: TopologySource;
  private readonly startedAt = Date.now();
  private current: Route = { primary: null, epoch: 0, hold: false };
  port = 0;
  readonly holdTimeoutMs: number;
  readonly stats = { commandsForwarded: 0, unknownOutcomes: 0, heldCommands: 0, holdTimeouts: 0 };
  private connectionsReceived = 0;
  private failoversSeen = 0;
  private plannedSwitches = 0;
  private unplannedSwitches = 0;

  constructor(
    private readonly config: ProxyConfig,
    private readonly logger: Logger,
  ) {
    this.holdTimeoutMs = config.holdTimeoutMs;
    this.topology = topologySourceFor(config.topology, logger);
    this.server = createServer({ noDelay: true }, (socket) => {
      this.connectionsReceived++;
      this.sessions.add(new Session(socket, this));
    });
  }

  route(): Route {
    return this.current;
  }

  sessionClosed(session: Session): void {
    this.sessions.delete(session);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.config.bind, port: this.config.port }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : this.config.port;
    this.topology.start((report) => this.onReport(report));
    return this.port;
  }

  private onReport(report: TopologyReport): void {
    const before = this.current;
    if (!this.routes.offer(report)) return;
    const after = this.routes.route();
    this.current = after;
    if (before.primary !== null && after.primary !== null && !samePrimary(before.primary, after.primary)) {
      this.failoversSeen++;
      if (before.hold) this.plannedSwitches++;
      else this.unplannedSwitches++;
    }
    this.logger.info(
      { primary: after.primary && `${after.primary.host}:${after.primary.port}`, epoch: after.epoch, hold: after.hold, source: report.source },
      after.hold ? 'planned failover: holding new commands' : `routing to ${after.primary?.host}:${after.primary?.port} (epoch ${after.epoch})`,
    );
    for (const session of [...this.sessions]) session.routeChanged();
  }

  proxyStatus(): ProxyStatus {
    const topology = this.config.topology;
    return {
      version: PROXY_VERSION,
      pid: process.pid,
      port: this.port,
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
      topologySource: topology.kind,
      masterName: topology.kind === 'sentinels' ? topology.masterName : '',
      sentinels: topology.kind === 'sentinels' ? topology.sentinels : [],
      sentinelsConnected: this.topology.liveStreams(),
      primary: this.current.primary,
      configEpoch: this.current.epoch,
      failoverInProgress: this.current.hold,
      connectedClients: this.sessions.size,
      heldCommands: this.stats.heldCommands,
      holdTimeoutMs: this.holdTimeoutMs,
      totalConnectionsReceived: this.connectionsReceived,
      totalCommandsForwarded: this.stats.commandsForwarded,
      failoversSeen: this.failoversSeen,
      plannedSwitches: this.plannedSwitches,
      unplannedSwitches: this.unplannedSwitches,
      commandsFailedHoldTimeout: this.stats.holdTimeouts,
      commandsFailedUnknownOutcome: this.stats.unknownOutcomes,
    };
  }

  async close(): Promise<void> {
    this.topology.stop();
    for (const session of [...this.sessions]) session.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

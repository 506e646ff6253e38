import { grpc, sentinelPackage, type SentinelClient, type Topology__Output } from '@understudy/grpc';
import type { Logger } from 'pino';
import type { HostPort, ProxyTopologySource } from '../config/index.js';
import type { TopologyReport } from '../core/route-table.js';

/** Where reports of the primary come from: sentinels' topology streams, or one fixed upstream. */
export interface TopologySource {
  start(onReport: (report: TopologyReport) => void): void;
  /** How many of its streams are open and have reported (the static upstream counts as none). */
  liveStreams(): number;
  stop(): void;
}

export function topologySourceFor(config: ProxyTopologySource, logger: Logger): TopologySource {
  return config.kind === 'static' ? new StaticUpstream(config.upstream) : new SentinelWatches(config.sentinels, config.masterName, logger);
}

/** `--upstream`: one primary, config epoch 0, forever. */
class StaticUpstream implements TopologySource {
  constructor(private readonly upstream: HostPort) {}

  start(onReport: (report: TopologyReport) => void): void {
    onReport({ source: 'static', configEpoch: 0, primary: { host: this.upstream.host, port: this.upstream.port }, plannedFailover: false });
  }

  liveStreams(): number {
    return 0;
  }

  stop(): void {}
}

/** How soon a broken watch is opened again (a sentinel restarting, or not up yet). */
const REWATCH_MS = 200;

/**
 * `--sentinels`: a WatchTopology stream to every sentinel, each reopened when it breaks. Every sentinel's
 * reports count: the route table keeps the highest epoch, and only the leader of a planned failover knows
 * it is planned.
 */
class SentinelWatches implements TopologySource {
  private readonly clients: SentinelClient[] = [];
  private readonly calls = new Set<grpc.ClientReadableStream<Topology__Output>>();
  /** Sentinels whose stream is open and has reported. */
  private readonly live = new Set<string>();
  private stopped = false;

  constructor(
    private readonly sentinels: readonly HostPort[],
    private readonly masterName: string,
    private readonly logger: Logger,
  ) {}

  start(onReport: (report: TopologyReport) => void): void {
    for (const sentinel of this.sentinels) {
      const target = `${sentinel.host.includes(':') ? `[${sentinel.host}]` : sentinel.host}:${sentinel.port}`;
      const client = new (sentinelPackage().Sentinel)(target, grpc.credentials.createInsecure(), {
        'grpc.initial_reconnect_backoff_ms': 100,
        'grpc.max_reconnect_backoff_ms': 1000,
        'grpc.keepalive_time_ms': 5000,
        'grpc.keepalive_timeout_ms': 2000,
      });
      this.clients.push(client);
      this.watch(client, target, onReport);
    }
  }

  private watch(client: SentinelClient, target: string, onReport: (report: TopologyReport) => void): void {
    if (this.stopped) return;
    const call = client.WatchTopology({ masterName: this.masterName });
    this.calls.add(call);
    call.on('data', (topology: Topology__Output) => {
      this.live.add(target);
      onReport({
        source: target,
        configEpoch: topology.configEpoch,
        primary: topology.primary === null ? null : { host: topology.primary.host, port: topology.primary.port },
        plannedFailover: topology.plannedFailover,
      });
    });
    let reopened = false;
    const reopen = (err?: grpc.ServiceError): void => {
      this.calls.delete(call);
      this.live.delete(target);
      if (reopened || this.stopped) return;
      reopened = true;
      if (err && err.code !== grpc.status.CANCELLED) this.logger.debug({ sentinel: target, err: err.details }, 'topology watch broke; reopening');
      setTimeout(() => this.watch(client, target, onReport), REWATCH_MS).unref();
    };
    call.on('error', reopen);
    call.on('end', () => reopen());
  }

  liveStreams(): number {
    return this.live.size;
  }

  stop(): void {
    this.stopped = true;
    for (const call of this.calls) call.cancel();
    for (const client of this.clients) client.close();
  }
}

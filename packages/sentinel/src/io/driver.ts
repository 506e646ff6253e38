import type { Logger } from 'pino';
import { globMatch } from '@understudy/resp';
import type { FailoverOutcome, SentinelModel } from '../api/model.js';
import type { MonitorConfig } from '../core/config.js';
import { SentinelCore, type SentinelIdentity } from '../core/sentinel-core.js';
import { nodeKey, type Action, type Hello, type IsDownReply, type IsDownRequest } from '../core/types.js';
import type { MasterView, PeerView, QuorumCheck, ReplicaView, SentinelEvent } from '../core/view.js';
import { NodeControlClients } from './node-control-client.js';
import { PeerClients } from './peer-clients.js';

/** A group's topology as the WatchTopology stream carries it. */
export interface TopologyUpdate {
  readonly masterName: string;
  readonly configEpoch: number;
  readonly primary: { host: string; port: number };
  readonly replicas: { host: string; port: number }[];
  readonly failoverInProgress: boolean;
  readonly plannedFailover: boolean;
}

export interface DriverOptions {
  /** The sentinel's id and announced host; its ports are given to start(), once its listeners are bound. */
  readonly identity: Pick<SentinelIdentity, 'id' | 'host'>;
  readonly monitors: readonly MonitorConfig[];
  readonly logger: Logger;
  readonly clock?: () => number;
  readonly random?: () => number;
}

/** Events after which topology watchers hear the group's state again (a failover starting or ending). */
const TOPOLOGY_EVENTS = new Set(['+try-failover', '+failover-end', '+failover-end-for-timeout', '-failover-abort-not-elected', '-failover-abort-no-good-slave', '-failover-abort-slave-timeout', '-failover-abort-timeout', '-failover-abort-superseded']);

/**
 * Runs a SentinelCore against the world: ticks it on a timer, carries out its actions over gRPC (probes and
 * control calls to nodes, questions and hellos to peers), feeds the outcomes back, and serves what the RESP API
 * and the topology watch read.
 */
export class SentinelDriver implements SentinelModel {
  readonly core: SentinelCore;
  private readonly nodes = new NodeControlClients();
  private readonly peers = new PeerClients();
  private readonly listeners = new Set<(event: SentinelEvent) => void>();
  private readonly watchers = new Map<string, Set<(update: TopologyUpdate) => void>>();
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  /** The core reads its ports from here when it builds a hello, which first happens in start(). */
  private readonly identity: { id: string; host: string; port: number; grpcPort: number };

  constructor(private readonly options: DriverOptions) {
    this.clock = options.clock ?? Date.now;
    this.identity = { ...options.identity, port: 0, grpcPort: 0 };
    this.core = new SentinelCore(this.identity, options.monitors, options.random ?? Math.random, this.clock());
  }

  get myId(): string {
    return this.options.identity.id;
  }

  /**
   * Starts monitoring, announcing the ports peers and clients reach this sentinel on. Ticks four times per
   * probe period of the most demanding group.
   */
  start(ports: { port: number; grpcPort: number }): void {
    this.identity.port = ports.port;
    this.identity.grpcPort = ports.grpcPort;
    const periods = this.core.groupNames().map((name) => this.core.group(name)!.timing.probePeriodMs);
    const tickMs = Math.max(5, Math.min(100, Math.floor(Math.min(1000, ...periods) / 4)));
    this.timer = setInterval(() => this.step((now) => this.core.tick(now)), tickMs);
    this.step((now) => this.core.tick(now));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.nodes.close();
    this.peers.close();
    for (const set of this.watchers.values()) set.clear();
  }

  now(): number {
    return this.clock();
  }

  /** Feeds one input to the core and carries out everything it decided. */
  private step(feed: (now: number) => void): void {
    if (this.stopped) return;
    feed(this.clock());
    for (let actions = this.core.takeActions(); actions.length > 0; actions = this.core.takeActions()) {
      for (const action of actions) this.execute(action);
    }
  }

  private execute(action: Action): void {
    switch (action.kind) {
      case 'probe':
        void this.nodes.probe(action.target, action.hello, action.timeoutMs).then((facts) => this.step((now) => this.core.probeResult(now, action.group, nodeKey(action.target), facts)));
        return;
      case 'ask':
        void this.peers.isMasterDown(action.peer, action.request, action.timeoutMs).then((reply) => this.step((now) => this.core.askResult(now, action.group, action.peer.id, reply)));
        return;
      case 'hello':
        this.peers.hello(action.peer, action.hello, 1000);
        return;
      case 'promote':
      case 'follow':
      case 'pause':
        this.options.logger.info({ action: action.kind, node: nodeKey(action.target), epoch: action.epoch }, `${action.kind} ${nodeKey(action.target)} under epoch ${action.epoch}`);
        void this.nodes.control(action).then((outcome) => {
          if (!outcome.ok) this.options.logger.warn({ action: action.kind, node: nodeKey(action.target), error: outcome.error }, `${action.kind} failed`);
          this.step((now) => this.core.controlResult(now, action.group, action.kind, nodeKey(action.target), outcome));
        });
        return;
      case 'event':
        this.options.logger.info({ event: action.channel }, `${action.channel} ${action.message}`);
        for (const listener of this.listeners) listener({ channel: action.channel, message: action.message });
        if (TOPOLOGY_EVENTS.has(action.channel)) for (const name of this.core.groupNames()) this.notifyWatchers(name);
        return;
      case 'topology':
        this.notifyWatchers(action.group);
        return;
    }
  }

  // ---- peers' calls (the Sentinel gRPC service) ----------------------------------------------------------

  isMasterDown(request: IsDownRequest): IsDownReply | null {
    let reply: IsDownReply | null = null;
    this.step((now) => (reply = this.core.isMasterDown(now, request)));
    return reply;
  }

  hello(hello: Hello): void {
    this.step((now) => this.core.hello(now, hello));
  }

  topology(name: string): TopologyUpdate | undefined {
    const group = this.core.group(name);
    if (group === undefined) return undefined;
    return {
      masterName: name,
      configEpoch: group.configEpoch,
      primary: group.masterAddress(),
      replicas: [...group.replicas.values()].map((node) => ({ host: node.host, port: node.port })),
      failoverInProgress: group.failover !== null,
      // Only until the switch: after it, proxies route to the new primary and nothing needs to wait.
      plannedFailover: group.failover?.planned === true && group.failover.state !== 'reconf_slaves',
    };
  }

  /** Calls `watcher` with the group's topology now and after every change; returns the unsubscribe. */
  watch(name: string, watcher: (update: TopologyUpdate) => void): (() => void) | undefined {
    const current = this.topology(name);
    if (current === undefined) return undefined;
    let set = this.watchers.get(name);
    if (set === undefined) this.watchers.set(name, (set = new Set()));
    set.add(watcher);
    watcher(current);
    return () => set.delete(watcher);
  }

  private notifyWatchers(name: string): void {
    const set = this.watchers.get(name);
    if (set === undefined || set.size === 0) return;
    const update = this.topology(name)!;
    for (const watcher of set) watcher(update);
  }

  // ---- SentinelModel (the RESP API) ----------------------------------------------------------------------

  currentEpoch(): number {
    return this.core.currentEpoch();
  }

  masters(): MasterView[] {
    return this.core.masters();
  }

  master(name: string): MasterView | undefined {
    return this.core.master(name);
  }

  replicas(name: string): ReplicaView[] | undefined {
    return this.core.replicas(name);
  }

  sentinels(name: string): PeerView[] | undefined {
    return this.core.sentinels(name, this.clock());
  }

  ckquorum(name: string): QuorumCheck | undefined {
    return this.core.ckquorum(name, this.clock());
  }

  masterAddress(name: string): { host: string; port: number } | undefined {
    return this.core.group(name)?.masterAddress();
  }

  failover(name: string): FailoverOutcome {
    let error: string | null = null;
    this.step((now) => (error = this.core.failover(now, name)));
    return error === null ? { ok: true } : { ok: false, error };
  }

  reset(pattern: string): number {
    let count = 0;
    this.step((now) => (count = this.core.reset(now, (name) => globMatch(pattern, name))));
    return count;
  }

  isMasterDownByAddr(ip: string, port: number, currentEpoch: number, runId: string): [boolean, string, number] {
    let reply: IsDownReply = { down: false, leaderId: '*', leaderEpoch: 0 };
    this.step((now) => (reply = this.core.isMasterDownByAddr(now, ip, port, currentEpoch, runId)));
    return [reply.down, reply.leaderId, reply.leaderEpoch];
  }

  onEvent(listener: (event: SentinelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import type { FailoverOutcome, SentinelModel } from '../../src/api/model.js';
import type { MasterView, PeerView, QuorumCheck, ReplicaView, SentinelEvent } from '../../src/core/view.js';

/** A hand-driven SentinelModel: tests set the views, the clock and the answers, and emit events. */
export class FakeModel implements SentinelModel {
  myId = 'e'.repeat(40);
  clock = 1_000_000;
  epoch = 3;
  masterList: MasterView[] = [];
  replicaLists = new Map<string, ReplicaView[]>();
  peerLists = new Map<string, PeerView[]>();
  quorum = new Map<string, QuorumCheck>();
  /** Overrides of the master's view address (GET-MASTER-ADDR-BY-NAME), e.g. a promoted replica mid-failover. */
  addresses = new Map<string, { host: string; port: number }>();
  failoverAnswer: FailoverOutcome = { ok: true };
  readonly failovers: string[] = [];
  readonly resets: string[] = [];
  readonly votes: [string, number, number, string][] = [];
  voteAnswer: [boolean, string, number] = [false, '*', 0];
  /** Makes every read throw, to check that a failing model does not take the API down. */
  broken = false;
  private readonly listeners = new Set<(e: SentinelEvent) => void>();

  get listenerCount(): number {
    return this.listeners.size;
  }

  now(): number {
    this.check();
    return this.clock;
  }

  currentEpoch(): number {
    return this.epoch;
  }

  masters(): MasterView[] {
    this.check();
    return this.masterList;
  }

  master(name: string): MasterView | undefined {
    this.check();
    return this.masterList.find((m) => m.name === name);
  }

  replicas(name: string): ReplicaView[] | undefined {
    return this.master(name) ? (this.replicaLists.get(name) ?? []) : undefined;
  }

  sentinels(name: string): PeerView[] | undefined {
    return this.master(name) ? (this.peerLists.get(name) ?? []) : undefined;
  }

  ckquorum(name: string): QuorumCheck | undefined {
    const m = this.master(name);
    if (!m) return undefined;
    return this.quorum.get(name) ?? { usable: m.numOtherSentinels + 1, quorum: m.quorum, voters: m.numOtherSentinels + 1 };
  }

  masterAddress(name: string): { host: string; port: number } | undefined {
    const m = this.master(name);
    if (!m) return undefined;
    return this.addresses.get(name) ?? { host: m.ip, port: m.port };
  }

  failover(name: string): FailoverOutcome {
    this.failovers.push(name);
    return this.failoverAnswer;
  }

  reset(pattern: string): number {
    this.resets.push(pattern);
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return this.masterList.filter((m) => re.test(m.name)).length;
  }

  isMasterDownByAddr(ip: string, port: number, currentEpoch: number, runId: string): [boolean, string, number] {
    this.votes.push([ip, port, currentEpoch, runId]);
    return this.voteAnswer;
  }

  onEvent(listener: (event: SentinelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(channel: string, message: string): void {
    for (const l of this.listeners) l({ channel, message });
  }

  private check(): void {
    if (this.broken) throw new Error('model exploded');
  }
}

/** A master as a freshly started sentinel sees a healthy one; `over` replaces any field. */
export function masterView(over: Partial<MasterView> = {}): MasterView {
  return {
    name: 'mymaster',
    ip: '127.0.0.1',
    port: 6379,
    runId: 'a'.repeat(40),
    flags: ['master'],
    lastPingSent: 0,
    lastOkPingReply: 1_000_000 - 120,
    lastPingReply: 1_000_000 - 120,
    sdownSince: 0,
    infoRefresh: 1_000_000 - 2_500,
    roleReported: 'master',
    roleReportedTime: 1_000_000 - 60_000,
    epoch: 0,
    quorum: 2,
    configEpoch: 1,
    downAfterMs: 5_000,
    failoverTimeoutMs: 60_000,
    parallelSyncs: 1,
    numSlaves: 2,
    numOtherSentinels: 2,
    odownSince: 0,
    failoverState: 'none',
    failoverStartTime: 0,
    failoverEpoch: 0,
    ...over,
  };
}

export function replicaView(over: Partial<ReplicaView> = {}): ReplicaView {
  return {
    ip: '127.0.0.1',
    port: 6380,
    runId: 'b'.repeat(40),
    flags: ['slave'],
    lastPingSent: 0,
    lastOkPingReply: 1_000_000 - 300,
    lastPingReply: 1_000_000 - 300,
    sdownSince: 0,
    infoRefresh: 1_000_000 - 4_000,
    roleReported: 'slave',
    roleReportedTime: 1_000_000 - 50_000,
    epoch: 0,
    masterLinkDownMs: 0,
    masterLinkUp: true,
    masterHost: '127.0.0.1',
    masterPort: 6379,
    priority: 100,
    replOffset: 12345,
    ...over,
  };
}

export function peerView(over: Partial<PeerView> = {}): PeerView {
  return {
    ip: '127.0.0.1',
    port: 26380,
    runId: 'c'.repeat(40),
    flags: ['sentinel'],
    lastHelloMessage: 1_000_000 - 700,
    lastPingSent: 0,
    lastOkPingReply: 1_000_000 - 200,
    lastPingReply: 1_000_000 - 200,
    sdownSince: 0,
    votedLeader: '',
    votedLeaderEpoch: 0,
    ...over,
  };
}

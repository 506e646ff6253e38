import type { MonitorConfig } from './config.js';
import { MasterGroup, type GroupContext } from './group.js';
import type { Action, ControlOutcome, Hello, IsDownReply, IsDownRequest, NodeFacts } from './types.js';
import { masterView, peerViews, replicaViews, usableSentinels } from './views.js';
import type { MasterView, PeerView, QuorumCheck, ReplicaView } from './view.js';

export interface SentinelIdentity {
  readonly id: string;
  readonly host: string;
  /** The RESP (Sentinel API) port and the gRPC port peers call. */
  readonly port: number;
  readonly grpcPort: number;
}

/**
 * A sentinel's whole decision state: the groups it monitors and its current epoch. Pure: the driver feeds it
 * the time, probe and peer replies and control outcomes, and carries out the actions it returns from
 * takeActions() (DESIGN.md §2: core/ folders have no I/O and no clock of their own).
 */
export class SentinelCore {
  private epoch = 0;
  private readonly groups = new Map<string, MasterGroup>();
  private outbox: Action[] = [];

  constructor(
    readonly identity: SentinelIdentity,
    monitors: readonly MonitorConfig[],
    private readonly random: () => number,
    now: number,
  ) {
    const ctx: GroupContext = {
      myId: identity.id,
      me: identity,
      currentEpoch: () => this.epoch,
      raiseEpoch: (epoch) => this.raiseEpoch(epoch),
      emit: (action) => this.outbox.push(action),
      random: () => this.random(),
    };
    for (const monitor of monitors) this.groups.set(monitor.name, new MasterGroup(monitor, ctx, now));
  }

  currentEpoch(): number {
    return this.epoch;
  }

  /** The actions decided since the last call, in order. */
  takeActions(): Action[] {
    const actions = this.outbox;
    this.outbox = [];
    return actions;
  }

  tick(now: number): void {
    for (const group of this.groups.values()) group.tick(now);
  }

  probeResult(now: number, group: string, nodeKey: string, facts: NodeFacts | null): void {
    this.groups.get(group)?.probeResult(now, nodeKey, facts);
  }

  askResult(now: number, group: string, peerId: string, reply: IsDownReply | null): void {
    this.groups.get(group)?.askResult(now, peerId, reply);
  }

  controlResult(now: number, group: string, kind: 'pause' | 'promote' | 'follow', nodeKey: string, outcome: ControlOutcome): void {
    this.groups.get(group)?.controlResult(now, kind, nodeKey, outcome);
  }

  hello(now: number, hello: Hello): void {
    this.groups.get(hello.masterName)?.hearHello(now, hello);
  }

  /** A peer's is-master-down question or vote request; null when we do not monitor that group. */
  isMasterDown(now: number, request: IsDownRequest): IsDownReply | null {
    return this.groups.get(request.masterName)?.isMasterDown(now, request) ?? null;
  }

  /** The RESP form, which names the primary by address (SENTINEL IS-MASTER-DOWN-BY-ADDR). */
  isMasterDownByAddr(now: number, host: string, port: number, epoch: number, candidateId: string): IsDownReply {
    for (const group of this.groups.values()) {
      if (!group.master.is({ host, port })) continue;
      return group.isMasterDown(now, { masterName: group.name, masterHost: host, masterPort: port, currentEpoch: epoch, candidateId, from: null });
    }
    return { down: false, leaderId: '*', leaderEpoch: 0 };
  }

  /** SENTINEL FAILOVER name: null when started, else Redis's error text. */
  failover(now: number, name: string): string | null {
    const group = this.groups.get(name);
    if (group === undefined) return 'ERR No such master with that name';
    return group.requestFailover(now);
  }

  /** SENTINEL RESET pattern (glob on master names): how many groups were reset. */
  reset(now: number, matches: (name: string) => boolean): number {
    let count = 0;
    for (const group of this.groups.values()) {
      if (!matches(group.name)) continue;
      group.reset(now);
      count++;
    }
    return count;
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  group(name: string): MasterGroup | undefined {
    return this.groups.get(name);
  }

  masters(): MasterView[] {
    return [...this.groups.values()].map(masterView);
  }

  master(name: string): MasterView | undefined {
    const group = this.groups.get(name);
    return group && masterView(group);
  }

  replicas(name: string): ReplicaView[] | undefined {
    const group = this.groups.get(name);
    return group && replicaViews(group);
  }

  sentinels(name: string, now: number): PeerView[] | undefined {
    const group = this.groups.get(name);
    return group && peerViews(group, now);
  }

  ckquorum(name: string, now: number): QuorumCheck | undefined {
    const group = this.groups.get(name);
    return group && { usable: usableSentinels(group, now), quorum: group.config.quorum, voters: group.voters() };
  }

  private raiseEpoch(epoch: number): void {
    if (epoch <= this.epoch) return;
    this.epoch = epoch;
    this.outbox.push({ kind: 'event', channel: '+new-epoch', message: String(epoch) });
  }
}

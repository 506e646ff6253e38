import type { MasterGroup } from './group.js';
import type { NodeInstance } from './node-instance.js';
import type { InstanceView, MasterView, PeerView, ReplicaView } from './view.js';

/** The read side of a group for the RESP API (SENTINEL MASTER/REPLICAS/SENTINELS). */

function instanceView(group: MasterGroup, node: NodeInstance, flags: string[]): InstanceView {
  if (node.sdownSince !== 0) flags.push('s_down');
  if (node.lastProbeFailed) flags.push('disconnected');
  return {
    ip: node.host,
    port: node.port,
    runId: node.facts?.runId ?? '',
    flags,
    lastPingSent: node.probeSentAt,
    lastOkPingReply: node.lastOkReply,
    lastPingReply: node.lastReply,
    sdownSince: node.sdownSince,
    infoRefresh: node.factsAt,
    roleReported: node.facts?.role ?? (node === group.master ? 'master' : 'slave'),
    roleReportedTime: node.roleReportedTime,
    epoch: node.facts?.epoch ?? 0,
  };
}

export function masterView(group: MasterGroup): MasterView {
  const flags = ['master'];
  const base = instanceView(group, group.master, flags);
  if (group.odownSince !== 0) flags.push('o_down');
  if (group.failover !== null) flags.push('failover_in_progress');
  return {
    ...base,
    name: group.name,
    quorum: group.config.quorum,
    configEpoch: group.configEpoch,
    downAfterMs: group.config.downAfterMs,
    failoverTimeoutMs: group.config.failoverTimeoutMs,
    parallelSyncs: group.config.parallelSyncs,
    numSlaves: group.replicas.size,
    numOtherSentinels: group.peers.size,
    odownSince: group.odownSince,
    failoverState: group.failover?.state ?? 'none',
    failoverStartTime: group.failover?.startedAt ?? 0,
    failoverEpoch: group.failover?.epoch ?? 0,
  };
}

export function replicaViews(group: MasterGroup): ReplicaView[] {
  return [...group.replicas.values()].map((node) => {
    const facts = node.facts;
    const flags = ['slave'];
    if (group.failover?.promoted === node) flags.push('promoted');
    return {
      ...instanceView(group, node, flags),
      masterLinkDownMs: facts?.linkDownMs ?? 0,
      masterLinkUp: facts?.linkUp ?? false,
      masterHost: facts?.primaryHost ?? '?',
      masterPort: facts?.primaryPort ?? 0,
      priority: facts?.priority ?? 100,
      replOffset: facts?.offset ?? 0,
    };
  });
}

export function peerViews(group: MasterGroup, now: number): PeerView[] {
  return [...group.peers.values()].map((peer) => {
    const down = now - peer.lastOkReply > group.config.downAfterMs;
    return {
      ip: peer.host,
      port: peer.port,
      runId: peer.id,
      flags: down ? ['sentinel', 's_down'] : ['sentinel'],
      lastHelloMessage: peer.lastHello,
      lastPingSent: peer.askPending ? peer.lastAskAt : 0,
      lastOkPingReply: peer.lastOkReply,
      lastPingReply: Math.max(peer.lastOkReply, peer.lastFailedReply),
      sdownSince: down ? peer.lastOkReply + group.config.downAfterMs : 0,
      votedLeader: peer.leaderId === '*' ? '' : peer.leaderId,
      votedLeaderEpoch: peer.leaderEpoch,
    };
  });
}

/** Peers heard from within down-after, plus this sentinel (SENTINEL CKQUORUM's "usable"). */
export function usableSentinels(group: MasterGroup, now: number): number {
  let usable = 1;
  for (const peer of group.peers.values()) if (now - peer.lastOkReply <= group.config.downAfterMs) usable++;
  return usable;
}

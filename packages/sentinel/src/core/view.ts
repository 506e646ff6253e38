/**
 * What a sentinel knows, as the RESP Sentinel API shows it (SENTINEL MASTERS / REPLICAS / SENTINELS, INFO).
 * Plain values, read from the core at the moment of the command; times are in ms on the sentinel's clock.
 */

export interface Address {
  readonly host: string;
  readonly port: number;
}

/** Link and liveness facts common to masters and replicas (Redis's sentinelRedisInstance fields). */
export interface InstanceView {
  readonly ip: string;
  readonly port: number;
  /** Empty until the first probe answered. */
  readonly runId: string;
  /** Redis's flags, in Redis's order: master|slave, s_down, o_down, disconnected, failover_in_progress, promoted... */
  readonly flags: readonly string[];
  /** When the pending probe was sent (0: none pending), the last valid reply, the last reply of any kind. */
  readonly lastPingSent: number;
  readonly lastOkPingReply: number;
  readonly lastPingReply: number;
  /** When it entered SDOWN (0: not down). */
  readonly sdownSince: number;
  /** When the last probe reply refreshed its role/offset facts (0: never). */
  readonly infoRefresh: number;
  readonly roleReported: 'master' | 'slave';
  readonly roleReportedTime: number;
  readonly epoch: number;
}

export interface MasterView extends InstanceView {
  readonly name: string;
  readonly quorum: number;
  readonly configEpoch: number;
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  readonly parallelSyncs: number;
  readonly numSlaves: number;
  readonly numOtherSentinels: number;
  readonly odownSince: number;
  /** The running failover, if any: its state name as Redis's (e.g. "wait_start", "select_slave") and start time. */
  readonly failoverState: string;
  readonly failoverStartTime: number;
  readonly failoverEpoch: number;
}

export interface ReplicaView extends InstanceView {
  readonly masterLinkDownMs: number;
  readonly masterLinkUp: boolean;
  readonly masterHost: string;
  readonly masterPort: number;
  readonly priority: number;
  readonly replOffset: number;
}

export interface PeerView {
  readonly ip: string;
  readonly port: number;
  readonly runId: string;
  readonly flags: readonly string[];
  readonly lastHelloMessage: number;
  /** When the question in flight was sent (0: none), the last valid reply, the last reply of any kind. */
  readonly lastPingSent: number;
  readonly lastOkPingReply: number;
  readonly lastPingReply: number;
  /** When it was last heard from plus down-after, once that has passed (0: not down). */
  readonly sdownSince: number;
  readonly votedLeader: string;
  readonly votedLeaderEpoch: number;
}

/** SENTINEL CKQUORUM's facts: how many of the group's sentinels are reachable, against quorum and majority. */
export interface QuorumCheck {
  readonly usable: number;
  readonly quorum: number;
  readonly voters: number;
}

/** A pub/sub event as Redis Sentinel publishes it: channel "+switch-master", message "mymaster 1.2.3.4 ...". */
export interface SentinelEvent {
  readonly channel: string;
  readonly message: string;
}

import type { ProtoGrpcType as NodeControlProto } from './generated/node_control.js';
import type { ProtoGrpcType as ReplicationProto } from './generated/replication.js';
import type { ProtoGrpcType as SentinelProto } from './generated/sentinel.js';
import { loadProto } from './load.js';

export * as grpc from '@grpc/grpc-js';
export { loadProto, PROTOS_DIR } from './load.js';
export { discoverGrpcPort, type PrimaryCredentials } from './discover-grpc-port.js';
export type { NodeControlProto, ReplicationProto, SentinelProto };
export type { ReplicationClient, ReplicationHandlers } from './generated/understudy/v1/Replication.js';
export type { SyncRequest, SyncRequest__Output } from './generated/understudy/v1/SyncRequest.js';
export type { SyncEvent, SyncEvent__Output } from './generated/understudy/v1/SyncEvent.js';
export type { AckRequest, AckRequest__Output } from './generated/understudy/v1/AckRequest.js';
export type { NodeControlClient, NodeControlHandlers } from './generated/understudy/v1/NodeControl.js';
export type { ProbeRequest, ProbeRequest__Output } from './generated/understudy/v1/ProbeRequest.js';
export type { ProbeReply, ProbeReply__Output } from './generated/understudy/v1/ProbeReply.js';
export type { ReplicaInfo, ReplicaInfo__Output } from './generated/understudy/v1/ReplicaInfo.js';
export type { PromoteRequest, PromoteRequest__Output } from './generated/understudy/v1/PromoteRequest.js';
export type { FollowRequest, FollowRequest__Output } from './generated/understudy/v1/FollowRequest.js';
export type { PauseWritesRequest, PauseWritesRequest__Output } from './generated/understudy/v1/PauseWritesRequest.js';
export type { ControlReply, ControlReply__Output } from './generated/understudy/v1/ControlReply.js';
export type { Faults, Faults__Output } from './generated/understudy/v1/Faults.js';
export type { SentinelHello, SentinelHello__Output } from './generated/understudy/v1/SentinelHello.js';
export type { SentinelClient, SentinelHandlers } from './generated/understudy/v1/Sentinel.js';
export type { IsMasterDownRequest, IsMasterDownRequest__Output } from './generated/understudy/v1/IsMasterDownRequest.js';
export type { IsMasterDownReply, IsMasterDownReply__Output } from './generated/understudy/v1/IsMasterDownReply.js';
export type { Topology, Topology__Output } from './generated/understudy/v1/Topology.js';
export type { NodeAddress, NodeAddress__Output } from './generated/understudy/v1/NodeAddress.js';
export type { WatchTopologyRequest, WatchTopologyRequest__Output } from './generated/understudy/v1/WatchTopologyRequest.js';

let replication: ReplicationProto['understudy']['v1'] | null = null;
let nodeControl: NodeControlProto['understudy']['v1'] | null = null;
let sentinel: SentinelProto['understudy']['v1'] | null = null;

/** understudy.v1 of replication.proto: the Replication client constructor and service definition. */
export function replicationPackage(): ReplicationProto['understudy']['v1'] {
  replication ??= loadProto<ReplicationProto>('understudy/v1/replication.proto').understudy.v1;
  return replication;
}

/** understudy.v1 of node_control.proto: how sentinels probe and steer data nodes. */
export function nodeControlPackage(): NodeControlProto['understudy']['v1'] {
  nodeControl ??= loadProto<NodeControlProto>('understudy/v1/node_control.proto').understudy.v1;
  return nodeControl;
}

/** understudy.v1 of sentinel.proto: votes and gossip between sentinels, and the topology watch. */
export function sentinelPackage(): SentinelProto['understudy']['v1'] {
  sentinel ??= loadProto<SentinelProto>('understudy/v1/sentinel.proto').understudy.v1;
  return sentinel;
}

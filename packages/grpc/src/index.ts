import type { ProtoGrpcType as ReplicationProto } from './generated/replication.js';
import { loadProto } from './load.js';

export * as grpc from '@grpc/grpc-js';
export { loadProto, PROTOS_DIR } from './load.js';
export type { ReplicationProto };
export type { ReplicationClient, ReplicationHandlers } from './generated/understudy/v1/Replication.js';
export type { SyncRequest, SyncRequest__Output } from './generated/understudy/v1/SyncRequest.js';
export type { SyncEvent, SyncEvent__Output } from './generated/understudy/v1/SyncEvent.js';
export type { AckRequest, AckRequest__Output } from './generated/understudy/v1/AckRequest.js';

let replication: ReplicationProto['understudy']['v1'] | null = null;

/** understudy.v1 of replication.proto: the Replication client constructor and service definition. */
export function replicationPackage(): ReplicationProto['understudy']['v1'] {
  replication ??= loadProto<ReplicationProto>('understudy/v1/replication.proto').understudy.v1;
  return replication;
}

// Original file: protos/understudy/v1/replication.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AckRequest as _understudy_v1_AckRequest, AckRequest__Output as _understudy_v1_AckRequest__Output } from '../../understudy/v1/AckRequest.js';
import type { AckSummary as _understudy_v1_AckSummary, AckSummary__Output as _understudy_v1_AckSummary__Output } from '../../understudy/v1/AckSummary.js';
import type { SyncEvent as _understudy_v1_SyncEvent, SyncEvent__Output as _understudy_v1_SyncEvent__Output } from '../../understudy/v1/SyncEvent.js';
import type { SyncRequest as _understudy_v1_SyncRequest, SyncRequest__Output as _understudy_v1_SyncRequest__Output } from '../../understudy/v1/SyncRequest.js';

export interface ReplicationClient extends grpc.Client {
  Ack(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  Ack(metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  Ack(options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  Ack(callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  ack(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  ack(metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  ack(options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  ack(callback: grpc.requestCallback<_understudy_v1_AckSummary__Output>): grpc.ClientWritableStream<_understudy_v1_AckRequest>;
  
  Sync(argument: _understudy_v1_SyncRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_SyncEvent__Output>;
  Sync(argument: _understudy_v1_SyncRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_SyncEvent__Output>;
  sync(argument: _understudy_v1_SyncRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_SyncEvent__Output>;
  sync(argument: _understudy_v1_SyncRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_SyncEvent__Output>;
  
}

export interface ReplicationHandlers extends grpc.UntypedServiceImplementation {
  Ack: grpc.handleClientStreamingCall<_understudy_v1_AckRequest__Output, _understudy_v1_AckSummary>;
  
  Sync: grpc.handleServerStreamingCall<_understudy_v1_SyncRequest__Output, _understudy_v1_SyncEvent>;
  
}

export interface ReplicationDefinition extends grpc.ServiceDefinition {
  Ack: MethodDefinition<_understudy_v1_AckRequest, _understudy_v1_AckSummary, _understudy_v1_AckRequest__Output, _understudy_v1_AckSummary__Output>
  Sync: MethodDefinition<_understudy_v1_SyncRequest, _understudy_v1_SyncEvent, _understudy_v1_SyncRequest__Output, _understudy_v1_SyncEvent__Output>
}

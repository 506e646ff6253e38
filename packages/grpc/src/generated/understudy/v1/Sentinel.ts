// Original file: protos/understudy/v1/sentinel.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { HelloReply as _understudy_v1_HelloReply, HelloReply__Output as _understudy_v1_HelloReply__Output } from '../../understudy/v1/HelloReply.js';
import type { IsMasterDownReply as _understudy_v1_IsMasterDownReply, IsMasterDownReply__Output as _understudy_v1_IsMasterDownReply__Output } from '../../understudy/v1/IsMasterDownReply.js';
import type { IsMasterDownRequest as _understudy_v1_IsMasterDownRequest, IsMasterDownRequest__Output as _understudy_v1_IsMasterDownRequest__Output } from '../../understudy/v1/IsMasterDownRequest.js';
import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from '../../understudy/v1/SentinelHello.js';
import type { Topology as _understudy_v1_Topology, Topology__Output as _understudy_v1_Topology__Output } from '../../understudy/v1/Topology.js';
import type { WatchTopologyRequest as _understudy_v1_WatchTopologyRequest, WatchTopologyRequest__Output as _understudy_v1_WatchTopologyRequest__Output } from '../../understudy/v1/WatchTopologyRequest.js';

export interface SentinelClient extends grpc.Client {
  Hello(argument: _understudy_v1_SentinelHello, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _understudy_v1_SentinelHello, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _understudy_v1_SentinelHello, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  Hello(argument: _understudy_v1_SentinelHello, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _understudy_v1_SentinelHello, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _understudy_v1_SentinelHello, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _understudy_v1_SentinelHello, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  hello(argument: _understudy_v1_SentinelHello, callback: grpc.requestCallback<_understudy_v1_HelloReply__Output>): grpc.ClientUnaryCall;
  
  IsMasterDown(argument: _understudy_v1_IsMasterDownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  IsMasterDown(argument: _understudy_v1_IsMasterDownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  IsMasterDown(argument: _understudy_v1_IsMasterDownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  IsMasterDown(argument: _understudy_v1_IsMasterDownRequest, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  isMasterDown(argument: _understudy_v1_IsMasterDownRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  isMasterDown(argument: _understudy_v1_IsMasterDownRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  isMasterDown(argument: _understudy_v1_IsMasterDownRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  isMasterDown(argument: _understudy_v1_IsMasterDownRequest, callback: grpc.requestCallback<_understudy_v1_IsMasterDownReply__Output>): grpc.ClientUnaryCall;
  
  WatchTopology(argument: _understudy_v1_WatchTopologyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_Topology__Output>;
  WatchTopology(argument: _understudy_v1_WatchTopologyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_Topology__Output>;
  watchTopology(argument: _understudy_v1_WatchTopologyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_Topology__Output>;
  watchTopology(argument: _understudy_v1_WatchTopologyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_understudy_v1_Topology__Output>;
  
}

export interface SentinelHandlers extends grpc.UntypedServiceImplementation {
  Hello: grpc.handleUnaryCall<_understudy_v1_SentinelHello__Output, _understudy_v1_HelloReply>;
  
  IsMasterDown: grpc.handleUnaryCall<_understudy_v1_IsMasterDownRequest__Output, _understudy_v1_IsMasterDownReply>;
  
  WatchTopology: grpc.handleServerStreamingCall<_understudy_v1_WatchTopologyRequest__Output, _understudy_v1_Topology>;
  
}

export interface SentinelDefinition extends grpc.ServiceDefinition {
  Hello: MethodDefinition<_understudy_v1_SentinelHello, _understudy_v1_HelloReply, _understudy_v1_SentinelHello__Output, _understudy_v1_HelloReply__Output>
  IsMasterDown: MethodDefinition<_understudy_v1_IsMasterDownRequest, _understudy_v1_IsMasterDownReply, _understudy_v1_IsMasterDownRequest__Output, _understudy_v1_IsMasterDownReply__Output>
  WatchTopology: MethodDefinition<_understudy_v1_WatchTopologyRequest, _understudy_v1_Topology, _understudy_v1_WatchTopologyRequest__Output, _understudy_v1_Topology__Output>
}

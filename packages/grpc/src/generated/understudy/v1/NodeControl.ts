// Original file: protos/understudy/v1/node_control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ControlReply as _understudy_v1_ControlReply, ControlReply__Output as _understudy_v1_ControlReply__Output } from '../../understudy/v1/ControlReply.js';
import type { Faults as _understudy_v1_Faults, Faults__Output as _understudy_v1_Faults__Output } from '../../understudy/v1/Faults.js';
import type { FollowRequest as _understudy_v1_FollowRequest, FollowRequest__Output as _understudy_v1_FollowRequest__Output } from '../../understudy/v1/FollowRequest.js';
import type { PauseWritesRequest as _understudy_v1_PauseWritesRequest, PauseWritesRequest__Output as _understudy_v1_PauseWritesRequest__Output } from '../../understudy/v1/PauseWritesRequest.js';
import type { ProbeReply as _understudy_v1_ProbeReply, ProbeReply__Output as _understudy_v1_ProbeReply__Output } from '../../understudy/v1/ProbeReply.js';
import type { ProbeRequest as _understudy_v1_ProbeRequest, ProbeRequest__Output as _understudy_v1_ProbeRequest__Output } from '../../understudy/v1/ProbeRequest.js';
import type { PromoteRequest as _understudy_v1_PromoteRequest, PromoteRequest__Output as _understudy_v1_PromoteRequest__Output } from '../../understudy/v1/PromoteRequest.js';

export interface NodeControlClient extends grpc.Client {
  Follow(argument: _understudy_v1_FollowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Follow(argument: _understudy_v1_FollowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Follow(argument: _understudy_v1_FollowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Follow(argument: _understudy_v1_FollowRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  follow(argument: _understudy_v1_FollowRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  follow(argument: _understudy_v1_FollowRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  follow(argument: _understudy_v1_FollowRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  follow(argument: _understudy_v1_FollowRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  
  PauseWrites(argument: _understudy_v1_PauseWritesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  PauseWrites(argument: _understudy_v1_PauseWritesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  PauseWrites(argument: _understudy_v1_PauseWritesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  PauseWrites(argument: _understudy_v1_PauseWritesRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  pauseWrites(argument: _understudy_v1_PauseWritesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  pauseWrites(argument: _understudy_v1_PauseWritesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  pauseWrites(argument: _understudy_v1_PauseWritesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  pauseWrites(argument: _understudy_v1_PauseWritesRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  
  Probe(argument: _understudy_v1_ProbeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  Probe(argument: _understudy_v1_ProbeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  Probe(argument: _understudy_v1_ProbeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  Probe(argument: _understudy_v1_ProbeRequest, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  probe(argument: _understudy_v1_ProbeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  probe(argument: _understudy_v1_ProbeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  probe(argument: _understudy_v1_ProbeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  probe(argument: _understudy_v1_ProbeRequest, callback: grpc.requestCallback<_understudy_v1_ProbeReply__Output>): grpc.ClientUnaryCall;
  
  Promote(argument: _understudy_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Promote(argument: _understudy_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Promote(argument: _understudy_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  Promote(argument: _understudy_v1_PromoteRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  promote(argument: _understudy_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  promote(argument: _understudy_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  promote(argument: _understudy_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  promote(argument: _understudy_v1_PromoteRequest, callback: grpc.requestCallback<_understudy_v1_ControlReply__Output>): grpc.ClientUnaryCall;
  
  SetFaults(argument: _understudy_v1_Faults, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  SetFaults(argument: _understudy_v1_Faults, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  SetFaults(argument: _understudy_v1_Faults, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  SetFaults(argument: _understudy_v1_Faults, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  setFaults(argument: _understudy_v1_Faults, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  setFaults(argument: _understudy_v1_Faults, metadata: grpc.Metadata, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  setFaults(argument: _understudy_v1_Faults, options: grpc.CallOptions, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  setFaults(argument: _understudy_v1_Faults, callback: grpc.requestCallback<_understudy_v1_Faults__Output>): grpc.ClientUnaryCall;
  
}

export interface NodeControlHandlers extends grpc.UntypedServiceImplementation {
  Follow: grpc.handleUnaryCall<_understudy_v1_FollowRequest__Output, _understudy_v1_ControlReply>;
  
  PauseWrites: grpc.handleUnaryCall<_understudy_v1_PauseWritesRequest__Output, _understudy_v1_ControlReply>;
  
  Probe: grpc.handleUnaryCall<_understudy_v1_ProbeRequest__Output, _understudy_v1_ProbeReply>;
  
  Promote: grpc.handleUnaryCall<_understudy_v1_PromoteRequest__Output, _understudy_v1_ControlReply>;
  
  SetFaults: grpc.handleUnaryCall<_understudy_v1_Faults__Output, _understudy_v1_Faults>;
  
}

export interface NodeControlDefinition extends grpc.ServiceDefinition {
  Follow: MethodDefinition<_understudy_v1_FollowRequest, _understudy_v1_ControlReply, _understudy_v1_FollowRequest__Output, _understudy_v1_ControlReply__Output>
  PauseWrites: MethodDefinition<_understudy_v1_PauseWritesRequest, _understudy_v1_ControlReply, _understudy_v1_PauseWritesRequest__Output, _understudy_v1_ControlReply__Output>
  Probe: MethodDefinition<_understudy_v1_ProbeRequest, _understudy_v1_ProbeReply, _understudy_v1_ProbeRequest__Output, _understudy_v1_ProbeReply__Output>
  Promote: MethodDefinition<_understudy_v1_PromoteRequest, _understudy_v1_ControlReply, _understudy_v1_PromoteRequest__Output, _understudy_v1_ControlReply__Output>
  SetFaults: MethodDefinition<_understudy_v1_Faults, _understudy_v1_Faults, _understudy_v1_Faults__Output, _understudy_v1_Faults__Output>
}

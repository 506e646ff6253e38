import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ControlReply as _understudy_v1_ControlReply, ControlReply__Output as _understudy_v1_ControlReply__Output } from './understudy/v1/ControlReply.js';
import type { Faults as _understudy_v1_Faults, Faults__Output as _understudy_v1_Faults__Output } from './understudy/v1/Faults.js';
import type { FollowRequest as _understudy_v1_FollowRequest, FollowRequest__Output as _understudy_v1_FollowRequest__Output } from './understudy/v1/FollowRequest.js';
import type { NodeControlClient as _understudy_v1_NodeControlClient, NodeControlDefinition as _understudy_v1_NodeControlDefinition } from './understudy/v1/NodeControl.js';
import type { PauseWritesRequest as _understudy_v1_PauseWritesRequest, PauseWritesRequest__Output as _understudy_v1_PauseWritesRequest__Output } from './understudy/v1/PauseWritesRequest.js';
import type { ProbeReply as _understudy_v1_ProbeReply, ProbeReply__Output as _understudy_v1_ProbeReply__Output } from './understudy/v1/ProbeReply.js';
import type { ProbeRequest as _understudy_v1_ProbeRequest, ProbeRequest__Output as _understudy_v1_ProbeRequest__Output } from './understudy/v1/ProbeRequest.js';
import type { PromoteRequest as _understudy_v1_PromoteRequest, PromoteRequest__Output as _understudy_v1_PromoteRequest__Output } from './understudy/v1/PromoteRequest.js';
import type { ReplicaInfo as _understudy_v1_ReplicaInfo, ReplicaInfo__Output as _understudy_v1_ReplicaInfo__Output } from './understudy/v1/ReplicaInfo.js';
import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from './understudy/v1/SentinelHello.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  understudy: {
    v1: {
      ControlReply: MessageTypeDefinition<_understudy_v1_ControlReply, _understudy_v1_ControlReply__Output>
      Faults: MessageTypeDefinition<_understudy_v1_Faults, _understudy_v1_Faults__Output>
      FollowRequest: MessageTypeDefinition<_understudy_v1_FollowRequest, _understudy_v1_FollowRequest__Output>
      NodeControl: SubtypeConstructor<typeof grpc.Client, _understudy_v1_NodeControlClient> & { service: _understudy_v1_NodeControlDefinition }
      PauseWritesRequest: MessageTypeDefinition<_understudy_v1_PauseWritesRequest, _understudy_v1_PauseWritesRequest__Output>
      ProbeReply: MessageTypeDefinition<_understudy_v1_ProbeReply, _understudy_v1_ProbeReply__Output>
      ProbeRequest: MessageTypeDefinition<_understudy_v1_ProbeRequest, _understudy_v1_ProbeRequest__Output>
      PromoteRequest: MessageTypeDefinition<_understudy_v1_PromoteRequest, _understudy_v1_PromoteRequest__Output>
      ReplicaInfo: MessageTypeDefinition<_understudy_v1_ReplicaInfo, _understudy_v1_ReplicaInfo__Output>
      SentinelHello: MessageTypeDefinition<_understudy_v1_SentinelHello, _understudy_v1_SentinelHello__Output>
    }
  }
}


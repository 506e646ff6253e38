import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { HelloReply as _understudy_v1_HelloReply, HelloReply__Output as _understudy_v1_HelloReply__Output } from './understudy/v1/HelloReply.js';
import type { IsMasterDownReply as _understudy_v1_IsMasterDownReply, IsMasterDownReply__Output as _understudy_v1_IsMasterDownReply__Output } from './understudy/v1/IsMasterDownReply.js';
import type { IsMasterDownRequest as _understudy_v1_IsMasterDownRequest, IsMasterDownRequest__Output as _understudy_v1_IsMasterDownRequest__Output } from './understudy/v1/IsMasterDownRequest.js';
import type { NodeAddress as _understudy_v1_NodeAddress, NodeAddress__Output as _understudy_v1_NodeAddress__Output } from './understudy/v1/NodeAddress.js';
import type { SentinelClient as _understudy_v1_SentinelClient, SentinelDefinition as _understudy_v1_SentinelDefinition } from './understudy/v1/Sentinel.js';
import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from './understudy/v1/SentinelHello.js';
import type { Topology as _understudy_v1_Topology, Topology__Output as _understudy_v1_Topology__Output } from './understudy/v1/Topology.js';
import type { WatchTopologyRequest as _understudy_v1_WatchTopologyRequest, WatchTopologyRequest__Output as _understudy_v1_WatchTopologyRequest__Output } from './understudy/v1/WatchTopologyRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  understudy: {
    v1: {
      HelloReply: MessageTypeDefinition<_understudy_v1_HelloReply, _understudy_v1_HelloReply__Output>
      IsMasterDownReply: MessageTypeDefinition<_understudy_v1_IsMasterDownReply, _understudy_v1_IsMasterDownReply__Output>
      IsMasterDownRequest: MessageTypeDefinition<_understudy_v1_IsMasterDownRequest, _understudy_v1_IsMasterDownRequest__Output>
      NodeAddress: MessageTypeDefinition<_understudy_v1_NodeAddress, _understudy_v1_NodeAddress__Output>
      Sentinel: SubtypeConstructor<typeof grpc.Client, _understudy_v1_SentinelClient> & { service: _understudy_v1_SentinelDefinition }
      SentinelHello: MessageTypeDefinition<_understudy_v1_SentinelHello, _understudy_v1_SentinelHello__Output>
      Topology: MessageTypeDefinition<_understudy_v1_Topology, _understudy_v1_Topology__Output>
      WatchTopologyRequest: MessageTypeDefinition<_understudy_v1_WatchTopologyRequest, _understudy_v1_WatchTopologyRequest__Output>
    }
  }
}


import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from './understudy/v1/SentinelHello.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  understudy: {
    v1: {
      SentinelHello: MessageTypeDefinition<_understudy_v1_SentinelHello, _understudy_v1_SentinelHello__Output>
    }
  }
}


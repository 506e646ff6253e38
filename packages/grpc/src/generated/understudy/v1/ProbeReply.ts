// Original file: protos/understudy/v1/node_control.proto

import type { ReplicaInfo as _understudy_v1_ReplicaInfo, ReplicaInfo__Output as _understudy_v1_ReplicaInfo__Output } from '../../understudy/v1/ReplicaInfo.js';
import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from '../../understudy/v1/SentinelHello.js';
import type { Long } from '@grpc/proto-loader';

export interface ProbeReply {
  'runId'?: (string);
  'role'?: (string);
  'epoch'?: (number | string | Long);
  'replid'?: (string);
  'offset'?: (number | string | Long);
  'port'?: (number);
  'grpcPort'?: (number);
  'priority'?: (number);
  'primaryHost'?: (string);
  'primaryPort'?: (number);
  'linkUp'?: (boolean);
  'linkDownMs'?: (number | string | Long);
  'replicas'?: (_understudy_v1_ReplicaInfo)[];
  'sentinels'?: (_understudy_v1_SentinelHello)[];
}

export interface ProbeReply__Output {
  'runId': (string);
  'role': (string);
  'epoch': (number);
  'replid': (string);
  'offset': (number);
  'port': (number);
  'grpcPort': (number);
  'priority': (number);
  'primaryHost': (string);
  'primaryPort': (number);
  'linkUp': (boolean);
  'linkDownMs': (number);
  'replicas': (_understudy_v1_ReplicaInfo__Output)[];
  'sentinels': (_understudy_v1_SentinelHello__Output)[];
}

// Original file: protos/understudy/v1/node_control.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaInfo {
  'ip'?: (string);
  'port'?: (number);
  'grpcPort'?: (number);
  'offset'?: (number | string | Long);
  'state'?: (string);
}

export interface ReplicaInfo__Output {
  'ip': (string);
  'port': (number);
  'grpcPort': (number);
  'offset': (number);
  'state': (string);
}

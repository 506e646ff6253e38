// Original file: protos/understudy/v1/replication.proto

import type { Long } from '@grpc/proto-loader';

export interface SyncRequest {
  'replicaId'?: (string);
  'replid'?: (string);
  'offset'?: (number | string | Long);
  'ip'?: (string);
  'port'?: (number);
  'priority'?: (number);
  'grpcPort'?: (number);
}

export interface SyncRequest__Output {
  'replicaId': (string);
  'replid': (string);
  'offset': (number);
  'ip': (string);
  'port': (number);
  'priority': (number);
  'grpcPort': (number);
}

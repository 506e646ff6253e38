// Original file: protos/understudy/v1/replication.proto

import type { Long } from '@grpc/proto-loader';

export interface AckRequest {
  'replicaId'?: (string);
  'offset'?: (number | string | Long);
}

export interface AckRequest__Output {
  'replicaId': (string);
  'offset': (number);
}

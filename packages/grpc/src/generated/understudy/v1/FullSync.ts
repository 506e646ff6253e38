// Original file: protos/understudy/v1/replication.proto

import type { Long } from '@grpc/proto-loader';

export interface FullSync {
  'replid'?: (string);
  'offset'?: (number | string | Long);
}

export interface FullSync__Output {
  'replid': (string);
  'offset': (number);
}

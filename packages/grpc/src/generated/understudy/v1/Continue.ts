// Original file: protos/understudy/v1/replication.proto

import type { Long } from '@grpc/proto-loader';

export interface Continue {
  'replid'?: (string);
  'offset'?: (number | string | Long);
}

export interface Continue__Output {
  'replid': (string);
  'offset': (number);
}

// Original file: protos/understudy/v1/replication.proto

import type { Long } from '@grpc/proto-loader';

export interface Entries {
  'startOffset'?: (number | string | Long);
  'data'?: (Buffer | Uint8Array | string);
}

export interface Entries__Output {
  'startOffset': (number);
  'data': (Buffer);
}

// Original file: protos/understudy/v1/node_control.proto

import type { Long } from '@grpc/proto-loader';

export interface FollowRequest {
  'epoch'?: (number | string | Long);
  'host'?: (string);
  'port'?: (number);
  'caughtUpOffset'?: (number | string | Long);
}

export interface FollowRequest__Output {
  'epoch': (number);
  'host': (string);
  'port': (number);
  'caughtUpOffset': (number);
}

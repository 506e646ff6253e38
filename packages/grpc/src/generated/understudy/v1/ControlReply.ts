// Original file: protos/understudy/v1/node_control.proto

import type { Long } from '@grpc/proto-loader';

export interface ControlReply {
  'role'?: (string);
  'epoch'?: (number | string | Long);
  'offset'?: (number | string | Long);
}

export interface ControlReply__Output {
  'role': (string);
  'epoch': (number);
  'offset': (number);
}

// Original file: protos/understudy/v1/node_control.proto

import type { Long } from '@grpc/proto-loader';

export interface PauseWritesRequest {
  'epoch'?: (number | string | Long);
  'timeoutMs'?: (number);
  'resume'?: (boolean);
}

export interface PauseWritesRequest__Output {
  'epoch': (number);
  'timeoutMs': (number);
  'resume': (boolean);
}

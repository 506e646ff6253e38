// Original file: protos/understudy/v1/node_control.proto

import type { Long } from '@grpc/proto-loader';

export interface PromoteRequest {
  'epoch'?: (number | string | Long);
  'waitForOffset'?: (number | string | Long);
  'timeoutMs'?: (number);
}

export interface PromoteRequest__Output {
  'epoch': (number);
  'waitForOffset': (number);
  'timeoutMs': (number);
}

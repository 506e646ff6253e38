// Original file: protos/understudy/v1/sentinel_hello.proto

import type { Long } from '@grpc/proto-loader';

export interface SentinelHello {
  'sentinelId'?: (string);
  'host'?: (string);
  'port'?: (number);
  'grpcPort'?: (number);
  'currentEpoch'?: (number | string | Long);
  'masterName'?: (string);
  'masterHost'?: (string);
  'masterPort'?: (number);
  'configEpoch'?: (number | string | Long);
}

export interface SentinelHello__Output {
  'sentinelId': (string);
  'host': (string);
  'port': (number);
  'grpcPort': (number);
  'currentEpoch': (number);
  'masterName': (string);
  'masterHost': (string);
  'masterPort': (number);
  'configEpoch': (number);
}

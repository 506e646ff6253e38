// Original file: protos/understudy/v1/sentinel.proto

import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from '../../understudy/v1/SentinelHello.js';
import type { Long } from '@grpc/proto-loader';

export interface IsMasterDownRequest {
  'masterName'?: (string);
  'masterHost'?: (string);
  'masterPort'?: (number);
  'currentEpoch'?: (number | string | Long);
  'candidateId'?: (string);
  'from'?: (_understudy_v1_SentinelHello | null);
}

export interface IsMasterDownRequest__Output {
  'masterName': (string);
  'masterHost': (string);
  'masterPort': (number);
  'currentEpoch': (number);
  'candidateId': (string);
  'from': (_understudy_v1_SentinelHello__Output | null);
}

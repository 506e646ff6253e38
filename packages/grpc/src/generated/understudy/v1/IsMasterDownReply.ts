// Original file: protos/understudy/v1/sentinel.proto

import type { Long } from '@grpc/proto-loader';

export interface IsMasterDownReply {
  'down'?: (boolean);
  'leaderId'?: (string);
  'leaderEpoch'?: (number | string | Long);
}

export interface IsMasterDownReply__Output {
  'down': (boolean);
  'leaderId': (string);
  'leaderEpoch': (number);
}

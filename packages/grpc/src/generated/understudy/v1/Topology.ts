// Original file: protos/understudy/v1/sentinel.proto

import type { NodeAddress as _understudy_v1_NodeAddress, NodeAddress__Output as _understudy_v1_NodeAddress__Output } from '../../understudy/v1/NodeAddress.js';
import type { Long } from '@grpc/proto-loader';

export interface Topology {
  'masterName'?: (string);
  'configEpoch'?: (number | string | Long);
  'primary'?: (_understudy_v1_NodeAddress | null);
  'replicas'?: (_understudy_v1_NodeAddress)[];
  'failoverInProgress'?: (boolean);
  'plannedFailover'?: (boolean);
}

export interface Topology__Output {
  'masterName': (string);
  'configEpoch': (number);
  'primary': (_understudy_v1_NodeAddress__Output | null);
  'replicas': (_understudy_v1_NodeAddress__Output)[];
  'failoverInProgress': (boolean);
  'plannedFailover': (boolean);
}

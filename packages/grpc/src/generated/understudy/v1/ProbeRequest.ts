// Original file: protos/understudy/v1/node_control.proto

import type { SentinelHello as _understudy_v1_SentinelHello, SentinelHello__Output as _understudy_v1_SentinelHello__Output } from '../../understudy/v1/SentinelHello.js';

export interface ProbeRequest {
  'hello'?: (_understudy_v1_SentinelHello | null);
}

export interface ProbeRequest__Output {
  'hello': (_understudy_v1_SentinelHello__Output | null);
}

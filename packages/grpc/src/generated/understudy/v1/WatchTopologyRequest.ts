// Original file: protos/understudy/v1/sentinel.proto


export interface WatchTopologyRequest {
  'masterName'?: (string);
}

export interface WatchTopologyRequest__Output {
  'masterName': (string);
}

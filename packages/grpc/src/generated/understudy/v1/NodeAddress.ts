// Original file: protos/understudy/v1/sentinel.proto


export interface NodeAddress {
  'host'?: (string);
  'port'?: (number);
}

export interface NodeAddress__Output {
  'host': (string);
  'port': (number);
}

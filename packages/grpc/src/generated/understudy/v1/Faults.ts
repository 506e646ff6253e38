// Original file: protos/understudy/v1/node_control.proto


export interface Faults {
  'isolated'?: (boolean);
}

export interface Faults__Output {
  'isolated': (boolean);
}

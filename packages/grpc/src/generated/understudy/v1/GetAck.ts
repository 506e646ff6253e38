// Original file: protos/understudy/v1/replication.proto


export interface GetAck {
}

export interface GetAck__Output {
}

// Original file: protos/understudy/v1/sentinel.proto


export interface HelloReply {
}

export interface HelloReply__Output {
}

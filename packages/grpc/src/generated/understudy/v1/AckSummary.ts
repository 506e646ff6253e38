// Original file: protos/understudy/v1/replication.proto


export interface AckSummary {
}

export interface AckSummary__Output {
}

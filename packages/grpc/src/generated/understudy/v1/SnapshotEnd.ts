// Original file: protos/understudy/v1/replication.proto


export interface SnapshotEnd {
}

export interface SnapshotEnd__Output {
}

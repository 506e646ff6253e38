import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AckRequest as _understudy_v1_AckRequest, AckRequest__Output as _understudy_v1_AckRequest__Output } from './understudy/v1/AckRequest.js';
import type { AckSummary as _understudy_v1_AckSummary, AckSummary__Output as _understudy_v1_AckSummary__Output } from './understudy/v1/AckSummary.js';
import type { Continue as _understudy_v1_Continue, Continue__Output as _understudy_v1_Continue__Output } from './understudy/v1/Continue.js';
import type { Entries as _understudy_v1_Entries, Entries__Output as _understudy_v1_Entries__Output } from './understudy/v1/Entries.js';
import type { FullSync as _understudy_v1_FullSync, FullSync__Output as _understudy_v1_FullSync__Output } from './understudy/v1/FullSync.js';
import type { GetAck as _understudy_v1_GetAck, GetAck__Output as _understudy_v1_GetAck__Output } from './understudy/v1/GetAck.js';
import type { ReplicationClient as _understudy_v1_ReplicationClient, ReplicationDefinition as _understudy_v1_ReplicationDefinition } from './understudy/v1/Replication.js';
import type { SnapshotEnd as _understudy_v1_SnapshotEnd, SnapshotEnd__Output as _understudy_v1_SnapshotEnd__Output } from './understudy/v1/SnapshotEnd.js';
import type { SyncEvent as _understudy_v1_SyncEvent, SyncEvent__Output as _understudy_v1_SyncEvent__Output } from './understudy/v1/SyncEvent.js';
import type { SyncRequest as _understudy_v1_SyncRequest, SyncRequest__Output as _understudy_v1_SyncRequest__Output } from './understudy/v1/SyncRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  understudy: {
    v1: {
      AckRequest: MessageTypeDefinition<_understudy_v1_AckRequest, _understudy_v1_AckRequest__Output>
      AckSummary: MessageTypeDefinition<_understudy_v1_AckSummary, _understudy_v1_AckSummary__Output>
      Continue: MessageTypeDefinition<_understudy_v1_Continue, _understudy_v1_Continue__Output>
      Entries: MessageTypeDefinition<_understudy_v1_Entries, _understudy_v1_Entries__Output>
      FullSync: MessageTypeDefinition<_understudy_v1_FullSync, _understudy_v1_FullSync__Output>
      GetAck: MessageTypeDefinition<_understudy_v1_GetAck, _understudy_v1_GetAck__Output>
      Replication: SubtypeConstructor<typeof grpc.Client, _understudy_v1_ReplicationClient> & { service: _understudy_v1_ReplicationDefinition }
      SnapshotEnd: MessageTypeDefinition<_understudy_v1_SnapshotEnd, _understudy_v1_SnapshotEnd__Output>
      SyncEvent: MessageTypeDefinition<_understudy_v1_SyncEvent, _understudy_v1_SyncEvent__Output>
      SyncRequest: MessageTypeDefinition<_understudy_v1_SyncRequest, _understudy_v1_SyncRequest__Output>
    }
  }
}


// Original file: protos/understudy/v1/replication.proto

import type { FullSync as _understudy_v1_FullSync, FullSync__Output as _understudy_v1_FullSync__Output } from '../../understudy/v1/FullSync.js';
import type { SnapshotEnd as _understudy_v1_SnapshotEnd, SnapshotEnd__Output as _understudy_v1_SnapshotEnd__Output } from '../../understudy/v1/SnapshotEnd.js';
import type { Continue as _understudy_v1_Continue, Continue__Output as _understudy_v1_Continue__Output } from '../../understudy/v1/Continue.js';
import type { Entries as _understudy_v1_Entries, Entries__Output as _understudy_v1_Entries__Output } from '../../understudy/v1/Entries.js';
import type { GetAck as _understudy_v1_GetAck, GetAck__Output as _understudy_v1_GetAck__Output } from '../../understudy/v1/GetAck.js';

export interface SyncEvent {
  'fullSync'?: (_understudy_v1_FullSync | null);
  'snapshot'?: (Buffer | Uint8Array | string);
  'snapshotEnd'?: (_understudy_v1_SnapshotEnd | null);
  'continue'?: (_understudy_v1_Continue | null);
  'entries'?: (_understudy_v1_Entries | null);
  'getAck'?: (_understudy_v1_GetAck | null);
  'event'?: "fullSync"|"snapshot"|"snapshotEnd"|"continue"|"entries"|"getAck";
}

export interface SyncEvent__Output {
  'fullSync'?: (_understudy_v1_FullSync__Output | null);
  'snapshot'?: (Buffer);
  'snapshotEnd'?: (_understudy_v1_SnapshotEnd__Output | null);
  'continue'?: (_understudy_v1_Continue__Output | null);
  'entries'?: (_understudy_v1_Entries__Output | null);
  'getAck'?: (_understudy_v1_GetAck__Output | null);
  'event'?: "fullSync"|"snapshot"|"snapshotEnd"|"continue"|"entries"|"getAck";
}

/**
 * Whether a replica asking to follow from (replid, offset) can continue from the backlog or needs a full
 * copy (Redis's masterTryPartialResynchronization), decided from plain facts about the primary's log.
 */

export interface LogPosition {
  replid: string;
  /** The previous replication id (after a promotion) and Redis's second_repl_offset: the first offset NOT
   * shared with it (its last offset + 1); -1 when there is none. */
  replid2: string;
  secondOffset: number;
  /** The oldest offset the backlog still holds and the log's current offset. */
  backlogFirst: number;
  offset: number;
}

export type ResyncDecision =
  | { kind: 'continue' }
  | { kind: 'full'; reason: 'new-replica' | 'replid-mismatch' | 'offset-out-of-backlog' | 'offset-ahead' };

/** `asked.offset` is the last offset the replica applied (the next byte it needs). */
export function decideResync(log: LogPosition, asked: { replid: string; offset: number }): ResyncDecision {
  if (asked.replid === '?' || asked.offset < 0) return { kind: 'full', reason: 'new-replica' };
  const ours = asked.replid === log.replid || (asked.replid === log.replid2 && asked.offset < log.secondOffset);
  if (!ours) return { kind: 'full', reason: 'replid-mismatch' };
  if (asked.offset > log.offset) return { kind: 'full', reason: 'offset-ahead' };
  if (asked.offset < log.backlogFirst) return { kind: 'full', reason: 'offset-out-of-backlog' };
  return { kind: 'continue' };
}

/**
 * Semi-synchronous replies (min-replicas-to-write N > 0): the decisions, without sockets or timers.
 *
 * A deliberate deviation from Redis. Redis acknowledges a write as soon as it ran, and min-replicas-to-write
 * only refuses new writes once fewer than N replicas acknowledged within min-replicas-max-lag seconds, so a
 * failover may still lose writes its clients saw succeed. Understudy makes the reply itself wait: a client's
 * reply to a write (and every reply after it on that connection, to keep their order) goes out only once N
 * online replicas acknowledged an offset at or past that write. A failover that promotes the most advanced
 * replica then loses no acknowledged write. While a reply waits, it can also be given up: the connection is
 * closed without it (the client cannot know whether the write happened, exactly as with a connection lost
 * before the reply), never answered with success.
 */

/** What the node knows when it judges held replies; computed once per review, shared by every connection. */
export interface QuorumState {
  /** Still a primary: a node demoted since may lose the history its held writes are in. */
  readonly isPrimary: boolean;
  /** min-replicas-to-write now. */
  readonly needed: number;
  /** The highest offset `needed` online replicas acknowledged (see quorumOffset). */
  readonly quorumOffset: number;
  /** Replicas whose last acknowledgement is at most min-replicas-max-lag old (Redis's good replicas). */
  readonly goodReplicas: number;
  /** min-replicas-max-lag in seconds; 0: replicas are never too late (writes are never refused). */
  readonly maxLagSeconds: number;
}

/**
 * - release: enough replicas hold the write (or min-replicas-to-write was lowered to 0): send the replies.
 * - wait: not yet.
 * - drop: it can no longer be acknowledged: close the connection without the replies. Either the node is no
 *   longer a primary (the write may be gone with its old history), or it lacks good replicas, the very state
 *   in which it refuses new writes with NOREPLICAS: a held write would otherwise wait for a replica that may
 *   never come back.
 */
export type HoldVerdict = 'release' | 'wait' | 'drop';

/** The fate of replies waiting for replicas to acknowledge log offset `offset`. */
export function holdVerdict(state: QuorumState, offset: number): HoldVerdict {
  if (!state.isPrimary) return 'drop';
  if (state.needed === 0 || state.quorumOffset >= offset) return 'release';
  if (state.maxLagSeconds !== 0 && state.goodReplicas < state.needed) return 'drop';
  return 'wait';
}

/**
 * The highest offset that at least `needed` of the replicas acknowledged: the needed-th largest of their
 * acknowledged offsets (only online replicas count, as for WAIT). -1 when fewer replicas are online.
 */
export function quorumOffset(replicas: Iterable<{ readonly state: string; readonly ackOffset: number }>, needed: number): number {
  const offsets: number[] = [];
  for (const replica of replicas) if (replica.state === 'online') offsets.push(replica.ackOffset);
  if (needed <= 0 || offsets.length < needed) return -1;
  offsets.sort((a, b) => b - a);
  return offsets[needed - 1]!;
}

/**
 * Splits output chunks after their first `bytes` bytes (cutting the chunk that straddles the point, without
 * copying): what may go out now, and what is held.
 */
export function splitChunks(chunks: readonly Buffer[], bytes: number): [Buffer[], Buffer[]] {
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  let left = bytes;
  for (const chunk of chunks) {
    if (left >= chunk.length) {
      head.push(chunk);
      left -= chunk.length;
    } else if (left > 0) {
      head.push(chunk.subarray(0, left));
      tail.push(chunk.subarray(left));
      left = 0;
    } else {
      tail.push(chunk);
    }
  }
  return [head, tail];
}

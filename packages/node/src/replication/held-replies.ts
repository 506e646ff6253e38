import type { NodeServer } from '../server/node-server.js';
import { holdVerdict, quorumOffset, type HoldVerdict, type QuorumState } from './core/semi-sync.js';

/**
 * How often held replies are judged again without an acknowledgement (a replica gone quiet, a demotion, a
 * CONFIG SET of min-replicas-to-write): as often as serverCron runs at the default hz.
 */
const REVIEW_INTERVAL_MS = 100;

/** A connection whose replies wait for replicas (server/connection.ts). */
export interface HeldConnection {
  /** The log offset replicas must acknowledge before its replies go out. */
  readonly heldOffset: number;
  /** Enough replicas hold its writes: send the held replies and go on. */
  releaseHeld(): void;
  /** Its writes can no longer be acknowledged: close it without the held replies. */
  dropHeld(): void;
}

/**
 * The connections whose replies wait for replicas' acknowledgements under min-replicas-to-write (see
 * core/semi-sync.ts for the rule and why Understudy deviates from Redis there). Judged again on every
 * acknowledgement, when a replica goes, and on a timer while any waits.
 */
export class HeldReplies {
  private readonly held = new Set<HeldConnection>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly node: NodeServer) {}

  get size(): number {
    return this.held.size;
  }

  /** The fate of replies waiting for `offset`, judged now (a connection asks before it holds anything). */
  verdict(offset: number): HoldVerdict {
    return holdVerdict(this.quorumState(), offset);
  }

  hold(connection: HeldConnection): void {
    this.held.add(connection);
    // Replicas acknowledge on their own only once a second: asked now, they answer right after applying the
    // entries sent before the question, so a held reply waits about one round trip. Asked only when something
    // waits, so that replicas of a primary without min-replicas-to-write cost no more than before.
    this.node.replicas.requestAcks();
    if (this.timer === null) {
      this.timer = setInterval(() => this.onTimer(), REVIEW_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** The connection closed, or was released or dropped. */
  forget(connection: HeldConnection): void {
    this.held.delete(connection);
  }

  /** Stops once nothing waits (not at every release: under load holds come and go many times a second). */
  private onTimer(): void {
    if (this.held.size !== 0) return this.review();
    clearInterval(this.timer!);
    this.timer = null;
  }

  /**
   * A planned failover caught the new primary up to `offset` before promoting it: replies held for writes up to
   * there are safe to send, whatever this node's replicas acknowledged (the demotion that follows would drop them).
   */
  releaseCovered(offset: number): void {
    for (const connection of [...this.held]) {
      if (connection.heldOffset > offset) continue;
      this.forget(connection);
      connection.releaseHeld();
    }
  }

  /** Releases or drops every held connection whose fate is decided. */
  review(): void {
    if (this.held.size === 0) return;
    const state = this.quorumState();
    for (const connection of [...this.held]) {
      const verdict = holdVerdict(state, connection.heldOffset);
      if (verdict === 'wait') continue;
      this.forget(connection);
      if (verdict === 'release') connection.releaseHeld();
      else connection.dropHeld();
    }
  }

  private quorumState(): QuorumState {
    const node = this.node;
    const needed = node.minReplicasToWrite;
    const maxLagSeconds = node.config.getNumber('min-replicas-max-lag');
    return {
      isPrimary: node.role === 'master',
      needed,
      quorumOffset: quorumOffset(node.replicas.list(), needed),
      goodReplicas: maxLagSeconds === 0 ? 0 : node.replicas.goodCount(maxLagSeconds),
      maxLagSeconds,
    };
  }
}

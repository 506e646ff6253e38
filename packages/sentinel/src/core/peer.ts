import type { Hello, IsDownReply, PeerRef } from './types.js';

/** Another sentinel watching the same group: where it is, what it last said about the primary, its vote. */
export class Peer {
  host: string;
  port: number;
  grpcPort: number;
  lastHello = 0;
  lastOkReply = 0;
  /** When a question last went unanswered (deadline or error). */
  lastFailedReply = 0;
  /** An is-master-down-by-addr question in flight. */
  askPending = false;
  lastAskAt = 0;
  /** Its last answer: whether it sees the primary down, and when it said so. */
  downReplyAt = 0;
  down = false;
  /** The leader it voted for in leaderEpoch ("*": none). */
  leaderId = '*';
  leaderEpoch = 0;

  constructor(
    readonly id: string,
    hello: Hello,
    now: number,
  ) {
    this.host = hello.host;
    this.port = hello.port;
    this.grpcPort = hello.grpcPort;
    this.lastHello = now;
    this.lastOkReply = now;
  }

  get ref(): PeerRef {
    return { id: this.id, host: this.host, port: this.port, grpcPort: this.grpcPort };
  }

  heard(now: number, hello: Hello): void {
    this.host = hello.host;
    this.port = hello.port;
    this.grpcPort = hello.grpcPort;
    this.lastHello = now;
    this.lastOkReply = now;
  }

  replied(now: number, reply: IsDownReply): void {
    this.askPending = false;
    this.lastOkReply = now;
    this.down = reply.down;
    this.downReplyAt = now;
    if (reply.leaderId !== '*' && reply.leaderEpoch >= this.leaderEpoch) {
      this.leaderId = reply.leaderId;
      this.leaderEpoch = reply.leaderEpoch;
    }
  }

  /** Whether it said "down" recently enough to count towards ODOWN. */
  seesDown(now: number, validityMs: number): boolean {
    return this.down && now - this.downReplyAt <= validityMs;
  }
}

import type { NodeFacts, NodeRef } from './types.js';
import type { Address } from './view.js';

/**
 * One data node of a group as a sentinel sees it: whether it answers probes (SDOWN after down-after-milliseconds
 * without a valid reply) and what its last reply said.
 */
export class NodeInstance {
  /** When the probe in flight was sent; 0 when none is. */
  probeSentAt = 0;
  /** When the last probe was sent: the next goes a probe period later. */
  lastProbeAt = 0;
  /** A node starts as if it had just answered: it is SDOWN only after down-after without any answer. */
  lastOkReply: number;
  /** As Redis, the reply times start at the instance's creation. */
  lastReply: number;
  /** Whether the last probe went unanswered (Redis's "disconnected" link flag). */
  lastProbeFailed = false;
  sdownSince = 0;
  facts: NodeFacts | null = null;
  factsAt = 0;
  roleReportedTime: number;
  grpcPort: number;
  /** A control call (promote, follow) in flight to it: no second one until it completes. */
  controlPending = false;
  /** Repairs (repointing a misconfigured node) wait until then after the last attempt. */
  nextRepairAt = 0;

  constructor(
    readonly host: string,
    readonly port: number,
    grpcPort: number,
    now: number,
  ) {
    this.grpcPort = grpcPort;
    this.lastOkReply = now;
    this.lastReply = now;
    this.roleReportedTime = now;
  }

  get ref(): NodeRef {
    return { host: this.host, port: this.port, grpcPort: this.grpcPort };
  }

  is(address: Address): boolean {
    return this.host === address.host && this.port === address.port;
  }

  probeSent(now: number): void {
    this.probeSentAt = now;
    this.lastProbeAt = now;
  }

  /** A probe came back; returns whether the role it reports changed. */
  answered(now: number, facts: NodeFacts): boolean {
    this.probeSentAt = 0;
    this.lastProbeFailed = false;
    this.lastReply = now;
    this.lastOkReply = now;
    const roleChanged = this.facts !== null && this.facts.role !== facts.role;
    if (this.facts === null || roleChanged) this.roleReportedTime = now;
    this.facts = facts;
    this.factsAt = now;
    if (facts.grpcPort !== 0) this.grpcPort = facts.grpcPort;
    return roleChanged;
  }

  probeFailed(now: number): void {
    this.probeSentAt = 0;
    this.lastProbeFailed = true;
    this.lastReply = now;
  }

  /** Whether no valid reply came for longer than downAfterMs (Redis's subjective down). */
  silentFor(now: number, downAfterMs: number): boolean {
    return now - this.lastOkReply > downAfterMs;
  }

  /** Restarts the silence clock: a node that was just (re)configured is given down-after to answer. */
  forgive(now: number): void {
    this.lastOkReply = Math.max(this.lastOkReply, now);
  }
}

import type { Client } from '../server/client.js';
import type { NodeServer } from '../server/node-server.js';
import { HeldReplies } from './held-replies.js';

/**
 * The replicas attached to this node, whichever way they follow its effect log (a gRPC Sync stream, or
 * Redis's SYNC/PSYNC on the client port), and the clients waiting in WAIT for their acknowledgements.
 * INFO replication, ROLE, WAIT and min-replicas-to-write read it.
 */

/** Redis's replica states as INFO prints them (wait_bgsave: snapshot not started; send_bulk: being sent). */
export type ReplicaSyncState = 'wait_bgsave' | 'send_bulk' | 'online';

export interface AttachedReplica {
  /** Its connection as CLIENT LIST shows it (flag S); CLIENT KILL TYPE replica cuts it. */
  readonly client: Client;
  readonly via: 'grpc' | 'resp';
  /** Where clients reach it (INFO slaveN:ip=..,port=..). */
  ip: string;
  port: number;
  /** Its gRPC port as its Sync request announced it (NodeControl Probe lists it); none for RESP replicas. */
  grpcPort?: number;
  state: ReplicaSyncState;
  /** The highest offset it acknowledged, and when (ms on the node's clock). */
  ackOffset: number;
  ackTime: number;
  /** Bytes of the log waiting to be sent to it (its output buffer). */
  bufferedBytes(): number;
  /** Asks it for its offset now (WAIT), when its protocol can; others acknowledge once a second. */
  readonly requestAck?: () => void;
}

/** The host part of an "ip:port" peer address: where a replica that announced no address is reached. */
export function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}

interface WaitRequest {
  readonly client: Client;
  readonly offset: number;
  readonly needed: number;
  timer: NodeJS.Timeout | null;
}

export class ReplicaRegistry {
  private readonly attached = new Set<AttachedReplica>();
  private readonly waits = new Set<WaitRequest>();

  /** Connections whose replies wait for acknowledgements (min-replicas-to-write: see core/semi-sync.ts). */
  readonly held: HeldReplies;

  constructor(private readonly node: NodeServer) {
    this.held = new HeldReplies(node);
  }

  get size(): number {
    return this.attached.size;
  }

  list(): AttachedReplica[] {
    return [...this.attached];
  }

  add(replica: AttachedReplica): void {
    this.attached.add(replica);
  }

  remove(replica: AttachedReplica): void {
    this.attached.delete(replica);
    // Held replies may have waited for this very replica: with too few left they are given up now.
    if (this.held.size !== 0) this.held.review();
  }

  /** A replica reports the offset it applied (REPLCONF ACK, or the gRPC Ack stream). */
  acknowledged(replica: AttachedReplica, offset: number): void {
    if (offset > replica.ackOffset) replica.ackOffset = offset;
    replica.ackTime = this.node.clock.now();
    if (this.waits.size !== 0) this.serveWaits();
    if (this.held.size !== 0) this.held.review();
  }

  /** What every replica's stream holds waiting to be sent (INFO mem_total_replication_buffers). */
  bufferedBytes(): number {
    let bytes = 0;
    for (const replica of this.attached) bytes += replica.bufferedBytes();
    return bytes;
  }

  /** Online replicas that acknowledged at least `offset`. */
  countAcked(offset: number): number {
    let count = 0;
    for (const replica of this.attached) if (replica.state === 'online' && replica.ackOffset >= offset) count++;
    return count;
  }

  /**
   * Redis's repl_good_slaves_count: online replicas whose last acknowledgement is at most `maxLagSeconds`
   * old (min-replicas-max-lag).
   */
  goodCount(maxLagSeconds: number): number {
    const now = this.node.clock.now();
    let count = 0;
    for (const replica of this.attached) {
      if (replica.state === 'online' && (now - replica.ackTime) / 1000 <= maxLagSeconds) count++;
    }
    return count;
  }

  /**
   * WAIT: answers `client` with the number of replicas that acknowledged `offset` once `needed` of them did,
   * or when `timeoutMs` has passed (0: no timeout). The client runs nothing else meanwhile.
   */
  wait(client: Client, offset: number, needed: number, timeoutMs: number): void {
    const request: WaitRequest = { client, offset, needed, timer: null };
    this.waits.add(request);
    this.requestAcks();
    client.blocked = true;
    if (timeoutMs > 0) request.timer = setTimeout(() => this.finish(request), timeoutMs);
    client.onClose.push(() => this.drop(request));
  }

  /**
   * Asks every replica for its offset now, after the entries already queued for it (gRPC GetAck); the others
   * acknowledge once a second anyway.
   */
  requestAcks(): void {
    for (const replica of this.attached) replica.requestAck?.();
  }

  private serveWaits(): void {
    for (const request of this.waits) {
      if (this.countAcked(request.offset) >= request.needed) this.finish(request);
    }
  }

  private finish(request: WaitRequest): void {
    if (!this.drop(request)) return;
    const client = request.client;
    client.blocked = false;
    client.reply.integer(this.countAcked(request.offset));
    const transport = client.transport;
    if (transport === null) return;
    transport.requestFlush();
    // Its pipelined commands run on the next turn, never inside the acknowledgement that released it.
    setImmediate(() => transport.resume());
  }

  /** Forgets a WAIT (answered, or its client gone); false if it was already gone. */
  private drop(request: WaitRequest): boolean {
    if (!this.waits.delete(request)) return false;
    if (request.timer !== null) clearTimeout(request.timer);
    return true;
  }
}

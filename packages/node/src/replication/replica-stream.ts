import { grpc, type SyncEvent, type SyncRequest__Output } from '@understudy/grpc';
import { KeyspaceSnapshot } from '../persistence/snapshot.js';
import type { NodeServer } from '../server/node-server.js';
import { decideResync } from './core/resync.js';
import { OutputLimit } from './core/output-limit.js';
import { hostOf, type AttachedReplica } from './replicas.js';
import { peerAddress, StreamTransport } from './stream-transport.js';

/** Bytes of effect-log entries batched into one gRPC message at most. */
const MAX_BATCH_BYTES = 256 * 1024;
/** Snapshot bytes produced per slice, and slices per event-loop turn (the primary keeps serving between). */
const SNAPSHOT_SLICE_BYTES = 64 * 1024;
const SNAPSHOT_SLICES_PER_TURN = 4;

type SyncCall = grpc.ServerWritableStream<SyncRequest__Output, SyncEvent>;

/**
 * The primary's end of one replica's Sync stream (DESIGN.md §3): a partial resync from the backlog, or a
 * full one (a consistent snapshot produced in slices while the node keeps serving, then the log from the
 * snapshot's offset); then every effect appended to the log, batched. gRPC's write backpressure is respected:
 * what the replica cannot take yet waits here, and a replica that falls too far behind
 * (client-output-buffer-limit replica) is cut and will resynchronise.
 */
export class ReplicaStream {
  readonly replica: AttachedReplica;
  /** Log entries not yet sent, oldest first, and their total size. */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  /** Log offset of the first queued byte. */
  private nextOffset = 0;
  private snapshot: KeyspaceSnapshot | null = null;
  private waitingForDrain = false;
  private flushScheduled = false;
  /** An entries message is being written: the next one waits for it (see flush). */
  private inFlight = false;
  private unsubscribe: (() => void) | null = null;
  private ended = false;
  /** A GetAck goes after the entries queued when it was asked for. */
  private ackRequested = false;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly limit: OutputLimit;

  constructor(
    private readonly node: NodeServer,
    private readonly call: SyncCall,
    private readonly onEnd: (stream: ReplicaStream) => void,
  ) {
    const request = call.request;
    const peer = peerAddress(call.getPeer());
    const client = node.createClient(new StreamTransport(peer, node.config.getString('bind'), () => this.cut('killed')));
    client.isReplica = true;
    client.authenticated = true;
    this.replica = {
      client,
      via: 'grpc',
      ip: request.ip || hostOf(peer),
      port: request.port,
      grpcPort: request.grpcPort, // NodeControl Probe: how sentinels reach this replica
      state: 'wait_bgsave',
      ackOffset: 0,
      ackTime: node.clock.now(),
      requestAck: () => this.requestAck(),
      bufferedBytes: () => this.queuedBytes,
    };
    this.limit = new OutputLimit(() => node.replicaOutputLimits);
    call.on('cancelled', () => this.end());
    call.on('error', () => this.end());
    call.on('close', () => this.end());
  }

  get replicaId(): string {
    return this.call.request.replicaId;
  }

  start(): void {
    const node = this.node;
    const log = node.log;
    const request = this.call.request;
    node.replicas.add(this.replica);
    const decision = decideResync(
      { replid: log.replid, replid2: log.replid2, secondOffset: log.secondOffset, backlogFirst: log.backlog.firstOffset, offset: log.offset },
      { replid: request.replid, offset: request.offset },
    );
    if (decision.kind === 'continue') {
      node.stats.syncPartialOk++;
      node.logger.info({ replica: this.replica.ip, port: this.replica.port, offset: request.offset }, 'Partial resynchronization request accepted');
      this.follow(request.offset);
      this.send({ continue: { replid: log.replid, offset: request.offset } });
      this.queueEntry(log.backlog.readFrom(request.offset)!);
      this.goOnline();
      return;
    }
    if (decision.reason !== 'new-replica') node.stats.syncPartialErr++;
    node.stats.syncFull++;
    node.logger.info({ replica: this.replica.ip, port: this.replica.port, reason: decision.reason }, 'Full resync requested by replica');
    this.startFullSync();
  }

  /** CLIENT KILL, an output limit, a shutdown: the stream ends with an error; the replica reconnects. */
  cut(reason: string): void {
    if (this.ended) return;
    this.node.logger.warn({ replica: this.replica.ip, port: this.replica.port, reason }, 'Cutting replica stream');
    // Ends the call with an error status once what gRPC already buffered is written (a stalled replica gets
    // it when it reads again, or its connection dies of keepalive timeouts); everything queued here goes now.
    this.end();
    this.call.emit('error', { code: grpc.status.ABORTED, details: `replica stream cut: ${reason}` });
  }

  /** WAIT: the replica acknowledges once it applied everything sent so far (entries queued go first). */
  private requestAck(): void {
    if (this.replica.state !== 'online' || this.ackRequested) return;
    this.ackRequested = true;
    setImmediate(() => this.flush());
  }

  private startFullSync(): void {
    const node = this.node;
    const log = node.log;
    const offset = log.offset;
    // The stream after the snapshot starts with a SELECT, whatever the log selected last.
    log.forceSelect();
    this.snapshot = new KeyspaceSnapshot(node.keyspace, {
      zsetMaxListpackValue: node.config.getNumber('zset-max-listpack-value'),
    });
    node.snapshots.add(this.snapshot);
    this.follow(offset);
    this.replica.state = 'send_bulk';
    this.send({ fullSync: { replid: log.replid, offset } });
    this.pumpSnapshot();
  }

  /** Sends snapshot slices while gRPC takes them, a few per turn of the event loop. */
  private pumpSnapshot(): void {
    const snapshot = this.snapshot;
    if (snapshot === null || this.ended) return;
    for (let i = 0; i < SNAPSHOT_SLICES_PER_TURN; i++) {
      if (this.waitingForDrain) return;
      const slice = snapshot.next(SNAPSHOT_SLICE_BYTES);
      if (slice === null) return this.finishSnapshot();
      this.send({ snapshot: slice });
    }
    setImmediate(() => this.pumpSnapshot());
  }

  private finishSnapshot(): void {
    this.node.snapshots.delete(this.snapshot!);
    this.snapshot = null;
    this.send({ snapshotEnd: {} });
    this.goOnline();
  }

  private goOnline(): void {
    this.replica.state = 'online';
    this.replica.ackTime = this.node.clock.now();
    this.node.logger.info({ replica: this.replica.ip, port: this.replica.port }, 'Synchronization with replica succeeded');
    this.flush();
    this.schedulePing();
  }

  /**
   * Every repl-ping-replica-period seconds the replica hears from its primary even when nothing is written
   * (Redis PINGs its replicas): it keeps master_last_io_seconds_ago small, lets the replica tell a hung
   * primary from a quiet one (repl-timeout), and brings an acknowledgement back.
   */
  private schedulePing(): void {
    if (this.ended) return;
    this.pingTimer = setTimeout(() => {
      this.requestAck();
      this.schedulePing();
    }, this.node.config.getNumber('repl-ping-replica-period') * 1000);
    this.pingTimer.unref();
  }

  /** From `offset` on, every effect appended to the log is queued for this replica. */
  private follow(offset: number): void {
    this.nextOffset = offset;
    this.unsubscribe = this.node.log.subscribe((bytes) => this.queueEntry(bytes));
  }

  private queueEntry(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    if (this.limit.exceeded(this.queuedBytes, this.node.clock.now())) {
      this.cut(`output buffer of ${this.queuedBytes} bytes over client-output-buffer-limit replica`);
      return;
    }
    if (this.replica.state === 'online' && !this.flushScheduled && !this.inFlight) {
      // After the rest of the commands read with this one (a connection runs a whole read's worth before its
      // callback returns): one message carries all their effects.
      this.flushScheduled = true;
      process.nextTick(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /**
   * Sends queued entries, one message at a time: while one is being written to the socket, what the log
   * appends waits and goes in the next message. A replica that keeps up gets each write at once; under load
   * the batches grow by themselves, and with them the bytes per message (no timer, no added latency).
   */
  private flush(): void {
    if (this.inFlight) return;
    while (this.queue.length !== 0 && !this.waitingForDrain && !this.ended && !this.inFlight) {
      let count = 0;
      let size = 0;
      while (count < this.queue.length && (count === 0 || size + this.queue[count]!.length <= MAX_BATCH_BYTES)) {
        size += this.queue[count]!.length;
        count++;
      }
      const batch = count === 1 ? this.queue[0]! : Buffer.concat(this.queue.slice(0, count), size);
      this.queue = this.queue.slice(count);
      this.queuedBytes -= size;
      const start = this.nextOffset;
      this.nextOffset += size;
      this.inFlight = true;
      this.send({ entries: { startOffset: start, data: batch } }, () => {
        this.inFlight = false;
        this.flush();
      });
    }
    if (this.ackRequested && this.queue.length === 0 && !this.waitingForDrain && !this.ended) {
      this.ackRequested = false;
      this.send({ getAck: {} });
    }
  }

  private send(event: SyncEvent, written?: () => void): void {
    if (this.ended) return;
    if (this.call.write(event, written)) return;
    this.waitingForDrain = true;
    this.call.once('drain', () => {
      this.waitingForDrain = false;
      if (this.snapshot !== null) this.pumpSnapshot();
      else this.flush();
    });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.pingTimer !== null) clearTimeout(this.pingTimer);
    this.unsubscribe?.();
    if (this.snapshot !== null) this.node.snapshots.delete(this.snapshot);
    this.snapshot = null;
    this.queue = [];
    this.queuedBytes = 0;
    this.node.replicas.remove(this.replica);
    this.node.removeClient(this.replica.client);
    this.onEnd(this);
  }
}

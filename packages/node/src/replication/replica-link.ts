import { discoverGrpcPort, grpc, replicationPackage, type AckRequest, type ReplicationClient, type SyncEvent__Output } from '@understudy/grpc';
import { EffectApplier } from '../log/effect-applier.js';
import type { Client } from '../server/client.js';
import type { NodeServer } from '../server/node-server.js';
import { Backoff } from './core/backoff.js';
import { StreamTransport } from './stream-transport.js';

/**
 * A replica acknowledges its offset this often (Redis's replicationCron does once a second), right after a
 * sync completes, and whenever the primary asks (GetAck: a client waits in WAIT, or a reply waits for
 * min-replicas-to-write).
 */
const ACK_INTERVAL_MS = 1000;
const DISCOVERY_TIMEOUT_MS = 5000;

/** Redis's repl_state, reduced to what INFO and ROLE show. */
export type LinkState = 'connect' | 'connecting' | 'sync' | 'connected';

/**
 * A replica's link to its primary (DESIGN.md §3): finds the primary's gRPC port, asks to follow from its own
 * (replid, offset), loads a full copy when the primary sends one, applies the effect stream through the
 * node's dispatcher as the master client, appends the very same bytes to its own effect log (so its offsets
 * and backlog equal the primary's), and acknowledges its offset. Reconnects with backoff forever.
 */
export class ReplicaLink {
  state: LinkState = 'connect';
  /** When bytes last arrived from the primary (ms), and when the link went down (ms), -1 for never. */
  lastIoAt = -1;
  downSince: number;
  private active = true;
  private grpcClient: ReplicationClient | null = null;
  private sync: grpc.ClientReadableStream<SyncEvent__Output> | null = null;
  private ack: grpc.ClientWritableStream<AckRequest> | null = null;
  /** Acknowledgements and the repl-timeout check, once a second while the link is up. */
  private ackTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff();
  /**
   * False once a full sync was cut half-way: the dataset is then a partial copy, and the next attempt must ask
   * for a full one rather than continue from the log's offset.
   */
  private historyValid = true;
  /** A full sync under way: the primary's (replid, offset) its snapshot stands for, applied when it ends. */
  private pendingFullSync: { replid: string; offset: number } | null = null;
  /** The master client: effects run as it, and CLIENT KILL TYPE master drops the link through it. */
  private client: Client | null = null;
  /** Applies the stream as the master client (a new one per connection). */
  private applier: EffectApplier | null = null;

  constructor(
    private readonly node: NodeServer,
    readonly host: string,
    readonly port: number,
  ) {
    this.downSince = node.clock.now();
  }

  start(): void {
    void this.connect();
  }

  /** REPLICAOF NO ONE / another primary / shutdown: the link ends for good. */
  stop(): void {
    this.active = false;
    this.drop();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
  }

  get linkUp(): boolean {
    return this.state === 'connected';
  }

  /** NodeControl isolation: the link drops and is not retried until heal(). */
  isolate(): void {
    // An attempt still finding the primary's gRPC port stops on its own (cutOff): dropping it here would let
    // a quick heal start a second one beside it.
    if (this.sync === null) return;
    this.node.logger.warn({ primary: `${this.host}:${this.port}` }, 'Connection with master lost: node isolated');
    this.drop();
  }

  /** NodeControl: the partition healed; reconnect at once unless an attempt is already under way. */
  heal(): void {
    if (!this.active || this.state !== 'connect') return;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.backoff.reset();
    void this.connect();
  }

  /** While the node is isolated (NodeControl) no attempt is made: heal() starts again. */
  private cutOff(): boolean {
    if (!this.node.faults.isolated) return false;
    this.state = 'connect';
    return true;
  }

  private async connect(): Promise<void> {
    if (!this.active || this.cutOff()) return;
    this.state = 'connecting';
    const node = this.node;
    let grpcPort: number;
    try {
      grpcPort = await discoverGrpcPort(
        this.host,
        this.port,
        { user: node.config.getString('masteruser') || null, password: node.config.getString('masterauth') || null },
        DISCOVERY_TIMEOUT_MS,
      );
    } catch (err) {
      node.logger.warn({ primary: `${this.host}:${this.port}`, err: (err as Error).message }, 'Error condition on socket for SYNC');
      return this.retry();
    }
    if (!this.active || this.cutOff()) return;
    const target = `${this.host.includes(':') ? `[${this.host}]` : this.host}:${grpcPort}`;
    const Replication = replicationPackage().Replication;
    const grpcClient = new Replication(target, grpc.credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    });
    this.grpcClient = grpcClient;
    const log = node.log;
    node.logger.info({ primary: `${this.host}:${this.port}`, replid: log.replid, offset: log.offset }, 'Trying a partial resynchronization');
    const sync = grpcClient.Sync({
      replicaId: node.runId,
      replid: this.historyValid ? log.replid : '?',
      offset: this.historyValid ? log.offset : -1,
      ip: node.config.getString('replica-announce-ip') || '',
      port: node.config.getNumber('replica-announce-port') || node.port,
      priority: node.config.getNumber('replica-priority'),
      grpcPort: node.grpcPort, // where sentinels reach this replica (NodeControl Probe of the primary lists it)
    });
    this.sync = sync;
    this.ack = grpcClient.Ack(() => {
      // The ack stream ends with the link; errors show on the Sync stream.
    });
    this.ack.on('error', () => {});
    this.state = 'sync';
    sync.on('data', (event: SyncEvent__Output) => this.onEvent(event));
    sync.on('error', (err: Error) => this.lost(err.message));
    sync.on('end', () => this.lost('stream ended'));
  }

  private onEvent(event: SyncEvent__Output): void {
    const node = this.node;
    this.lastIoAt = node.clock.now();
    try {
      switch (event.event) {
        case 'fullSync':
          return this.beginFullSync(event.fullSync!.replid, event.fullSync!.offset);
        case 'snapshot':
          return void this.applier!.feed(event.snapshot!);
        case 'snapshotEnd':
          return this.linkEstablished('MASTER <-> REPLICA sync: Finished with success');
        case 'continue':
          return this.continueFrom(event.continue!.replid, event.continue!.offset);
        case 'entries':
          return this.applyEntries(event.entries!.startOffset, event.entries!.data);
        case 'getAck':
          return this.sendAck();
      }
    } catch (err) {
      this.lost(`cannot apply the primary's stream: ${(err as Error).message}`);
    }
  }

  private beginFullSync(replid: string, offset: number): void {
    const node = this.node;
    node.logger.info({ replid, offset }, 'Full resync from master');
    this.pendingFullSync = { replid, offset };
    node.flush(null);
    this.newMasterClient();
  }

  private continueFrom(replid: string, offset: number): void {
    const log = this.node.log;
    if (offset !== log.offset) throw new Error(`primary continues from ${offset}, this replica is at ${log.offset}`);
    // A primary that was promoted since: its history continues ours under its new id.
    if (replid !== log.replid) log.shiftReplicationId(replid);
    this.newMasterClient();
    this.linkEstablished('Successful partial resynchronization with master');
  }

  private linkEstablished(message: string): void {
    const full = this.pendingFullSync;
    if (full !== null) {
      this.node.log.restartAt(full.replid, full.offset);
      this.pendingFullSync = null;
      this.historyValid = true;
    }
    this.state = 'connected';
    this.backoff.reset();
    this.node.logger.info({ primary: `${this.host}:${this.port}`, offset: this.node.log.offset }, message);
    this.sendAck();
    this.ackTimer = setInterval(() => this.everySecond(), ACK_INTERVAL_MS);
    this.ackTimer.unref();
  }

  private applyEntries(startOffset: number, data: Buffer): void {
    const log = this.node.log;
    if (this.state !== 'connected') throw new Error('entries before the link was established');
    if (startOffset !== log.offset) throw new Error(`entries start at ${startOffset}, this replica is at ${log.offset}`);
    this.applier!.feed(data);
    log.appendRaw(data);
  }

  /**
   * replicationCron: acknowledge, and give up on a primary that sent nothing for repl-timeout seconds (it
   * pings every repl-ping-replica-period, so silence means it hangs or the path to it is cut).
   */
  private everySecond(): void {
    const timeoutMs = this.node.config.getNumber('repl-timeout') * 1000;
    if (this.lastIoAt >= 0 && this.node.clock.now() - this.lastIoAt > timeoutMs) {
      return this.lost('Timeout connecting to the MASTER...');
    }
    this.sendAck();
  }

  private sendAck(): void {
    if (this.state !== 'connected' || this.ack === null) return;
    this.ack.write({ replicaId: this.node.runId, offset: this.node.log.offset });
  }

  /** The master client of this connection (a new one per connection, as Redis creates server.master). */
  private newMasterClient(): void {
    const node = this.node;
    if (this.client !== null) node.removeClient(this.client);
    const client = node.createClient(new StreamTransport(`${this.host}:${this.port}`, '', () => this.lost('killed')));
    client.fromPrimary = true;
    client.mustObey = true;
    client.authenticated = true;
    this.client = client;
    // Redis goes on after an effect its replica refuses, and says so.
    this.applier = new EffectApplier(node, client, (command, reply) =>
      node.logger.warn({ command, reply }, '== CRITICAL == This replica is sending an error to its master'),
    );
  }

  private lost(reason: string): void {
    if (this.sync === null) return;
    this.node.logger.warn({ primary: `${this.host}:${this.port}`, reason }, 'Connection with master lost');
    this.drop();
    this.retry();
  }

  /** Closes the streams and the master client (the dataset stays: the next sync continues from it). */
  private drop(): void {
    const wasUp = this.state === 'connected';
    this.state = 'connect';
    if (wasUp || this.downSince < 0) this.downSince = this.node.clock.now();
    if (this.ackTimer !== null) clearInterval(this.ackTimer);
    this.ackTimer = null;
    const sync = this.sync;
    this.sync = null;
    sync?.cancel();
    this.ack?.end();
    this.ack = null;
    this.grpcClient?.close();
    this.grpcClient = null;
    if (this.client !== null) this.node.removeClient(this.client);
    this.client = null;
    this.applier = null;
    // A full sync cut half-way leaves a partial dataset: the next attempt must not continue from it.
    if (this.pendingFullSync !== null) {
      this.pendingFullSync = null;
      this.historyValid = false;
    }
  }

  private retry(): void {
    if (!this.active) return;
    this.state = 'connect';
    this.reconnectTimer = setTimeout(() => void this.connect(), this.backoff.next());
    this.reconnectTimer.unref();
  }
}

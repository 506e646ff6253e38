import {
  grpc,
  type ControlReply,
  type FollowRequest__Output,
  type NodeControlHandlers,
  type PauseWritesRequest__Output,
  type ProbeReply,
  type ProbeRequest__Output,
  type PromoteRequest__Output,
  type ReplicaInfo,
} from '@understudy/grpc';
import type { NodeServer } from '../server/node-server.js';
import { fenceEpoch } from './epoch.js';
import type { HoldableCall } from './faults.js';
import { SentinelHellos } from './sentinel-hellos.js';

/**
 * While a promotion waits for the replica to catch up: besides the log's append notifications, how often the
 * offset is looked at (a full sync ends by jumping the offset without an append).
 */
const CATCH_UP_POLL_MS = 50;

/** A control call that fails with a gRPC status (the sentinel tells them apart by code). */
class ControlError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The NodeControl service (protos/understudy/v1/node_control.proto): how sentinels watch this node (Probe)
 * and steer it (Promote, Follow, PauseWrites) under a config epoch, plus fault injection (SetFaults).
 * Served on the node's gRPC port beside the Replication service.
 */
export class NodeControlService {
  private readonly hellos = new SentinelHellos();

  /** `cutReplicaStreams` ends every replica's Sync stream (the node is being isolated). */
  constructor(
    private readonly node: NodeServer,
    private readonly cutReplicaStreams: (reason: string) => void,
  ) {}

  handlers(): NodeControlHandlers {
    return {
      Probe: this.unary((call: grpc.ServerUnaryCall<ProbeRequest__Output, ProbeReply>) => this.probe(call.request)),
      Promote: this.unary((call: grpc.ServerUnaryCall<PromoteRequest__Output, ControlReply>) => this.promote(call.request, call)),
      Follow: this.unary((call: grpc.ServerUnaryCall<FollowRequest__Output, ControlReply>) => this.follow(call.request)),
      PauseWrites: this.unary((call: grpc.ServerUnaryCall<PauseWritesRequest__Output, ControlReply>) => this.pauseWrites(call.request)),
      // Always answered, isolated or not: it is how a test heals the partition it made.
      SetFaults: (call, callback) => {
        this.setIsolated(call.request.isolated);
        callback(null, { isolated: this.node.faults.isolated });
      },
    };
  }

  /**
   * A unary handler running `serve`, its ControlErrors answered as their status. While the node is isolated
   * the call is held unanswered (see NetworkFaults).
   */
  private unary<Request, Reply>(
    serve: (call: grpc.ServerUnaryCall<Request, Reply>) => Reply | Promise<Reply>,
  ): grpc.handleUnaryCall<Request, Reply> {
    return (call, callback) => {
      const run = (): void => {
        new Promise<Reply>((resolve) => resolve(serve(call))).then(
          (reply) => callback(null, reply),
          (err: unknown) =>
            callback(
              err instanceof ControlError
                ? { code: err.code, details: err.message }
                : { code: grpc.status.INTERNAL, details: (err as Error).message },
            ),
        );
      };
      const faults = this.node.faults;
      if (faults.isolated) faults.hold(call, run);
      else run();
    };
  }

  /** Fencing: a call under an older epoch than this node obeyed is refused; otherwise its epoch is recorded. */
  /**
   * Refuses a call from an epoch older than the newest this node obeyed. `record`: whether obeying raises the
   * node's epoch. Promote and Follow do; PauseWrites does not, so that a node reporting role master under epoch
   * E was promoted under E, which sentinels rely on when they adopt a primary they see in a newer epoch.
   */
  private obey(action: string, epoch: number, record = true): void {
    const refusal = fenceEpoch(action, epoch, this.node.epoch);
    if (refusal !== null) {
      this.node.logger.warn({ epoch, nodeEpoch: this.node.epoch }, refusal);
      throw new ControlError(grpc.status.FAILED_PRECONDITION, refusal);
    }
    if (record) this.node.epoch = epoch;
  }

  private controlReply(): ControlReply {
    const node = this.node;
    return { role: node.role, epoch: node.epoch, offset: node.log.offset };
  }

  // --- Probe -----------------------------------------------------------------------------------------------

  private probe(request: ProbeRequest__Output): ProbeReply {
    const node = this.node;
    const now = node.clock.now();
    const hello = request.hello;
    if (hello !== null) this.hellos.leave(hello, now);
    const reply: ProbeReply = {
      runId: node.runId,
      role: node.role,
      epoch: node.epoch,
      replid: node.log.replid,
      // A replica's log is its primary's, byte for byte: its offset is what it applied.
      offset: node.log.offset,
      port: node.port,
      grpcPort: node.grpcPort,
      priority: node.config.getNumber('replica-priority'),
      sentinels: this.hellos.others(hello?.sentinelId ?? '', now),
    };
    const link = node.replication.link;
    if (link !== null) {
      reply.primaryHost = link.host;
      reply.primaryPort = link.port;
      reply.linkUp = link.linkUp;
      reply.linkDownMs = link.linkUp ? 0 : now - link.downSince;
    } else {
      reply.replicas = node.replicas.list().map(
        (replica): ReplicaInfo => ({
          ip: replica.ip,
          port: replica.port,
          // 0 for a replica attached with SYNC/PSYNC on the RESP port: it cannot be steered.
          grpcPort: replica.grpcPort ?? 0,
          offset: replica.ackOffset,
          state: replica.state,
        }),
      );
    }
    return reply;
  }

  // --- Promote ---------------------------------------------------------------------------------------------

  private async promote(request: PromoteRequest__Output, call: HoldableCall): Promise<ControlReply> {
    const node = this.node;
    const { epoch, waitForOffset, timeoutMs } = request;
    this.obey('Promote', epoch);
    if (waitForOffset >= 0 && node.role === 'slave' && node.log.offset < waitForOffset) {
      node.logger.info({ epoch, offset: node.log.offset, waitForOffset, timeoutMs }, 'Promotion waits for the replica to catch up');
      await this.reachOffset(waitForOffset, timeoutMs, call);
      // A newer epoch may have been obeyed during the wait: it decides now.
      this.obey('Promote', epoch);
    }
    if (node.role === 'slave') {
      node.replication.becomePrimary();
      node.logger.info({ epoch, offset: node.log.offset }, 'Promoted to primary by a sentinel');
    } else {
      node.logger.info({ epoch }, 'Promotion of a node that is already a primary: epoch recorded');
    }
    return this.controlReply();
  }

  /**
   * Resolves once this replica applied its primary's log up to `target`; fails with DEADLINE_EXCEEDED after
   * `timeoutMs` (0: no limit of its own, the caller's deadline ends the call) or CANCELLED when the caller
   * gives up.
   */
  private reachOffset(target: number, timeoutMs: number, call: HoldableCall): Promise<void> {
    const log = this.node.log;
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err: ControlError | null): void => {
        if (done) return;
        done = true;
        unsubscribe();
        clearInterval(poll);
        if (timer !== null) clearTimeout(timer);
        if (err === null) resolve();
        else reject(err);
      };
      // Resolving inside the append notification is safe: the promotion runs as a microtask, after the
      // replica link finished applying what it received.
      const check = (): void => {
        if (log.offset >= target) finish(null);
      };
      const unsubscribe = log.subscribe(check);
      const poll = setInterval(check, CATCH_UP_POLL_MS);
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () =>
                finish(
                  new ControlError(
                    grpc.status.DEADLINE_EXCEEDED,
                    `replica at offset ${log.offset} did not reach offset ${target} within ${timeoutMs} ms`,
                  ),
                ),
              timeoutMs,
            )
          : null;
      call.once('cancelled', () => finish(new ControlError(grpc.status.CANCELLED, 'promotion cancelled by the caller')));
    });
  }

  // --- Follow ----------------------------------------------------------------------------------------------

  private follow(request: FollowRequest__Output): ControlReply {
    const node = this.node;
    const { epoch, host, port } = request;
    if (host === '' || port === 0 || port > 65535) {
      throw new ControlError(grpc.status.INVALID_ARGUMENT, `invalid primary address '${host}:${port}'`);
    }
    this.obey('Follow', epoch);
    const wasPrimary = node.role === 'master';
    // Before the demotion drops them: writes the new primary already holds get their replies.
    if (wasPrimary && request.caughtUpOffset > 0) node.replicas.held.releaseCovered(request.caughtUpOffset);
    // Blocked clients get no UNBLOCKED error here (REPLICAOF would send one): their command never ran, and their
    // connections close just below, so they send it again to the new primary (ioredis does, and so does the
    // proxy during a planned failover) instead of seeing an error.
    if (wasPrimary) for (const client of [...node.clients.values()]) if (client.blocked) node.blocking.unblock(client);
    if (!node.replication.followPrimary(host, port)) {
      node.logger.info({ epoch, primary: `${host}:${port}` }, 'Follow: already following that primary, epoch recorded');
      return this.controlReply();
    }
    node.logger.info({ epoch, primary: `${host}:${port}`, demoted: wasPrimary }, 'Following a new primary at a sentinel request');
    // A demoted primary's clients must ask again where the primary is (Redis's sentinel sends CLIENT KILL TYPE
    // normal and TYPE pubsub after SLAVEOF); replicas and the link to the new primary stay.
    if (wasPrimary) {
      const closed = this.closeClientConnections();
      node.logger.info({ epoch, closed }, 'Demoted: closed the client connections');
    }
    // A planned failover paused this node's writes: they now go to the new primary (parked clients were
    // just closed with the others).
    node.pause.end();
    return this.controlReply();
  }

  /** Closes every normal and pub/sub connection; returns how many. */
  private closeClientConnections(): number {
    let closed = 0;
    for (const client of this.node.clients.values()) {
      if (client.isReplica || client.fromPrimary || client.transport === null) continue;
      client.transport.close();
      closed++;
    }
    return closed;
  }

  // --- PauseWrites -----------------------------------------------------------------------------------------

  private pauseWrites(request: PauseWritesRequest__Output): ControlReply {
    const node = this.node;
    const { epoch, timeoutMs, resume } = request;
    this.obey('PauseWrites', epoch, false);
    if (resume) {
      node.pause.end();
      node.logger.info({ epoch }, 'Writes resumed at a sentinel request');
    } else {
      // CLIENT PAUSE timeout WRITE: every write already executed is in the log, so the offset answered is the
      // one the chosen replica must reach.
      const now = node.clock.now();
      node.pause.start('write', now + timeoutMs);
      node.pause.expire(now);
      node.logger.info({ epoch, timeoutMs, offset: node.log.offset }, 'Writes paused at a sentinel request');
    }
    return this.controlReply();
  }

  // --- SetFaults -------------------------------------------------------------------------------------------

  /**
   * Isolation cuts every replica stream and this node's own link to its primary; the link is not retried and
   * new gRPC calls are held (see NetworkFaults) until the partition heals. RESP clients are served throughout.
   */
  private setIsolated(isolated: boolean): void {
    const node = this.node;
    const faults = node.faults;
    if (faults.isolated === isolated) return;
    faults.isolated = isolated;
    node.logger.warn({ epoch: node.epoch }, isolated ? 'Fault injected: node isolated' : 'Fault healed: node reachable again');
    if (isolated) {
      this.cutReplicaStreams('node isolated');
      node.replication.link?.isolate();
    } else {
      node.replication.link?.heal();
      faults.releaseHeld();
    }
  }
}

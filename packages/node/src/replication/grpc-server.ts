import { grpc, nodeControlPackage, replicationPackage, type AckRequest__Output, type ReplicationHandlers } from '@understudy/grpc';
import { NodeControlService } from '../control/control-service.js';
import type { NodeServer } from '../server/node-server.js';
import { ReplicaStream } from './replica-stream.js';

/**
 * The node's gRPC endpoint (DESIGN.md §1): the Replication service its replicas follow it through, and the
 * NodeControl service sentinels steer it through (control/). Bound on its own port beside the RESP listener.
 */
export class NodeGrpcServer {
  private readonly server = new grpc.Server({
    // A replica's stream can stay quiet for long: keep the connection alive and notice dead peers.
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
  /** Sync streams by replica id, so that Ack messages find their replica. */
  private readonly streams = new Map<string, ReplicaStream>();

  constructor(node: NodeServer) {
    const handlers: ReplicationHandlers = {
      Sync: (call) => {
        // NodeControl isolation: the replica's request goes unanswered until the partition heals.
        if (node.faults.isolated) return node.faults.hold(call, () => handlers.Sync(call));
        const stream = new ReplicaStream(node, call, (ended) => {
          if (this.streams.get(ended.replicaId) === ended) this.streams.delete(ended.replicaId);
        });
        // A replica that reconnects replaces its previous stream (which may not have noticed the cut yet).
        this.streams.get(stream.replicaId)?.cut('replaced by a new stream of the same replica');
        this.streams.set(stream.replicaId, stream);
        stream.start();
      },
      Ack: (call, callback) => {
        // NodeControl isolation: held like Sync (its acknowledgements are read once the partition heals).
        if (node.faults.isolated) return node.faults.hold(call, () => handlers.Ack(call, callback));
        call.on('data', (ack: AckRequest__Output) => {
          const stream = this.streams.get(ack.replicaId);
          if (stream !== undefined) node.replicas.acknowledged(stream.replica, ack.offset);
        });
        call.on('end', () => callback(null, {}));
        call.on('error', () => {
          // The replica went away: its Sync stream notices on its own.
        });
      },
    };
    this.server.addService(replicationPackage().Replication.service, handlers);
    const control = new NodeControlService(node, (reason) => this.cutStreams(reason));
    this.server.addService(nodeControlPackage().NodeControl.service, control.handlers());
  }

  /** Cuts every replica's Sync stream (shutdown; NodeControl isolation). */
  private cutStreams(reason: string): void {
    for (const stream of [...this.streams.values()]) stream.cut(reason);
  }

  /** Binds host:port (port 0: any free port) and returns the port bound. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
        if (err) reject(err);
        else resolve(bound);
      });
    });
  }

  /** Cuts every replica stream and stops serving. */
  close(): Promise<void> {
    this.cutStreams('shutdown');
    return new Promise((resolve) => {
      this.server.tryShutdown(() => resolve());
      // Streams that do not end promptly are not waited for.
      setTimeout(() => this.server.forceShutdown(), 1000).unref();
    });
  }
}

import { grpc, sentinelPackage, type SentinelHandlers, type Topology } from '@understudy/grpc';
import { helloFromMessage, isDownFromMessage } from './convert.js';
import type { SentinelDriver, TopologyUpdate } from './driver.js';
import { grpcTarget } from './grpc-options.js';

function topologyMessage(update: TopologyUpdate): Topology {
  return {
    masterName: update.masterName,
    configEpoch: update.configEpoch,
    primary: update.primary,
    replicas: update.replicas,
    failoverInProgress: update.failoverInProgress,
    plannedFailover: update.plannedFailover,
  };
}

/** The sentinel's gRPC endpoint: peers' questions, votes and hellos, and the topology watch for proxies. */
export class SentinelGrpcServer {
  private readonly server = new grpc.Server({
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
  });
  private readonly watches = new Set<grpc.ServerWritableStream<unknown, Topology>>();

  constructor(driver: SentinelDriver) {
    const handlers: SentinelHandlers = {
      IsMasterDown: (call, callback) => {
        const reply = driver.isMasterDown(isDownFromMessage(call.request));
        if (reply === null) callback({ code: grpc.status.NOT_FOUND, details: `no master named ${call.request.masterName}` });
        else callback(null, reply);
      },
      Hello: (call, callback) => {
        driver.hello(helloFromMessage(call.request));
        callback(null, {});
      },
      WatchTopology: (call) => {
        const unsubscribe = driver.watch(call.request.masterName, (update) => call.write(topologyMessage(update)));
        if (unsubscribe === undefined) {
          call.emit('error', { code: grpc.status.NOT_FOUND, details: `no master named ${call.request.masterName}` });
          return;
        }
        this.watches.add(call);
        const end = (): void => {
          unsubscribe();
          this.watches.delete(call);
        };
        call.on('cancelled', end);
        call.on('close', end);
        call.on('error', end);
      },
    };
    this.server.addService(sentinelPackage().Sentinel.service, handlers);
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.bindAsync(grpcTarget(host, port), grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
    });
  }

  close(): Promise<void> {
    for (const call of this.watches) call.end();
    return new Promise((resolve) => {
      this.server.tryShutdown(() => resolve());
      setTimeout(() => this.server.forceShutdown(), 1000).unref();
    });
  }
}

import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import { NodeGrpcServer } from '../replication/grpc-server.js';
import { Listener } from './listener.js';
import { NodeServer } from './node-server.js';
import { silentLogger, type Logger } from './logger.js';

export interface RunningNode {
  readonly node: NodeServer;
  readonly port: number;
  readonly grpcPort: number;
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/**
 * The gRPC port to bind: `--grpc-port` (undefined when not given; 0 for any free port), or by default the RESP
 * port + 10000 (any free port when the RESP port was asked as 0).
 */
export function grpcPortFor(requested: number | undefined, configuredPort: number, respPort: number): number {
  if (requested !== undefined) return requested;
  if (configuredPort === 0) return 0;
  const port = respPort + 10000;
  if (port > 65535) throw new Error(`the default gRPC port (${port} = port + 10000) is out of range: choose one with --grpc-port`);
  return port;
}

/**
 * Starts a node from a configuration: binds its RESP listeners and its gRPC endpoint, begins the periodic
 * tick, and follows the primary `replicaof` names, if any.
 */
export async function startNode(
  config: ConfigStore,
  clock: Clock = systemClock,
  logger: Logger = silentLogger,
  options: { grpcPort?: number } = {},
): Promise<RunningNode> {
  const node = new NodeServer(config, clock, logger);
  const listener = new Listener(node);
  const addresses = config
    .getString('bind')
    .split(/\s+/)
    .filter((a) => a !== '' && !a.startsWith('-'));
  const port = await listener.listen(addresses.length > 0 ? addresses : ['*'], config.getNumber('port'));
  const grpc = new NodeGrpcServer(node);
  let grpcPort: number;
  try {
    // One address: the first bound one ("*", all IPv4 interfaces, when none is named).
    const host = addresses[0] === undefined || addresses[0] === '*' ? '0.0.0.0' : addresses[0];
    grpcPort = await grpc.listen(host, grpcPortFor(options.grpcPort, config.getNumber('port'), port));
  } catch (err) {
    await listener.close();
    throw err;
  }
  node.grpcPort = grpcPort;
  const primary = config.getReplicaOf();
  if (primary !== null) node.replication.followPrimary(primary.host, primary.port);
  return {
    node,
    port,
    grpcPort,
    addresses,
    close: async () => {
      node.replication.stop();
      await Promise.all([grpc.close(), listener.close()]);
    },
  };
}

import type { Logger } from 'pino';
import { startSentinelApi } from './api/index.js';
import type { SentinelConfig } from './config/index.js';
import { SentinelDriver } from './io/driver.js';
import { SentinelGrpcServer } from './io/sentinel-grpc-server.js';

export interface RunningSentinel {
  readonly port: number;
  readonly grpcPort: number;
  readonly driver: SentinelDriver;
  close(): Promise<void>;
}

/** The host this sentinel announces to peers: announce-ip, else the bound address (loopback for a wildcard). */
function announcedHost(config: SentinelConfig): string {
  if (config.announceIp !== '') return config.announceIp;
  return config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
}

/**
 * Starts a sentinel: the RESP Sentinel API and the gRPC endpoint for peers, then the monitoring loop, which
 * announces both ports in the hellos it leaves on nodes.
 */
export async function startSentinel(config: SentinelConfig, logger: Logger, onShutdown?: () => void): Promise<RunningSentinel> {
  const driver = new SentinelDriver({ identity: { id: config.myId, host: announcedHost(config) }, monitors: config.masters, logger });
  const grpcServer = new SentinelGrpcServer(driver);
  const grpcPort = await grpcServer.listen(config.host, config.grpcPort);
  const api = await startSentinelApi(driver, {
    host: config.host,
    port: config.port,
    logger,
    announceIp: config.announceIp,
    announcePort: config.announcePort,
    resolveHostnames: config.resolveHostnames,
    announceHostnames: config.announceHostnames,
    grpcPort,
    ...(config.configFile !== null ? { configFile: config.configFile } : {}),
    ...(onShutdown !== undefined ? { onShutdown } : {}),
  });
  driver.start({ port: config.announcePort || api.port, grpcPort });
  return {
    port: api.port,
    grpcPort,
    driver,
    async close() {
      driver.stop();
      await Promise.all([api.close(), grpcServer.close()]);
    },
  };
}

import type { Logger } from 'pino';
import type { ProxyConfig } from './config/index.js';
import { ProxyServer } from './io/proxy-server.js';
import { startStatusServer } from './io/status-server.js';

export interface RunningProxy {
  readonly port: number;
  /** null without --status-port. */
  readonly statusPort: number | null;
  readonly server: ProxyServer;
  close(): Promise<void>;
}

/** Starts the RESP listener (and its topology source), then the status endpoint when one is asked for. */
export async function startProxy(config: ProxyConfig, logger: Logger): Promise<RunningProxy> {
  const server = new ProxyServer(config, logger);
  const port = await server.listen();
  const status =
    config.statusPort === null
      ? null
      : await startStatusServer({ host: config.bind, port: config.statusPort, source: server, onError: (err) => logger.error({ err }, 'status endpoint failed') });
  return {
    port,
    statusPort: status?.port ?? null,
    server,
    async close() {
      await Promise.all([server.close(), status?.close()]);
    },
  };
}

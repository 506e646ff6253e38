import { proxyConfigFromCommandLine } from './config/index.js';
import { createProxyLogger } from './logger.js';
import { startProxy } from './start-proxy.js';

/** The understudy-proxy command: serve until SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<void> {
  const config = proxyConfigFromCommandLine(argv);
  if (config === null) return;
  const logger = createProxyLogger(config);
  const running = await startProxy(config, logger);
  logger.info(
    { port: running.port, statusPort: running.statusPort },
    `Ready to accept connections tcp on ${config.bind}:${running.port}`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Received signal, shutting down');
    void running.close().then(() => {
      logger.flush();
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

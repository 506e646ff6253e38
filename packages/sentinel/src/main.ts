import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { REDIS_VERSION } from './api/index.js';
import { parseSentinelArgs, SENTINEL_USAGE, SentinelConfigError, type SentinelConfig } from './config/index.js';
import { createSentinelLogger } from './logger.js';
import { startSentinel } from './start-sentinel.js';

function parse(argv: string[]): SentinelConfig | null {
  try {
    return parseSentinelArgs(argv, { readFile: (path) => readFileSync(path, 'utf8') });
  } catch (err) {
    if (!(err instanceof SentinelConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
    return null;
  }
}

/** The understudy-sentinel command: redis-sentinel's command line, then monitor until SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=understudy-sentinel\n`);
    return;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(SENTINEL_USAGE);
    return;
  }
  const config = parse(argv);
  if (config === null) return;
  if (config.dir !== '') process.chdir(config.dir);
  const logger = createSentinelLogger(config);
  let stop = (_reason: string): void => {};
  const running = await startSentinel(config, logger, () => stop('SHUTDOWN'));
  if (config.pidfile !== '') writeFileSync(config.pidfile, `${process.pid}\n`);
  logger.info({ id: config.myId }, `Sentinel ID is ${config.myId}`);
  for (const master of config.masters) {
    logger.info({ master: master.name }, `+monitor master ${master.name} ${master.host} ${master.port} quorum ${master.quorum}`);
  }
  logger.info({ port: running.port, grpcPort: running.grpcPort }, `Ready to accept connections tcp on ${config.host}:${running.port}`);
  let stopping = false;
  stop = (reason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'Received signal, shutting down');
    void running.close().then(() => {
      if (config.pidfile !== '') rmSync(config.pidfile, { force: true });
      logger.info('Sentinel is now ready to exit, bye bye...');
      logger.flush();
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

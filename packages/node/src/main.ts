import { readFileSync } from 'node:fs';
import { REDIS_VERSION } from '@understudy/resp';
import { ConfigStore } from './config/config-store.js';
import { applyDirectives, parseServerArgs } from './config/server-args.js';
import { systemClock } from './clock.js';
import { createLogger, writePidFile } from './process-files.js';
import { startNode } from './server/start-node.js';


const USAGE = `Usage: understudy-node [/path/to/redis.conf] [options]
       understudy-node -v or --version
       understudy-node -h or --help

Options are redis-server's configuration directives as --name value, e.g.:
       understudy-node --port 7777
       understudy-node --port 0 --bind 127.0.0.1 --requirepass secret
       understudy-node /etc/redis/6379.conf --save "" --appendonly no

Understudy's own option:
       --grpc-port N    the gRPC port (replication); default: the port + 10000, or any free port with --port 0
`;

/** CONFIG SET dir / the dir directive: null on success, else the reason as strerror words. */
function changeDirectory(path: string): string | null {
  try {
    process.chdir(path);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : String(code);
  }
}

/**
 * `--grpc-port N` (Understudy's own option, not a redis.conf directive, so CONFIG GET stays Redis's): the
 * port of the node's gRPC endpoint. Returns it and the other arguments, or the error to print.
 */
function takeGrpcPort(argv: string[]): { port: number | undefined; rest: string[] } | string {
  let port: number | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--grpc-port') {
      rest.push(argv[i]!);
      continue;
    }
    // Given more than once, the last wins, as for every directive.
    const text = argv[++i] ?? '';
    port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) return `--grpc-port wants a port number (0 for any free port), got '${text}'`;
  }
  return { port, rest };
}

/** The understudy-node command: redis-server's command line, then serve until SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=understudy\n`);
    return;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  const grpc = takeGrpcPort(argv);
  if (typeof grpc === 'string') {
    process.stderr.write(`${grpc}\n`);
    process.exitCode = 1;
    return;
  }
  argv = grpc.rest;
  const parsed = parseServerArgs(argv, (path) => readFileSync(path, 'utf8'));
  const config = new ConfigStore({ tls: false, getcwd: () => process.cwd(), chdir: changeDirectory });
  const failure = parsed.ok ? applyDirectives(config, parsed.directives) : parsed.message;
  if (failure) {
    process.stderr.write(`${failure}\n`);
    process.exitCode = 1;
    return;
  }
  if (config.getBool('daemonize')) {
    // A Node process cannot fork itself into the background as redis-server does; say so instead of ignoring it.
    process.stderr.write('understudy-node cannot daemonize: run it in the background from the shell instead\n');
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config);
  let running;
  try {
    running = await startNode(config, systemClock, logger, { grpcPort: grpc.port });
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'Could not start the node');
    logger.flush();
    process.exitCode = 1;
    return;
  }
  const removePidFile = writePidFile(config);
  const host = running.addresses[0] ?? '*';
  logger.info(
    { port: running.port, addresses: running.addresses, version: REDIS_VERSION },
    `Ready to accept connections tcp on ${host === '*' ? '0.0.0.0' : host}:${running.port}`,
  );
  logger.info({ grpcPort: running.grpcPort }, `gRPC listening on ${host === '*' ? '0.0.0.0' : host}:${running.grpcPort}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Received signal, shutting down');
    void running.close().then(() => {
      removePidFile();
      logger.info('Node is now ready to exit, bye bye...');
      logger.flush();
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  running.node.onShutdown = () => stop('SHUTDOWN');
}

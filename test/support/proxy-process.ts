import { fileURLToPath } from 'node:url';
import type { Redis, RedisOptions } from 'ioredis';
import { ReadyProcesses } from '../../packages/node/test/support/ready-process.js';

const BIN = fileURLToPath(new URL('../../packages/proxy/bin/understudy-proxy.js', import.meta.url));

/** A proxy process started for a test: its RESP port (and status port), and a stop() that always kills it. */
export interface ProxyProcess {
  readonly port: number;
  /** The HTTP status port, when started with --status-port. */
  readonly statusPort?: number;
  readonly pid: number;
  readonly output: () => string;
  /** A new ioredis client through the proxy (closed by stop()). */
  client(options?: RedisOptions): Redis;
  stop(): Promise<void>;
}

const proxies = new ReadyProcesses();

/**
 * Starts `understudy-proxy --port 0 ...args` (args name the upstream: `--upstream HOST:PORT`, or `--sentinels ...
 * --master-name NAME`) and waits for its "Ready to accept connections" line, whose JSON carries the ports it bound.
 */
export async function startProxyProcess(args: string[], timeoutMs = 15_000): Promise<ProxyProcess> {
  const started = await proxies.start({
    name: 'proxy',
    command: process.execPath,
    args: [BIN, '--port', '0', ...args],
    // The JSON line: {"port":N,"statusPort":N|null,...,"msg":"Ready to accept connections tcp on HOST:PORT"}.
    ready: /"port":(\d+),"statusPort":(\d+|null).*Ready to accept connections/,
    timeoutMs,
  });
  const port = Number(started.ready[1]);
  const statusPort = started.ready[2] === 'null' ? undefined : Number(started.ready[2]);
  return {
    port,
    ...(statusPort === undefined ? {} : { statusPort }),
    pid: started.pid,
    output: started.output,
    client: (options) => started.client(port, options),
    stop: started.stop,
  };
}

/** Kills whatever a failed test left running (call from afterAll). */
export async function stopAllProxyProcesses(): Promise<void> {
  await proxies.stopAll();
}

import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { ReadyProcesses } from '../../packages/node/test/support/ready-process.js';

const BIN = fileURLToPath(new URL('../../packages/sentinel/bin/understudy-sentinel.js', import.meta.url));

/** A sentinel process started for a test: its RESP and gRPC ports, and a stop() that always kills it. */
export interface SentinelProcess {
  readonly port: number;
  readonly grpcPort: number;
  readonly pid: number;
  readonly output: () => string;
  /** A new ioredis client to the Sentinel API (closed by stop()). */
  client(): Redis;
  stop(): Promise<void>;
}

const sentinels = new ReadyProcesses();

/**
 * Starts `understudy-sentinel --port 0 --grpc-port 0 ...args` and waits for its "Ready to accept connections" line,
 * which carries the ports it bound.
 */
export async function startSentinelProcess(args: string[], timeoutMs = 15_000): Promise<SentinelProcess> {
  const started = await sentinels.start({
    name: 'sentinel',
    command: process.execPath,
    args: [BIN, '--port', '0', '--grpc-port', '0', ...args],
    ready: /"port":(\d+),"grpcPort":(\d+).*Ready to accept connections/,
    timeoutMs,
  });
  const port = Number(started.ready[1]);
  return {
    port,
    grpcPort: Number(started.ready[2]),
    pid: started.pid,
    output: started.output,
    client: () => started.client(port),
    stop: started.stop,
  };
}

export async function stopAllSentinelProcesses(): Promise<void> {
  await sentinels.stopAll();
}

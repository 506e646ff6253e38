import { fileURLToPath } from 'node:url';
import type { Redis, RedisOptions } from 'ioredis';
import { ReadyProcesses } from './ready-process.js';

const BIN = fileURLToPath(new URL('../../bin/understudy-node.js', import.meta.url));

/** A node process started for a test: its port, and a stop() that always kills it. */
export interface NodeProcess {
  readonly port: number;
  readonly pid: number;
  readonly output: () => string;
  /** A new ioredis client to this node (closed by stop()). */
  client(options?: RedisOptions): Redis;
  stop(): Promise<void>;
}

const nodes = new ReadyProcesses();

/**
 * Starts `understudy-node --port 0 ...args` and waits (with a deadline) for the "Ready to accept connections"
 * line that carries the real port.
 */
export async function startNodeProcess(args: string[] = [], timeoutMs = 15_000): Promise<NodeProcess> {
  // A config file path must come first, as redis-server reads it; the test defaults follow as overrides.
  const file = args[0] !== undefined && !args[0].startsWith('-') ? [args[0]] : [];
  const options = args.slice(file.length);
  const started = await nodes.start({
    name: 'node',
    // Executed, not passed to `node`: the bin's shebang carries the node's V8 flags, as in production.
    command: BIN,
    args: [...file, '--port', '0', '--bind', '127.0.0.1', ...options],
    ready: /Ready to accept connections tcp on [^"\s]*:(\d+)/,
    timeoutMs,
  });
  const port = Number(started.ready[1]);
  return {
    port,
    pid: started.pid,
    output: started.output,
    client: (clientOptions) => started.client(port, clientOptions),
    stop: started.stop,
  };
}

/** Kills whatever a failed test left running (call from afterAll). */
export async function stopAllNodeProcesses(): Promise<void> {
  await nodes.stopAll();
}

/** Polls `condition` until it holds or the deadline passes (never a fixed sleep). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis, type RedisOptions } from 'ioredis';

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

const running = new Set<NodeProcess>();

/**
 * Starts `understudy-node --port 0 ...args` and waits (polling its output, with a deadline) for the
 * "Ready to accept connections" line that carries the real port.
 */
export async function startNodeProcess(args: string[] = [], timeoutMs = 15_000): Promise<NodeProcess> {
  // A config file path must come first, as redis-server reads it; the test defaults follow as overrides.
  const file = args[0] !== undefined && !args[0].startsWith('-') ? [args[0]] : [];
  const options = args.slice(file.length);
  // Executed, not passed to `node`: the bin's shebang carries the node's V8 flags, as in production.
  const child: ChildProcess = spawn(BIN, [...file, '--port', '0', '--bind', '127.0.0.1', ...options], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const clients: Redis[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not become ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = (): void => {
      const match = /Ready to accept connections tcp on [^"\s]*:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code} before it was ready:\n${output}`));
    });
  });
  const handle: NodeProcess = {
    port,
    pid: child.pid!,
    output: () => output,
    client(options?: RedisOptions): Redis {
      const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 1, ...options });
      clients.push(redis);
      return redis;
    },
    async stop(): Promise<void> {
      running.delete(handle);
      for (const c of clients) c.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  running.add(handle);
  return handle;
}

/** Kills whatever a failed test left running (call from afterAll). */
export async function stopAllNodeProcesses(): Promise<void> {
  await Promise.all([...running].map((n) => n.stop()));
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

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * The real Redis tools (Debian's redis-server / redis-tools), to check that what this node writes is what
 * Redis itself reads. Tests that use them are skipped when they are not installed.
 */
export function findTool(name: string): string | null {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** A port nobody listens on: bound on port 0 by node:net, then released (redis-server cannot report port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RealRedis {
  readonly port: number;
  readonly client: Redis;
  output(): string;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port with `args` and waits (polling its log) until it accepts connections. */
export async function startRealRedis(binary: string, args: string[], timeoutMs = 10_000): Promise<RealRedis> {
  const port = await freePort();
  // Its own directory (unless the test names one), so nothing it writes — dump.rdb after a full sync or on
  // shutdown — lands in the checkout.
  const dir = mkdtempSync(join(tmpdir(), 'understudy-redis-'));
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const client = new Redis({ port, host: '127.0.0.1', protocol: 2, maxRetriesPerRequest: 1 });
  return {
    port,
    client,
    output: () => output,
    async stop() {
      client.disconnect();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

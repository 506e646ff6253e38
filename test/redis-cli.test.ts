import { spawn, spawnSync } from 'node:child_process';
import { encodeCommand } from '@understudy/resp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../packages/node/test/support/node-process.js';

/** redis-cli, the client people reach for first, against the node (CI installs redis-tools). */
const available = spawnSync('redis-cli', ['--version']).status === 0;

function cli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 20_000 });
  if (result.status !== 0) throw new Error(`redis-cli failed: ${result.stderr}`);
  return result.stdout;
}

describe.skipIf(!available)('redis-cli against the node', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNodeProcess();
  });
  afterAll(stopAllNodeProcesses);

  it('runs commands and prints replies as it does for redis-server', () => {
    expect(cli(node.port, 'PING')).toBe('PONG\n');
    expect(cli(node.port, 'SET', 'greeting', 'hello world')).toBe('OK\n');
    expect(cli(node.port, 'GET', 'greeting')).toBe('hello world\n');
    expect(cli(node.port, 'INCRBY', 'n', '41')).toBe('41\n');
    expect(cli(node.port, 'GET', 'missing')).toBe('\n');
    expect(cli(node.port, 'NOSUCH')).toContain("ERR unknown command 'NOSUCH'");
    expect(cli(node.port, '-3', 'HELLO', '3')).toContain('7.0.15');
  });

  it('loads 100,000 SETs through --pipe', async () => {
    const count = 100_000;
    const chunks: Buffer[] = [];
    for (let i = 0; i < count; i++) chunks.push(encodeCommand(['SET', `pipe:${i}`, `value-${i}`]));
    const child = spawn('redis-cli', ['-p', String(node.port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(Buffer.concat(chunks));
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(status).toBe(0);
    expect(out).toContain(`errors: 0, replies: ${count}`);
    expect(cli(node.port, 'GET', 'pipe:99999')).toBe('value-99999\n');
    expect(cli(node.port, 'DBSIZE').trim()).toBe(String(count + 2));
  });
});

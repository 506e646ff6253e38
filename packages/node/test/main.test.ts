import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from './support/node-process.js';

const BIN = fileURLToPath(new URL('../bin/understudy-node.js', import.meta.url));
afterAll(stopAllNodeProcesses);

function runBin(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('understudy-node command line', () => {
  it('runs with the V8 flags of its shebang when executed (memory: a capped young generation)', async () => {
    const node = await startNodeProcess();
    const argv = readFileSync(`/proc/${node.pid}/cmdline`, 'utf8').split('\0');
    expect(argv).toContain('--max-semi-space-size=4');
  });

  it('refuses an unknown directive, naming it, as redis-server does', () => {
    const result = runBin(['--port', '0', '--no-such-directive', 'x']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***');
    expect(result.stderr).toContain(">>> 'no-such-directive \"x\"'");
    expect(result.stderr).toContain('Bad directive or wrong number of arguments');
  });

  it('refuses a bad value with the reason', () => {
    const result = runBin(['--port', '99999']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(">>> 'port \"99999\"'");
    expect(result.stderr).toMatch(/argument must be between 0 and 65535 inclusive/);
  });

  it('refuses daemonize yes with the reason instead of ignoring it', () => {
    const result = runBin(['--port', '0', '--daemonize', 'yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot daemonize');
  });

  it('writes its log to --logfile and its pid to --pidfile, removed when it stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-files-'));
    const logfile = join(dir, 'node.log');
    const pidfile = join(dir, 'node.pid');
    const child = spawn(process.execPath, [BIN, '--port', '0', '--bind', '127.0.0.1', '--logfile', logfile, '--pidfile', pidfile], {
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => existsSync(logfile) && readFileSync(logfile, 'utf8').includes('Ready to accept connections'), 10_000, 'the Ready line in the log file');
      await waitFor(() => existsSync(pidfile), 5_000, 'the pid file');
      expect(readFileSync(pidfile, 'utf8').trim()).toBe(String(child.pid));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(pidfile)).toBe(false);
      expect(readFileSync(logfile, 'utf8')).toContain('ready to exit');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints its version and usage', () => {
    expect(runBin(['--version']).stdout).toMatch(/^Redis server v=7\.0\.15 /);
    expect(runBin(['--help']).stdout).toContain('Usage: understudy-node [/path/to/redis.conf] [options]');
  });

  it('reads a config file, then lets command-line options override it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-conf-'));
    const file = join(dir, 'node.conf');
    writeFileSync(file, '# a comment\nrequirepass "from file"\ndatabases 4\nmaxmemory 10mb\n');
    const node = await startNodeProcess([file, '--maxmemory', '20mb', '--save', '', '--appendonly', 'no']);
    try {
      const redis = node.client({ password: 'from file' });
      expect(await redis.config('GET', 'databases')).toEqual(['databases', '4']);
      expect(await redis.config('GET', 'maxmemory')).toEqual(['maxmemory', String(20 * 1024 * 1024)]);
      expect(await redis.config('GET', 'save')).toEqual(['save', '']);
      await expect(redis.select(4)).rejects.toThrow('ERR DB index is out of range');
    } finally {
      await node.stop();
    }
  });

  it('logs the real port when started with --port 0, and stops on SIGTERM', async () => {
    const node = await startNodeProcess();
    expect(node.port).toBeGreaterThan(0);
    expect(node.output()).toContain(`Ready to accept connections tcp on 127.0.0.1:${node.port}`);
    const redis = node.client();
    expect(await redis.ping()).toBe('PONG');
    process.kill(node.pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (!node.output().includes('ready to exit') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(node.output()).toContain('ready to exit');
    await node.stop();
  });
});

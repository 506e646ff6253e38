import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** scripts/bench/proxy.mjs, the proxy's benchmark: its command line (--dry-run prints the plan, starts nothing). */
const SCRIPT = fileURLToPath(new URL('../../../../scripts/bench/proxy.mjs', import.meta.url));

function run(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 15_000 });
}

interface Scenario {
  readonly name: string;
  readonly clients: number;
  readonly pipeline: number;
  readonly requests: number;
  readonly pinCpu: number | null;
  readonly kind: 'throughput' | 'latency';
}

interface Plan {
  readonly backend: 'understudy' | 'redis';
  readonly proxy: string;
  readonly tests: string[];
  readonly rounds: number;
  readonly warmup: number;
  readonly scenarios: Scenario[];
  readonly proxyCommand: string;
  readonly proxyArgs?: string[];
  readonly targets: Record<string, number>;
  readonly failOnMiss: boolean;
}

function dryRun(args: readonly string[]): Plan {
  const result = run(['--dry-run', ...args]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

const strip = (s: Scenario): Omit<Scenario, 'name'> => ({
  clients: s.clients,
  pipeline: s.pipeline,
  requests: s.requests,
  pinCpu: s.pinCpu,
  kind: s.kind,
});

describe('scripts/bench/proxy.mjs options', () => {
  it('defaults: SET and GET at -c 50 -P 1 and -P 16, then -c 1 pinned to CPU 0; Understudy behind the proxy', () => {
    const plan = dryRun([]);
    expect(plan.backend).toBe('understudy');
    expect(plan.proxy).toBe('understudy-proxy');
    expect(plan.tests).toEqual(['set', 'get']);
    expect(plan.rounds).toBe(3);
    expect(plan.warmup).toBe(20_000);
    expect(plan.scenarios.map((s) => s.name)).toEqual(['c50 P1', 'c50 P16', 'c1 P1']);
    expect(plan.scenarios.map(strip)).toEqual([
      { clients: 50, pipeline: 1, requests: 200_000, pinCpu: null, kind: 'throughput' },
      { clients: 50, pipeline: 16, requests: 200_000, pinCpu: null, kind: 'throughput' },
      { clients: 1, pipeline: 1, requests: 50_000, pinCpu: 0, kind: 'latency' },
    ]);
    expect(plan.targets).toEqual({ minRatioP1: 0.8, minRatioPipelined: 0.7, maxAddedP99MsOneClient: 0.3 });
    expect(plan.proxyCommand).toMatch(/packages\/proxy\/bin\/understudy-proxy\.js --port 0 --upstream "127\.0\.0\.1:<server port>"$/);
  });

  it('every load option, --redis and --proxy-args', () => {
    const plan = dryRun([
      '--redis',
      '--tests', 'set,incr',
      '-n', '1000',
      '-c', '8',
      '--pipelines', '1,4,32',
      '--latency-requests', '500',
      '--no-pin',
      '--rounds', '5',
      '--warmup', '0',
      '--proxy-args=--loglevel warning --hold-timeout-ms 0',
      '--fail-on-miss',
    ]);
    expect(plan.backend).toBe('redis');
    expect(plan.tests).toEqual(['set', 'incr']);
    expect(plan.rounds).toBe(5);
    expect(plan.warmup).toBe(0);
    expect(plan.failOnMiss).toBe(true);
    expect(plan.scenarios.map(strip)).toEqual([
      { clients: 8, pipeline: 1, requests: 1000, pinCpu: null, kind: 'throughput' },
      { clients: 8, pipeline: 4, requests: 1000, pinCpu: null, kind: 'throughput' },
      { clients: 8, pipeline: 32, requests: 1000, pinCpu: null, kind: 'throughput' },
      { clients: 1, pipeline: 1, requests: 500, pinCpu: null, kind: 'latency' },
    ]);
    expect(plan.proxyCommand).toMatch(/--port 0 --upstream "127\.0\.0\.1:<server port>" --loglevel warning --hold-timeout-ms 0$/);
  });

  it('--pipe: a plain Node byte relay in the proxy\'s place, with the same command line', () => {
    const plan = dryRun(['--pipe']);
    expect(plan.proxy).toBe('byte relay (--pipe)');
    expect(plan.proxyCommand).toMatch(/ -e "<byte relay>" -- --port 0 --upstream "127\.0\.0\.1:<server port>"$/);
  });

  it('--no-latency drops the -c 1 scenario; --pin-cpu picks the CPU', () => {
    expect(dryRun(['--no-latency']).scenarios.map((s) => s.name)).toEqual(['c50 P1', 'c50 P16']);
    const last = cpus().length - 1;
    expect(dryRun(['--pin-cpu', String(last)]).scenarios.at(-1)!.pinCpu).toBe(last);
  });

  for (const [args, message] of [
    [['--pipelines', '0'], '--pipelines must be an integer >= 1 (got "0")'],
    [['--rounds', 'x'], '--rounds must be an integer >= 1 (got "x")'],
    [['--warmup=-1'], '--warmup must be an integer >= 0 (got "-1")'],
    [['--tests', ','], '--tests must not be empty'],
    [['--pin-cpu', '4096'], `--pin-cpu must be a CPU number below ${cpus().length} (this machine's CPU count), got 4096`],
    [['--proxy-args', '"unbalanced'], '--proxy-args: unterminated " quote in: "unbalanced'],
    [['--bogus'], "Unknown option '--bogus'"],
  ] as const) {
    it(`${args.join(' ')}: exit status 64, the problem and the usage on stderr`, () => {
      const result = run(['--dry-run', ...args]);
      expect(result.status).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(message);
      expect(result.stderr).toContain('Usage: node scripts/bench/proxy.mjs [options]');
    });
  }

  it('--help: the usage on stdout, exit status 0', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: node scripts\/bench\/proxy\.mjs \[options\]/);
    expect(result.stdout).toContain('--redis');
  });
});

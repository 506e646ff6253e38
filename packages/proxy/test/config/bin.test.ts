import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROXY_USAGE, PROXY_VERSION } from '../../src/config/index.js';

/** The bin as users run it, executed (its shebang), not passed to node (needs the build: tsc -b packages/proxy). */
const BIN = fileURLToPath(new URL('../../bin/understudy-proxy.js', import.meta.url));

function run(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(BIN, [...args], { encoding: 'utf8', timeout: 15_000 });
}

describe('understudy-proxy with bad input', () => {
  for (const [args, message] of [
    [['--upstream', '127.0.0.1:6379', '--port', 'abc'], "Bad option --port abc: port must be an integer from 0 to 65535 (0: any free port), got 'abc'\n"],
    [['--port', '0'], 'Missing option: give --sentinels HOST:PORT,... with --master-name NAME (to follow failovers) or --upstream HOST:PORT (one fixed primary) (understudy-proxy --help lists the options)\n'],
    [['--sentinels', '127.0.0.1:36379'], 'Bad option --sentinels 127.0.0.1:36379: --sentinels needs --master-name NAME (the group the sentinels monitor)\n'],
    [['--upstream', '127.0.0.1:6379', '--status-port', '-1'], "Bad option --status-port -1: status-port must be an integer from 0 to 65535 (0: any free port), got '-1'\n"],
  ] as const) {
    it(`${args.join(' ')}: exits 1 and says why on stderr`, () => {
      const result = run(args);
      expect(result.stderr).toBe(message);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(1);
    });
  }
});

describe('understudy-proxy --help and --version', () => {
  it('--help prints the usage and exits 0', () => {
    const result = run(['--help']);
    expect(result.stdout).toBe(PROXY_USAGE);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('-v prints the version and exits 0', () => {
    const result = run(['-v']);
    expect(result.stdout).toBe(`understudy-proxy v=${PROXY_VERSION} redis_version=7.0.15\n`);
    expect(result.status).toBe(0);
  });
});

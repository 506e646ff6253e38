import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HOLD_TIMEOUT_MS,
  PROXY_USAGE,
  PROXY_VERSION,
  ProxyConfigError,
  parseProxyArgs,
  parseProxyCommandLine,
  proxyConfigFromCommandLine,
  type ProxyConfig,
} from '../../src/config/index.js';

const UPSTREAM = ['--upstream', '127.0.0.1:6379'];

function errorOf(argv: string[]): string {
  try {
    parseProxyArgs(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(ProxyConfigError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseProxyArgs: defaults', () => {
  it('--upstream alone: port 6380 on 127.0.0.1, no status port, hold 10 s, notice to stdout', () => {
    expect(parseProxyArgs(UPSTREAM)).toEqual<ProxyConfig>({
      bind: '127.0.0.1',
      port: 6380,
      topology: { kind: 'static', upstream: { host: '127.0.0.1', port: 6379 } },
      statusPort: null,
      holdTimeoutMs: 10_000,
      logfile: '',
      loglevel: 'notice',
    });
    expect(DEFAULT_HOLD_TIMEOUT_MS).toBe(10_000);
  });

  it('--sentinels with --master-name: the sentinels in order', () => {
    const config = parseProxyArgs(['--sentinels', '127.0.0.1:36379,127.0.0.1:36380, localhost:36381', '--master-name', 'mymaster']);
    expect(config.topology).toEqual({
      kind: 'sentinels',
      masterName: 'mymaster',
      sentinels: [
        { host: '127.0.0.1', port: 36379 },
        { host: '127.0.0.1', port: 36380 },
        { host: 'localhost', port: 36381 },
      ],
    });
  });
});

describe('parseProxyArgs: every option', () => {
  it('reads each option, in --name value and --name=value forms', () => {
    const config = parseProxyArgs([
      '--port=0',
      '--bind',
      '0.0.0.0',
      '--upstream=[::1]:7000',
      '--status-port',
      '0',
      '--hold-timeout-ms',
      '0',
      '--logfile',
      '/tmp/proxy.log',
      '--loglevel',
      'WARNING',
    ]);
    expect(config).toEqual<ProxyConfig>({
      bind: '0.0.0.0',
      port: 0,
      topology: { kind: 'static', upstream: { host: '::1', port: 7000 } },
      statusPort: 0,
      holdTimeoutMs: 0,
      logfile: '/tmp/proxy.log',
      loglevel: 'warning',
    });
  });

  it('an option given twice: the last wins; --sentinels lists add up', () => {
    expect(parseProxyArgs([...UPSTREAM, '--port', '7001', '--port', '7002']).port).toBe(7002);
    const config = parseProxyArgs(['--sentinels', 'a.example:36379', '--master-name', 'm', '--sentinels', 'b_1:36379,']);
    expect(config.topology).toEqual({
      kind: 'sentinels',
      masterName: 'm',
      sentinels: [
        { host: 'a.example', port: 36379 },
        { host: 'b_1', port: 36379 },
      ],
    });
  });

  it('a status port, the hold timeout at its ceiling, an IPv6 bind, every log level', () => {
    const config = parseProxyArgs([...UPSTREAM, '--status-port', '9121', '--hold-timeout-ms', '2147483647', '--bind', '::1']);
    expect(config.statusPort).toBe(9121);
    expect(config.holdTimeoutMs).toBe(2 ** 31 - 1);
    expect(config.bind).toBe('::1');
    for (const level of ['debug', 'verbose', 'notice', 'warning'] as const) {
      expect(parseProxyArgs([...UPSTREAM, '--loglevel', level]).loglevel).toBe(level);
    }
    // --port 0 with --status-port 0: both any free port, not a clash.
    expect(parseProxyArgs([...UPSTREAM, '--port', '0', '--status-port', '0']).statusPort).toBe(0);
  });
});

describe('parseProxyArgs: bad input names the option and the value', () => {
  const cases: [string[], string][] = [
    [[...UPSTREAM, '--port', 'abc'], "Bad option --port abc: port must be an integer from 0 to 65535 (0: any free port), got 'abc'"],
    [[...UPSTREAM, '--port', '-1'], "Bad option --port -1: port must be an integer from 0 to 65535 (0: any free port), got '-1'"],
    [[...UPSTREAM, '--port', '65536'], "Bad option --port 65536: port must be an integer from 0 to 65535 (0: any free port), got '65536'"],
    [[...UPSTREAM, '--port=1.5'], "Bad option --port 1.5: port must be an integer from 0 to 65535 (0: any free port), got '1.5'"],
    [[...UPSTREAM, '--port'], 'Bad option --port: it needs a value'],
    [[...UPSTREAM, '--port='], "Bad option --port '': port must be an integer from 0 to 65535 (0: any free port), got ''"],
    [[...UPSTREAM, '--bind', 'my-host'], "Bad option --bind my-host: bind must be an IP address (0.0.0.0 for every interface), got 'my-host'"],
    [[...UPSTREAM, '--status-port', 'x'], "Bad option --status-port x: status-port must be an integer from 0 to 65535 (0: any free port), got 'x'"],
    [[...UPSTREAM, '--port', '7000', '--status-port', '7000'], 'Bad option --status-port 7000: the status port must differ from the RESP port (--port 7000)'],
    [[...UPSTREAM, '--hold-timeout-ms', '-5'], "Bad option --hold-timeout-ms -5: hold-timeout-ms must be a number of milliseconds from 0 to 2147483647 (0: never hold), got '-5'"],
    [[...UPSTREAM, '--hold-timeout-ms', '2147483648'], "Bad option --hold-timeout-ms 2147483648: hold-timeout-ms must be a number of milliseconds from 0 to 2147483647 (0: never hold), got '2147483648'"],
    [[...UPSTREAM, '--hold-timeout-ms', '10s'], "Bad option --hold-timeout-ms 10s: hold-timeout-ms must be a number of milliseconds from 0 to 2147483647 (0: never hold), got '10s'"],
    [[...UPSTREAM, '--loglevel', 'info'], "Bad option --loglevel info: loglevel must be one of debug, verbose, notice, warning, got 'info'"],
    [[...UPSTREAM, '--frobnicate', '1'], 'Bad option --frobnicate: unknown option (understudy-proxy --help lists the options)'],
    [[...UPSTREAM, '-p', '7000'], 'Bad option -p: unknown option (understudy-proxy --help lists the options)'],
    [[...UPSTREAM, 'extra'], "Bad argument 'extra': options are --name value (understudy-proxy --help lists the options)"],
    [[], 'Missing option: give --sentinels HOST:PORT,... with --master-name NAME (to follow failovers) or --upstream HOST:PORT (one fixed primary) (understudy-proxy --help lists the options)'],
    [['--port', '0'], 'Missing option: give --sentinels HOST:PORT,... with --master-name NAME (to follow failovers) or --upstream HOST:PORT (one fixed primary) (understudy-proxy --help lists the options)'],
    [
      ['--sentinels', '127.0.0.1:36379', '--master-name', 'm', '--upstream', '127.0.0.1:6379'],
      'Bad options --sentinels 127.0.0.1:36379 and --upstream 127.0.0.1:6379: give one of them (--sentinels to follow failovers, --upstream for one fixed primary)',
    ],
    [['--upstream', '127.0.0.1:6379', '--master-name', 'm'], 'Bad option --master-name m: --master-name goes with --sentinels, not with --upstream'],
    [['--sentinels', '127.0.0.1:36379'], 'Bad option --sentinels 127.0.0.1:36379: --sentinels needs --master-name NAME (the group the sentinels monitor)'],
    [['--sentinels', '127.0.0.1:36379', '--master-name', 'my master'], "Bad option --master-name my master: master-name must be a name without spaces, got 'my master'"],
    [['--sentinels', '127.0.0.1:36379', '--master-name', ''], "Bad option --master-name '': master-name must be a name without spaces, got ''"],
    [['--sentinels', ',', '--master-name', 'm'], 'Bad option --sentinels ,: sentinels wants HOST:PORT[,HOST:PORT...]'],
    [['--sentinels', '127.0.0.1', '--master-name', 'm'], "Bad option --sentinels 127.0.0.1: sentinels: expected HOST:PORT, got '127.0.0.1' (no port)"],
    [['--sentinels', '127.0.0.1:1,127.0.0.1:0', '--master-name', 'm'], "Bad option --sentinels 127.0.0.1:1,127.0.0.1:0: sentinels: the port must be an integer from 1 to 65535, got '0' in '127.0.0.1:0'"],
    [['--sentinels', '127.0.0.1:36379,127.0.0.1:36379', '--master-name', 'm'], 'Bad option --sentinels 127.0.0.1:36379,127.0.0.1:36379: sentinels: 127.0.0.1:36379 is given twice'],
    [['--upstream', '::1:6379'], "Bad option --upstream ::1:6379: upstream: IPv6 addresses go in brackets ([::1]:6379), got '::1:6379'"],
    [['--upstream', '[::1]6379'], "Bad option --upstream [::1]6379: upstream: expected [IPv6]:PORT, got '[::1]6379'"],
    [['--upstream', '[1.2.3.4]:6379'], "Bad option --upstream [1.2.3.4]:6379: upstream: '1.2.3.4' is not an IPv6 address"],
    [['--upstream', ':6379'], "Bad option --upstream :6379: upstream: expected HOST:PORT, got ':6379' (no host)"],
    [['--upstream', 'bad host:6379'], "Bad option --upstream bad host:6379: upstream: 'bad host' is neither an IP address nor a host name"],
    [['--upstream', '127.0.0.1:port'], "Bad option --upstream 127.0.0.1:port: upstream: the port must be an integer from 1 to 65535, got 'port' in '127.0.0.1:port'"],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(' ') || '(nothing)'}`, () => {
      expect(errorOf(argv)).toBe(message);
    });
  }
});

describe('parseProxyCommandLine: --help and --version', () => {
  it('-h / --help and -v / --version win over everything else on the line, bad options too', () => {
    expect(parseProxyCommandLine(['-h'])).toEqual({ action: 'help' });
    expect(parseProxyCommandLine(['--port', 'abc', '--help'])).toEqual({ action: 'help' });
    expect(parseProxyCommandLine(['--version'])).toEqual({ action: 'version' });
    expect(parseProxyCommandLine(['--nonsense', '-v'])).toEqual({ action: 'version' });
    expect(parseProxyCommandLine(UPSTREAM)).toEqual({ action: 'run', config: parseProxyArgs(UPSTREAM) });
    expect(() => parseProxyArgs(['--help'])).toThrow(ProxyConfigError);
  });

  it('the help names every option, and says --sentinels takes gRPC ports (RESP port + 10000)', () => {
    for (const option of ['--sentinels', '--master-name', '--upstream', '--port', '--bind', '--status-port', '--hold-timeout-ms', '--logfile', '--loglevel', '--help', '--version']) {
      expect(PROXY_USAGE).toContain(option);
    }
    expect(PROXY_USAGE).toContain("gRPC addresses, not their RESP ports");
    expect(PROXY_USAGE).toContain('RESP 26379 -> gRPC 36379');
    expect(PROXY_USAGE).toContain('default 6380');
  });

  it("PROXY_VERSION is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PROXY_VERSION).toBe(pkg.version);
  });
});

describe('proxyConfigFromCommandLine: what main() does with the command line', () => {
  function run(argv: string[]): { config: ProxyConfig | null; stdout: string; stderr: string; exitCode: number | null } {
    let stdout = '';
    let stderr = '';
    let exitCode: number | null = null;
    const config = proxyConfigFromCommandLine(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      setExitCode: (c) => (exitCode = c),
    });
    return { config, stdout, stderr, exitCode };
  }

  it('a good line: the config, nothing printed', () => {
    expect(run(UPSTREAM)).toEqual({ config: parseProxyArgs(UPSTREAM), stdout: '', stderr: '', exitCode: null });
  });

  it('--help: the usage on stdout, nothing to run, exit code untouched (0)', () => {
    expect(run(['--help'])).toEqual({ config: null, stdout: PROXY_USAGE, stderr: '', exitCode: null });
  });

  it('--version: one line on stdout', () => {
    const r = run(['-v']);
    expect(r.config).toBeNull();
    expect(r.stdout).toBe(`understudy-proxy v=${PROXY_VERSION} redis_version=7.0.15\n`);
    expect(r.exitCode).toBeNull();
  });

  it('bad input: the error on stderr, exit code 1', () => {
    expect(run(['--upstream', 'nowhere'])).toEqual({
      config: null,
      stdout: '',
      stderr: "Bad option --upstream nowhere: upstream: expected HOST:PORT, got 'nowhere' (no port)\n",
      exitCode: 1,
    });
  });
});

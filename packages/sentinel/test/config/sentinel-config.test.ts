import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BIND,
  parseSentinelArgs,
  parseSentinelConfigText,
  SentinelConfigError,
  type SentinelConfig,
} from '../../src/config/index.js';

const ID = '0123456789abcdef0123456789abcdef01234567';
const GENERATED = 'f'.repeat(40);
const generateId = (): string => GENERATED;

function parse(argv: string[], files: Record<string, string> = {}): SentinelConfig {
  return parseSentinelArgs(argv, {
    generateId,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
  });
}

/** The message of the SentinelConfigError `fn` throws (fails the test if it throws nothing or something else). */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SentinelConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a SentinelConfigError');
}

describe('defaults', () => {
  it('with no arguments: port 26379, gRPC port 36379, loopback, a generated id, no masters', () => {
    const c = parse([]);
    expect(c).toMatchObject({
      configFile: null,
      host: DEFAULT_BIND,
      bind: ['127.0.0.1'],
      port: 26379,
      grpcPort: 36379,
      myId: GENERATED,
      myIdGenerated: true,
      announceIp: '',
      announcePort: 0,
      resolveHostnames: false,
      announceHostnames: false,
      currentEpoch: 0,
      masters: [],
      logfile: '',
      loglevel: 'notice',
      pidfile: '',
      dir: '',
      ignored: [],
    });
  });

  it('generates a 40 hex chars id by default', () => {
    const c = parseSentinelArgs([]);
    expect(c.myId).toMatch(/^[0-9a-f]{40}$/);
    expect(parseSentinelArgs([]).myId).not.toBe(c.myId);
  });

  it('port 0 means any port, and then the gRPC port is any port too', () => {
    expect(parse(['--port', '0'])).toMatchObject({ port: 0, grpcPort: 0 });
  });

  it('the gRPC port follows the port, unless --grpc-port says otherwise', () => {
    expect(parse(['--port', '7000']).grpcPort).toBe(17000);
    expect(parse(['--port', '7000', '--grpc-port', '9000']).grpcPort).toBe(9000);
    expect(parse(['--port', '0', '--grpc-port', '9000']).grpcPort).toBe(9000);
    expect(parse(['--grpc-port', '0']).grpcPort).toBe(0);
  });

  it('refuses a default gRPC port beyond 65535, naming the option that fixes it', () => {
    expect(failure(() => parse(['--port', '60000']))).toBe(
      'Bad option: the default gRPC port 70000 (port 60000 + 10000) is out of range: choose one with --grpc-port',
    );
    expect(parse(['--port', '60000', '--grpc-port', '0']).grpcPort).toBe(0);
  });
});

describe('masters', () => {
  it('reads sentinel monitor lines with Redis defaults for the per-master settings', () => {
    const c = parse(['--sentinel', 'monitor', 'mymaster', '127.0.0.1', '6379', '2']);
    expect(c.masters).toEqual([
      {
        name: 'mymaster',
        host: '127.0.0.1',
        port: 6379,
        quorum: 2,
        downAfterMs: 30000,
        failoverTimeoutMs: 180000,
        parallelSyncs: 1,
        authUser: '',
        authPass: '',
        configEpoch: 0,
        leaderEpoch: 0,
        knownReplicas: [],
        knownSentinels: [],
      },
    ]);
  });

  it('--monitor takes the whole line in one argument or in four', () => {
    const one = parse(['--monitor', 'a 127.0.0.1 7000 2', '--monitor', 'b', '::1', '7001', '1']);
    expect(one.masters.map((m) => [m.name, m.host, m.port, m.quorum])).toEqual([
      ['a', '127.0.0.1', 7000, 2],
      ['b', '::1', 7001, 1],
    ]);
    // `--sentinel "monitor ..."` too, as redis-server re-reads a single quoted value.
    expect(parse(['--sentinel', 'monitor c 10.0.0.1 6380 3']).masters[0]).toMatchObject({ name: 'c', host: '10.0.0.1', port: 6380, quorum: 3 });
  });

  it('global flags set every master; a per-master line wins whatever the order', () => {
    const c = parse([
      '--sentinel', 'down-after-milliseconds', 'b', '1500',
      '--down-after-milliseconds', '5000',
      '--failover-timeout', '60000',
      '--parallel-syncs', '3',
      '--monitor', 'a 127.0.0.1 7000 2',
      '--monitor', 'b 127.0.0.1 7001 2',
      '--sentinel', 'parallel-syncs', 'a', '2',
    ]);
    expect(c.masters.map((m) => [m.name, m.downAfterMs, m.failoverTimeoutMs, m.parallelSyncs])).toEqual([
      ['a', 5000, 60000, 2],
      ['b', 1500, 60000, 3],
    ]);
  });

  it('the per-master form of the Understudy flags: --down-after-milliseconds <name> <ms>', () => {
    const c = parse(['--monitor', 'a 127.0.0.1 7000 2', '--down-after-milliseconds', 'a', '700']);
    expect(c.masters[0]!.downAfterMs).toBe(700);
  });

  it('reads what a rewritten sentinel.conf remembers: epochs, credentials, known replicas and sentinels', () => {
    const file = [
      'port 26380',
      'sentinel monitor mymaster 127.0.0.1 6379 2',
      'sentinel auth-pass mymaster s3cret',
      'sentinel auth-user mymaster app',
      '# Generated by CONFIG REWRITE',
      'latency-tracking-info-percentiles 50 99 99.9',
      'dir "/tmp"',
      'protected-mode no',
      'user default on nopass ~* &* +@all',
      `sentinel myid ${ID}`,
      'sentinel config-epoch mymaster 7',
      'sentinel leader-epoch mymaster 6',
      'sentinel current-epoch 5',
      'sentinel known-replica mymaster 127.0.0.1 6380',
      'sentinel known-replica mymaster 127.0.0.1 6381',
      'sentinel known-sentinel mymaster 127.0.0.1 26381 ' + 'b'.repeat(40),
      'sentinel known-sentinel mymaster 127.0.0.1 26382',
    ].join('\n');
    const c = parse(['/etc/sentinel.conf'], { '/etc/sentinel.conf': file });
    expect(c.configFile).toBe('/etc/sentinel.conf');
    expect(c.port).toBe(26380);
    expect(c.myId).toBe(ID);
    expect(c.myIdGenerated).toBe(false);
    expect(c.dir).toBe('/tmp');
    // current-epoch is the highest epoch seen, config epochs included.
    expect(c.currentEpoch).toBe(7);
    expect(c.masters[0]).toMatchObject({
      authPass: 's3cret',
      authUser: 'app',
      configEpoch: 7,
      leaderEpoch: 6,
      knownReplicas: [
        { host: '127.0.0.1', port: 6380 },
        { host: '127.0.0.1', port: 6381 },
      ],
      // The old form without a run id is ignored, as Redis ignores it.
      knownSentinels: [{ host: '127.0.0.1', port: 26381, runId: 'b'.repeat(40) }],
    });
    expect(c.ignored).toEqual([
      'latency-tracking-info-percentiles 50 99 99.9',
      'protected-mode no',
      'user default on nopass ~* &* +@all',
    ]);
  });

  it('accepts a real redis-sentinel config file (the one redis ships, with its comments)', () => {
    const text = [
      '# Example sentinel.conf',
      'protected-mode no',
      'port 26379',
      'daemonize no',
      'pidfile /var/run/redis-sentinel.pid',
      'logfile ""',
      'dir /tmp',
      'sentinel monitor mymaster 127.0.0.1 6379 2',
      'sentinel down-after-milliseconds mymaster 30000',
      'acllog-max-len 128',
      'sentinel parallel-syncs mymaster 1',
      'sentinel failover-timeout mymaster 180000',
      'sentinel deny-scripts-reconfig yes',
      'SENTINEL resolve-hostnames no',
      'SENTINEL announce-hostnames no',
      'SENTINEL master-reboot-down-after-period mymaster 0',
    ].join('\r\n');
    const c = parseSentinelConfigText(text, { generateId });
    expect(c.pidfile).toBe('/var/run/redis-sentinel.pid');
    expect(c.logfile).toBe('');
    expect(c.masters[0]).toMatchObject({ name: 'mymaster', downAfterMs: 30000, parallelSyncs: 1, failoverTimeoutMs: 180000 });
  });

  it('host names need resolve-hostnames yes, as in Redis (a pre-monitor setting: its line may come later)', () => {
    expect(failure(() => parse(['--monitor', 'm localhost 6379 2']))).toBe(
      "Bad option --monitor m localhost 6379 2: sentinel monitor m: 'localhost' is not an IP address (host names need 'sentinel resolve-hostnames yes')",
    );
    const c = parse(['--monitor', 'm redis-1.local 6379 2', '--sentinel', 'resolve-hostnames', 'yes']);
    expect(c.masters[0]!.host).toBe('redis-1.local');
    expect(c.resolveHostnames).toBe(true);
  });
});

describe('the command line', () => {
  it('takes a config file first, then options that override it (the last one wins)', () => {
    const c = parse(['/s.conf', '--port', '0', '--loglevel', 'warning'], { '/s.conf': 'port 26379\nloglevel debug\n' });
    expect(c.port).toBe(0);
    expect(c.loglevel).toBe('warning');
  });

  it('reads an option given with its value in one argument ("--port 7000")', () => {
    expect(parse(['--port 7000']).port).toBe(7000);
  });

  it('accepts --sentinel alone (redis-server --sentinel style)', () => {
    expect(parse(['/s.conf', '--sentinel'], { '/s.conf': 'port 1234' }).port).toBe(1234);
    expect(parse(['--sentinel', '--port', '1235']).port).toBe(1235);
  });

  it('bind: the first address is the host; * is every IPv4 interface', () => {
    expect(parse(['--bind', '0.0.0.0']).host).toBe('0.0.0.0');
    expect(parse(['--bind', '*', '-::*'])).toMatchObject({ host: '0.0.0.0', bind: ['*', '::*'] });
    expect(parse(['--bind', '::1', '127.0.0.1'])).toMatchObject({ host: '::1', bind: ['::1', '127.0.0.1'] });
  });

  it('reads logfile, loglevel, pidfile, announce-ip and announce-port', () => {
    const c = parse([
      '--logfile', '/tmp/s.log', '--loglevel', 'VERBOSE', '--pidfile', '/tmp/s.pid',
      '--sentinel', 'announce-ip', '10.1.2.3', '--sentinel', 'announce-port', '26999',
    ]);
    expect(c).toMatchObject({ logfile: '/tmp/s.log', loglevel: 'verbose', pidfile: '/tmp/s.pid', announceIp: '10.1.2.3', announcePort: 26999 });
  });

  it('keeps quoted values in a config file as sdssplitargs reads them', () => {
    const c = parseSentinelConfigText('sentinel monitor "my master" 127.0.0.1 6379 1\nsentinel auth-pass "my master" "p\\x41ss word"\nlogfile \'/tmp/a b.log\'', { generateId });
    expect(c.masters[0]).toMatchObject({ name: 'my master', authPass: 'pAss word' });
    expect(c.logfile).toBe('/tmp/a b.log');
  });
});

describe('bad input: a clear error naming the directive or flag and the value', () => {
  const cases: [string[], Record<string, string>, string][] = [
    [['--port', 'abc'], {}, "Bad option --port abc: port must be an integer from 0 to 65535, got 'abc'"],
    [['--port', '70000'], {}, "Bad option --port 70000: port must be an integer from 0 to 65535, got '70000'"],
    [['--port'], {}, 'Bad option --port: port wants <port> (1 argument), got 0'],
    [['--grpc-port', '-1'], {}, "Bad option --grpc-port -1: grpc-port must be an integer from 0 to 65535 (0: any free port), got '-1'"],
    [['--loglevel', 'loud'], {}, "Bad option --loglevel loud: loglevel must be one of debug, verbose, notice, warning, got 'loud'"],
    [['--daemonize', 'yes'], {}, 'Bad option --daemonize yes: daemonize yes is not supported: run understudy-sentinel in the background from the shell'],
    [['--bogus', '1'], {}, "Bad option --bogus 1: unknown directive 'bogus'"],
    [['--sentinel', 'frobnicate', 'x'], {}, "Bad option --sentinel frobnicate x: unknown sentinel directive 'frobnicate'"],
    [['--monitor', 'm 127.0.0.1 6379'], {}, 'Bad option --monitor m 127.0.0.1 6379: sentinel monitor wants <name> <ip> <port> <quorum> (4 arguments), got 3'],
    [['--monitor', 'm 127.0.0.1 6379 0'], {}, "Bad option --monitor m 127.0.0.1 6379 0: sentinel monitor m: quorum must be 1 or greater, got '0'"],
    [['--monitor', 'm 127.0.0.1 6379 two'], {}, "Bad option --monitor m 127.0.0.1 6379 two: sentinel monitor m: quorum must be an integer, got 'two'"],
    [['--monitor', 'm 127.0.0.1 0 2'], {}, "Bad option --monitor m 127.0.0.1 0 2: sentinel monitor m: port must be an integer from 1 to 65535, got '0'"],
    [
      ['--monitor', 'm 127.0.0.1 6379 2', '--monitor', 'm 127.0.0.1 6380 2'],
      {},
      "Bad option --monitor m 127.0.0.1 6380 2: sentinel monitor: duplicate master name 'm'",
    ],
    [
      ['--sentinel', 'down-after-milliseconds', 'nope', '100'],
      {},
      "Bad option --sentinel down-after-milliseconds nope 100: sentinel down-after-milliseconds: no master named 'nope' (it needs a 'sentinel monitor nope ...' line)",
    ],
    [
      ['--monitor', 'm 127.0.0.1 6379 2', '--sentinel', 'down-after-milliseconds', 'm', '0'],
      {},
      "Bad option --sentinel down-after-milliseconds m 0: sentinel down-after-milliseconds m must be a positive number of milliseconds, got '0'",
    ],
    [
      ['--down-after-milliseconds', 'soon'],
      {},
      "Bad option --down-after-milliseconds soon: down-after-milliseconds must be an integer, got 'soon'",
    ],
    [['--parallel-syncs', '0'], {}, "Bad option --parallel-syncs 0: parallel-syncs must be 1 or greater, got '0'"],
    [['--sentinel', 'myid', 'short'], {}, "Bad option --sentinel myid short: sentinel myid must be 40 hex characters, got 'short'"],
    [['--sentinel', 'announce-port', 'x'], {}, "Bad option --sentinel announce-port x: sentinel announce-port must be an integer from 0 to 65535, got 'x'"],
    [['--sentinel', 'resolve-hostnames', 'maybe'], {}, "Bad option --sentinel resolve-hostnames maybe: sentinel resolve-hostnames must be yes or no, got 'maybe'"],
    [
      ['--monitor', 'm 127.0.0.1 6379 2', '--sentinel', 'notification-script', 'm', '/bin/true'],
      {},
      'Bad option --sentinel notification-script m /bin/true: sentinel notification-script is not supported: Understudy runs no scripts (subscribe to the events instead)',
    ],
    [['/missing.conf'], {}, "Cannot read the config file '/missing.conf': ENOENT: no such file or directory, open '/missing.conf'"],
    [['/s.conf', 'values'], { '/s.conf': '' }, 'Bad option values: a value without an option before it (options are --name value; the config file, if any, comes first)'],
    [['--port', '1', 'extra'], {}, 'Bad option --port 1 extra: port wants <port> (1 argument), got 2'],
    [['/s.conf', '-'], { '/s.conf': '' }, 'Bad option -: reading the configuration from standard input is not supported'],
    [['/s.conf', 'oops'], { '/s.conf': '' }, 'Bad option oops: a value without an option before it (options are --name value; the config file, if any, comes first)'],
    [
      ['/s.conf'],
      { '/s.conf': 'port 1\n\n# comment\nsentinel monitor m 127.0.0.1 6379 x\n' },
      "Bad config line at /s.conf:4 ('sentinel monitor m 127.0.0.1 6379 x'): sentinel monitor m: quorum must be an integer, got 'x'",
    ],
    [['/s.conf'], { '/s.conf': 'port "1' }, "Bad config line at /s.conf:1 ('port \"1'): unbalanced quotes"],
    [['/s.conf'], { '/s.conf': 'include /other.conf' }, "Bad config line at /s.conf:1 ('include /other.conf'): include is not supported: put everything in one file"],
  ];
  for (const [argv, files, message] of cases) {
    it(`${JSON.stringify(argv)} -> ${message}`, () => {
      expect(failure(() => parse(argv, files))).toBe(message);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/config/config-store.js';
import { DIRECTIVES } from '../../src/config/directives.js';
import { NOTIFY_ALL, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE } from '../../src/config/keyspace-events.js';

const failed = (arg: string, msg: string) => `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${msg}`;

function storeWithProtectedConfigs(): ConfigStore {
  const s = new ConfigStore({ cwd: '/data' });
  expect(s.loadConfig('enable-protected-configs', ['yes'])).toBeNull();
  return s;
}

describe('ConfigStore defaults and CONFIG GET', () => {
  it('has Redis defaults', () => {
    const s = new ConfigStore({ cwd: '/srv' });
    expect(s.get('port')).toBe('6379');
    expect(s.get('bind')).toBe('* -::*');
    expect(s.get('save')).toBe('3600 1 300 100 60 10000');
    expect(s.get('maxmemory')).toBe('0');
    expect(s.get('maxmemory-policy')).toBe('noeviction');
    expect(s.get('appendonly')).toBe('no');
    expect(s.get('databases')).toBe('16');
    expect(s.get('proto-max-bulk-len')).toBe('536870912');
    expect(s.get('client-query-buffer-limit')).toBe('1073741824');
    expect(s.get('client-output-buffer-limit')).toBe(
      'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    );
    expect(s.get('oom-score-adj-values')).toBe('0 200 800');
    expect(s.get('latency-tracking-info-percentiles')).toBe('50 99 99.9');
    expect(s.get('notify-keyspace-events')).toBe('');
    expect(s.get('dir')).toBe('/srv');
    expect(s.get('requirepass')).toBe('');
    expect(s.get('replicaof')).toBe('');
    expect(s.get('unixsocketperm')).toBe('0');
    expect(s.get('hz')).toBe('10');
    expect(s.get('proc-title-template')).toBe('{title} {listen-addr} {server-mode}');
    expect(s.get('SLAVEOF')).toBe('');
    expect(() => s.get('nope')).toThrow();
  });

  it('typed accessors', () => {
    const s = new ConfigStore();
    expect(s.getNumber('port')).toBe(6379);
    expect(s.getNumber('hz')).toBe(10);
    expect(s.getNumber('proto-max-bulk-len')).toBe(512 * 1024 * 1024);
    expect(s.getBool('appendonly')).toBe(false);
    expect(s.getBool('protected-mode')).toBe(true);
    expect(s.getString('requirepass')).toBe('');
    expect(s.getString('maxmemory-policy')).toBe('noeviction');
    expect(s.getNumber('maxmemory-policy')).toBe(7 << 8);
    expect(s.getSaveParams()).toEqual([
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ]);
    expect(s.getBindAddresses()).toEqual(['*', '-::*']);
    expect(s.getClientOutputBufferLimits().replica).toEqual({
      hardLimitBytes: 268435456,
      softLimitBytes: 67108864,
      softLimitSeconds: 60,
    });
    expect(s.getOomScoreAdjValues()).toEqual([0, 200, 800]);
    expect(s.getReplicaOf()).toBeNull();
    expect(s.getLatencyTrackingInfoPercentiles()).toEqual([50, 99, 99.9]);
    expect(s.getNotifyKeyspaceEvents()).toBe(0);
    expect(() => s.getBool('port')).toThrow(TypeError);
    expect(() => s.getNumber('save')).toThrow(TypeError);
    expect(s.set([['maxmemory', '18446744073709551615']])).toBeNull();
    expect(s.getBigInt('maxmemory')).toBe(18446744073709551615n);
    expect(s.set([['maxmemory-clients', '10%']])).toBeNull();
    expect(s.getNumber('maxmemory-clients')).toBe(-10);
  });

  it('getMatching: globs, exact names, aliases, hidden configs, no duplicates', () => {
    const s = new ConfigStore();
    const res = new Map(s.getMatching(['maxmemory', 'maxmemory*', 'bind', '*of']));
    expect(s.getMatching(['maxmemory', 'maxmemory*', 'bind', '*of'])).toHaveLength(res.size);
    expect(res.has('slaveof') && res.has('replicaof')).toBe(true);
    expect(res.has('maxmemory') && res.has('maxmemory-samples') && res.has('maxmemory-clients')).toBe(true);
    expect(res.has('maxmemory-policy') && res.has('maxmemory-eviction-tenacity')).toBe(true);
    expect(res.get('bind')).toBe('* -::*');

    const all = new Map(s.getMatching(['*']));
    expect(all.size).toBe(197 - 5); // hidden configs need their exact name
    expect(all.has('key-load-delay')).toBe(false);
    expect(all.has('hash-max-ziplist-entries')).toBe(true);
    expect(s.getMatching(['key-load-delay'])).toEqual([['key-load-delay', '0']]);

    // exact names are looked up case-insensitively and reported as typed
    expect(s.getMatching(['MAXMEMORY', 'maxmemory'])).toEqual([['MAXMEMORY', '0']]);
    expect(s.getMatching(['MAXMEM*'])).toEqual(
      s.getMatching(['maxmem*']), // globs are case-insensitive
    );
    expect(s.getMatching(['nope', 'nope*'])).toEqual([]);
    expect(s.getMatching(['po?t'])).toEqual([['port', '6379']]);
    expect(s.getMatching(['[pq]ort'])).toEqual([['port', '6379']]);
  });

  it('can exclude the TLS configs', () => {
    const s = new ConfigStore({ tls: false });
    expect(s.has('tls-port')).toBe(false);
    expect(s.getMatching(['*'])).toHaveLength(197 - 20 - 5);
    expect(s.set([['tls-port', '6380']])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'tls-port'");
    expect(new ConfigStore().get('tls-auth-clients')).toBe('yes');
  });
});

describe('CONFIG SET', () => {
  it('sets and reads back', () => {
    const s = new ConfigStore();
    expect(s.set([['maxmemory', '100mb']])).toBeNull();
    expect(s.get('maxmemory')).toBe('104857600');
    expect(s.set([['timeout', '30']])).toBeNull();
    expect(s.getNumber('timeout')).toBe(30);
    expect(s.set([['appendonly', 'YES']])).toBeNull();
    expect(s.get('appendonly')).toBe('yes');
    expect(s.set([['maxmemory-policy', 'AllKeys-LRU']])).toBeNull();
    expect(s.get('maxmemory-policy')).toBe('allkeys-lru');
    expect(s.set([['requirepass', 'secret']])).toBeNull();
    expect(s.getString('requirepass')).toBe('secret');
    expect(s.set([['requirepass', '']])).toBeNull();
    expect(s.getString('requirepass')).toBe('');
    expect(s.set([['port', '0']])).toBeNull();
    expect(s.getNumber('port')).toBe(0);
  });

  it('memory units', () => {
    const s = new ConfigStore();
    const cases: [string, string][] = [
      ['1k', '1000'],
      ['1kb', '1024'],
      ['1KB', '1024'],
      ['1m', '1000000'],
      ['1mb', '1048576'],
      ['1g', '1000000000'],
      ['1gb', '1073741824'],
      ['2GB', '2147483648'],
      ['10b', '10'],
      ['123', '123'],
      ['', '0'],
    ];
    for (const [input, output] of cases) {
      expect(s.set([['maxmemory', input]])).toBeNull();
      expect(s.get('maxmemory')).toBe(output);
    }
    expect(s.set([['maxmemory', '1tb']])).toBe(failed('maxmemory', 'argument must be a memory value'));
    expect(s.set([['maxmemory', '-1']])).toBe(failed('maxmemory', 'argument must be a memory value'));
    expect(s.set([['maxmemory', '1.5gb']])).toBe(failed('maxmemory', 'argument must be a memory value'));
    expect(s.set([['proto-max-bulk-len', '1kb']])).toBe(
      failed('proto-max-bulk-len', 'argument must be between 1048576 and 9223372036854775807 inclusive'),
    );
    // memory values above LLONG_MAX wrap negative for signed configs
    expect(s.set([['repl-backlog-size', '18446744073709551615']])).toBe(
      failed('repl-backlog-size', 'argument must be between 1 and 9223372036854775807 inclusive'),
    );
  });

  it('percent configs', () => {
    const s = new ConfigStore();
    expect(s.set([['maxmemory-clients', '10%']])).toBeNull();
    expect(s.get('maxmemory-clients')).toBe('10%');
    expect(s.set([['maxmemory-clients', '100%']])).toBeNull();
    expect(s.set([['maxmemory-clients', '0%']])).toBeNull();
    expect(s.get('maxmemory-clients')).toBe('0');
    expect(s.set([['maxmemory-clients', '1mb']])).toBeNull();
    expect(s.get('maxmemory-clients')).toBe('1048576');
    expect(s.set([['maxmemory-clients', '200%']])).toBe(
      failed('maxmemory-clients', 'percentage argument must be less or equal to 100'),
    );
    expect(s.set([['maxmemory-clients', '-5']])).toBe(
      failed('maxmemory-clients', 'argument must be a memory or percent value'),
    );
    expect(s.set([['maxmemory-clients', '%']])).toBe(
      failed('maxmemory-clients', 'argument must be a memory or percent value'),
    );
  });

  it('integer bounds and parse errors', () => {
    const s = new ConfigStore();
    expect(s.set([['port', '65536']])).toBe(failed('port', 'argument must be between 0 and 65535 inclusive'));
    expect(s.set([['port', '-1']])).toBe(failed('port', 'argument must be between 0 and 65535 inclusive'));
    expect(s.set([['port', 'abc']])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(s.set([['port', '+1']])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(s.set([['port', ' 1']])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(s.set([['port', '1k']])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(s.set([['maxclients', '0']])).toBe(failed('maxclients', 'argument must be between 1 and 4294967295 inclusive'));
    expect(s.set([['maxclients', '-1']])).toBe(failed('maxclients', 'argument must be between 1 and 4294967295 inclusive'));
    expect(s.set([['hash-max-listpack-entries', '-1']])).toBe(
      failed('hash-max-listpack-entries', 'argument must be between 0 and 9223372036854775807 inclusive'),
    );
    expect(s.set([['slowlog-log-slower-than', '-2']])).toBe(
      failed('slowlog-log-slower-than', 'argument must be between -1 and 9223372036854775807 inclusive'),
    );
    expect(s.set([['slowlog-log-slower-than', '-1']])).toBeNull();
    expect(s.set([['list-max-listpack-size', '-2147483649']])).toBe(
      failed('list-max-listpack-size', 'argument must be between -2147483648 and 2147483647 inclusive'),
    );
    expect(s.set([['active-expire-effort', '11']])).toBe(
      failed('active-expire-effort', 'argument must be between 1 and 10 inclusive'),
    );
  });

  it('bool and enum errors', () => {
    const s = new ConfigStore();
    expect(s.set([['appendonly', 'true']])).toBe(failed('appendonly', "argument must be 'yes' or 'no'"));
    expect(s.set([['maxmemory-policy', 'lru']])).toBe(
      failed(
        'maxmemory-policy',
        'argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction',
      ),
    );
    expect(s.set([['loglevel', 'debug verbose']])).toBe(
      failed('loglevel', 'argument(s) must be one of the following: debug, verbose, notice, warning'),
    );
    expect(s.set([['oom-score-adj', 'relative']])).toBeNull();
    expect(s.get('oom-score-adj')).toBe('yes');
  });

  it('multi-value enums (shutdown-on-sig*)', () => {
    const s = new ConfigStore();
    expect(s.set([['shutdown-on-sigint', 'nosave force now']])).toBeNull();
    expect(s.get('shutdown-on-sigint')).toBe('nosave now force');
    expect(s.set([['shutdown-on-sigterm', 'save']])).toBeNull();
    expect(s.get('shutdown-on-sigterm')).toBe('save');
    expect(s.set([['shutdown-on-sigterm', 'default']])).toBeNull();
    expect(s.get('shutdown-on-sigterm')).toBe('default');
    expect(s.set([['shutdown-on-sigint', 'save nosave']])).toBe(
      failed('shutdown-on-sigint', "shutdown options SAVE and NOSAVE can't be used simultaneously"),
    );
    expect(s.set([['shutdown-on-sigint', '']])).toBe(
      failed('shutdown-on-sigint', 'argument(s) must be one of the following: default, save, nosave, now, force'),
    );
  });

  it('unknown, immutable, protected, duplicate, loading errors', () => {
    const s = new ConfigStore();
    expect(s.set([['foo', 'bar']])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(s.set([['port', '1'], ['foo', 'bar']])).toBe(
      "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    );
    expect(s.set([['daemonize', 'yes']])).toBe(failed('daemonize', "can't set immutable config"));
    expect(s.set([['DATABASES', '1']])).toBe(failed('DATABASES', "can't set immutable config"));
    expect(s.set([['slaveof', 'no one']])).toBe(failed('slaveof', "can't set immutable config"));
    // first error wins
    expect(s.set([['daemonize', 'yes'], ['foo', 'bar']])).toBe(failed('daemonize', "can't set immutable config"));
    expect(s.set([['maxmemory', '10000001'], ['maxmemory', '10000002']])).toBe(
      failed('maxmemory', 'duplicate parameter'),
    );
    expect(s.set([['maxmemory', '1'], ['MAXMEMORY', '2']])).toBe(failed('MAXMEMORY', 'duplicate parameter'));
    expect(s.get('maxmemory')).toBe('0');
    // a name and its alias are distinct entries in Redis 7.0: last one wins
    expect(s.set([['hash-max-listpack-entries', '1'], ['hash-max-ziplist-entries', '2']])).toBeNull();
    expect(s.get('hash-max-listpack-entries')).toBe('2');

    // protected configs (enable-protected-configs defaults to no)
    expect(s.set([['dir', '/tmp']])).toBe(failed('dir', "can't set protected config"));
    expect(s.set([['dbfilename', 'x.rdb']], { localClient: true })).toBe(failed('dbfilename', "can't set protected config"));
    const local = new ConfigStore();
    local.loadConfig('enable-protected-configs', ['local']);
    expect(local.set([['dbfilename', 'x.rdb']], { localClient: false })).toBe(failed('dbfilename', "can't set protected config"));
    expect(local.set([['dbfilename', 'x.rdb']], { localClient: true })).toBeNull();
    expect(local.isProtectedActionAllowed('enable-debug-command', true)).toBe(false);

    // deny-loading configs while loading
    const p = storeWithProtectedConfigs();
    expect(p.set([['dir', '/x']], { loading: true })).toBe('LOADING Redis is loading the dataset in memory');
    expect(p.set([['appendonly', 'yes']], { loading: true })).toBe('LOADING Redis is loading the dataset in memory');
    expect(p.set([['loglevel', 'debug']], { loading: true })).toBeNull();
  });

  it('is atomic: a failing pair rolls back the earlier ones', () => {
    const s = new ConfigStore();
    expect(s.set([['maxmemory', '10000002']])).toBeNull();
    expect(
      s.set([
        ['maxmemory', '10000001'],
        ['maxmemory-clients', '200%'],
        ['client-query-buffer-limit', 'invalid'],
      ]),
    ).toBe(failed('maxmemory-clients', 'percentage argument must be less or equal to 100'));
    expect(s.get('maxmemory')).toBe('10000002');
    expect(s.get('maxmemory-clients')).toBe('0');
    expect(s.get('client-query-buffer-limit')).toBe('1073741824');

    expect(
      s.set([
        ['maxmemory', '10000001'],
        ['repl-backlog-size', '10000002'],
        ['save', '3000 5'],
      ]),
    ).toBeNull();
    expect(s.get('maxmemory')).toBe('10000001');
    expect(s.get('repl-backlog-size')).toBe('10000002');
    expect(s.get('save')).toBe('3000 5');
  });

  it('reports the registered (alias) name on set errors', () => {
    const s = new ConfigStore();
    expect(s.set([['HASH-MAX-ZIPLIST-ENTRIES', 'x']])).toBe(
      failed('hash-max-ziplist-entries', "argument couldn't be parsed into an integer"),
    );
  });

  it('aliases share the value', () => {
    const s = new ConfigStore();
    expect(s.set([['slave-read-only', 'no']])).toBeNull();
    expect(s.get('replica-read-only')).toBe('no');
    expect(s.set([['list-max-ziplist-size', '-3']])).toBeNull();
    expect(s.get('list-max-listpack-size')).toBe('-3');
    expect(new Map(s.getMatching(['list-max-*']))).toEqual(
      new Map([
        ['list-max-listpack-size', '-3'],
        ['list-max-ziplist-size', '-3'],
      ]),
    );
    expect(s.canonicalName('LUA-TIME-LIMIT')).toBe('busy-reply-threshold');
  });

  it('save', () => {
    const s = new ConfigStore();
    expect(s.set([['save', '']])).toBeNull();
    expect(s.get('save')).toBe('');
    expect(s.getSaveParams()).toEqual([]);
    expect(s.set([['save', '900 1 300 10']])).toBeNull();
    expect(s.get('save')).toBe('900 1 300 10');
    expect(s.set([['save', '100 10 50']])).toBe(failed('save', 'Invalid save parameters'));
    expect(s.set([['save', '0 1']])).toBe(failed('save', 'Invalid save parameters'));
    expect(s.set([['save', '10 -1']])).toBe(failed('save', 'Invalid save parameters'));
    expect(s.set([['save', '10 x']])).toBe(failed('save', 'Invalid save parameters'));
    expect(s.get('save')).toBe('900 1 300 10');
    // sdssplitlen quirks: an empty token is strtoll("") == 0
    expect(s.set([['save', '100 ']])).toBeNull();
    expect(s.get('save')).toBe('100 0');
    // changes is an int
    expect(s.set([['save', '100 4294967297']])).toBeNull();
    expect(s.get('save')).toBe('100 1');
  });

  it('client-output-buffer-limit', () => {
    const s = new ConfigStore();
    expect(s.set([['client-output-buffer-limit', 'normal 1mb 2mb 3 replica 1gb 512mb 120']])).toBeNull();
    expect(s.get('client-output-buffer-limit')).toBe(
      'normal 1048576 2097152 3 slave 1073741824 536870912 120 pubsub 33554432 8388608 60',
    );
    expect(s.getClientOutputBufferLimits().normal).toEqual({ hardLimitBytes: 1048576, softLimitBytes: 2097152, softLimitSeconds: 3 });
    expect(s.set([['client-output-buffer-limit', 'normal 1 2']])).toBe(
      failed('client-output-buffer-limit', 'Wrong number of arguments in buffer limit configuration.'),
    );
    expect(s.set([['client-output-buffer-limit', 'master 1 2 3']])).toBe(
      failed('client-output-buffer-limit', 'Invalid client class specified in buffer limit configuration.'),
    );
    expect(s.set([['client-output-buffer-limit', 'pubsub 1 2 -3']])).toBe(
      failed('client-output-buffer-limit', 'Error in hard, soft or soft_seconds setting in buffer limit configuration.'),
    );
    expect(s.set([['client-output-buffer-limit', 'pubsub 1x 2 3']])).toBe(
      failed('client-output-buffer-limit', 'Error in hard, soft or soft_seconds setting in buffer limit configuration.'),
    );
    // all or nothing
    expect(s.set([['client-output-buffer-limit', 'pubsub 1 2 3 master 1 2 3']])).not.toBeNull();
    expect(s.getClientOutputBufferLimits().pubsub.hardLimitBytes).toBe(33554432);
  });

  it('oom-score-adj-values', () => {
    const s = new ConfigStore();
    expect(s.set([['oom-score-adj-values', '1 2 3']])).toBeNull();
    expect(s.get('oom-score-adj-values')).toBe('1 2 3');
    expect(s.set([['oom-score-adj-values', '-2000 0 2000']])).toBeNull();
    expect(s.set([['oom-score-adj-values', '1 2']])).toBe(failed('oom-score-adj-values', 'wrong number of arguments'));
    expect(s.set([['oom-score-adj-values', '1 2 2001']])).toBe(
      failed('oom-score-adj-values', 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.'),
    );
  });

  it('notify-keyspace-events: validation and canonical form', () => {
    const s = new ConfigStore();
    const cases: [string, string][] = [
      ['KEA', 'AKE'],
      ['Ex', 'xE'],
      ['Kg$lshzxetd', 'AK'],
      ['An', 'A'],
      ['KEn', 'nKE'],
      ['Km', 'Km'],
      ['zhs$lg', 'g$lshz'],
      ['', ''],
      ['AAAA', 'A'],
    ];
    for (const [input, output] of cases) {
      expect(s.set([['notify-keyspace-events', input]])).toBeNull();
      expect(s.get('notify-keyspace-events')).toBe(output);
    }
    expect(s.set([['notify-keyspace-events', 'KEA']])).toBeNull();
    expect(s.getNotifyKeyspaceEvents()).toBe(NOTIFY_ALL | NOTIFY_KEYSPACE | NOTIFY_KEYEVENT);
    expect(s.set([['notify-keyspace-events', 'KEw']])).toBe(
      failed('notify-keyspace-events', "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
    );
    expect(s.get('notify-keyspace-events')).toBe('AKE');
  });

  it('bind', () => {
    const s = new ConfigStore();
    expect(s.set([['bind', '127.0.0.1 ::1']])).toBeNull();
    expect(s.get('bind')).toBe('127.0.0.1 ::1');
    expect(s.getBindAddresses()).toEqual(['127.0.0.1', '::1']);
    expect(s.set([['bind', '']])).toBeNull();
    expect(s.getBindAddresses()).toEqual([]);
    const many = Array.from({ length: 17 }, (_, i) => `127.0.0.${i + 1}`).join(' ');
    expect(s.set([['bind', many]])).toBe(failed('bind', 'Too many bind addresses specified.'));
  });

  it('latency-tracking-info-percentiles', () => {
    const s = new ConfigStore();
    expect(s.set([['latency-tracking-info-percentiles', '50 99.99 100 0']])).toBeNull();
    expect(s.get('latency-tracking-info-percentiles')).toBe('50 99.99 100 0');
    expect(s.set([['latency-tracking-info-percentiles', '']])).toBeNull();
    expect(s.get('latency-tracking-info-percentiles')).toBe('');
    expect(s.set([['latency-tracking-info-percentiles', '101']])).toBe(
      failed('latency-tracking-info-percentiles', 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]'),
    );
    expect(s.set([['latency-tracking-info-percentiles', 'abc']])).toBe(
      failed('latency-tracking-info-percentiles', 'Invalid latency-tracking-info-percentiles parameters'),
    );
  });

  it('string validators', () => {
    const s = storeWithProtectedConfigs();
    expect(s.set([['dbfilename', 'a/b.rdb']])).toBe(failed('dbfilename', "dbfilename can't be a path, just a filename"));
    expect(s.set([['dbfilename', 'other.rdb']])).toBeNull();
    expect(s.loadConfig('appendfilename', [''])).toBe("appendfilename can't be empty");
    expect(s.loadConfig('appenddirname', ['a/b'])).toBe("appenddirname can't be a path, just a dirname");
    expect(s.set([['cluster-announce-hostname', 'bad_host']])).toBe(
      failed('cluster-announce-hostname', 'Hostnames may only contain alphanumeric characters, hyphens or dots'),
    );
    expect(s.set([['cluster-announce-hostname', 'a'.repeat(256)]])).toBe(
      failed('cluster-announce-hostname', 'Hostnames must be less than 256 characters'),
    );
    expect(s.set([['cluster-announce-hostname', 'node-1.example.com']])).toBeNull();
    const badTemplate = failed('proc-title-template', 'template format is invalid or contains unknown variables');
    expect(s.set([['proc-title-template', '{title} {nope}']])).toBe(badTemplate);
    expect(s.set([['proc-title-template', '{title}']])).toBe(badTemplate); // expands to nothing
    expect(s.set([['proc-title-template', '{title']])).toBe(badTemplate);
    expect(s.set([['proc-title-template', '--my--title--template']])).toBeNull();
    expect(s.set([['proc-title-template', '{{literal} {port}']])).toBeNull();
  });

  it('hz is clamped to 1..500 like updateHZ()', () => {
    const s = new ConfigStore();
    expect(s.set([['hz', '1000']])).toBeNull();
    expect(s.get('hz')).toBe('500');
    expect(s.set([['hz', '0']])).toBeNull();
    expect(s.get('hz')).toBe('1');
    s.loadConfig('hz', ['100000']);
    s.finishLoad();
    expect(s.getNumber('hz')).toBe(500);
  });

  it('dir goes through chdir / getcwd hooks', () => {
    let cwd = '/data';
    const s = new ConfigStore({
      chdir: (p) => {
        if (p === '/missing' || p === '') return 'No such file or directory';
        cwd = p.startsWith('/') ? p : `${cwd}/${p}`;
        return null;
      },
      getcwd: () => cwd,
    });
    s.loadConfig('enable-protected-configs', ['yes']);
    expect(s.get('dir')).toBe('/data');
    expect(s.set([['dir', 'sub']])).toBeNull();
    expect(s.get('dir')).toBe('/data/sub');
    expect(s.set([['dir', '/missing']])).toBe(failed('dir', 'No such file or directory'));
    expect(s.get('dir')).toBe('/data/sub');
    // rollback re-enters the old directory
    expect(s.set([['dir', '/other'], ['port', 'x']])).toBe(failed('port', "argument couldn't be parsed into an integer"));
    expect(s.get('dir')).toBe('/data/sub');
  });

  it('octal configs (unixsocketperm, config-file only)', () => {
    const s = new ConfigStore();
    expect(s.loadConfig('unixsocketperm', ['700'])).toBeNull();
    expect(s.get('unixsocketperm')).toBe('700');
    expect(s.getNumber('unixsocketperm')).toBe(0o700);
    expect(s.loadConfig('unixsocketperm', ['1000'])).toBe('argument must be between 0 and 777 inclusive');
    expect(s.loadConfig('unixsocketperm', ['8'])).toBe("argument couldn't be parsed as an octal number");
  });
});

describe('onChange listeners', () => {
  it('fire after a successful change with the canonical value', () => {
    const s = new ConfigStore();
    const seen: [string, string][] = [];
    s.onChange('maxmemory', (v, n) => {
      seen.push([n, v]);
    });
    s.onChange('slave-read-only', (v, n) => {
      seen.push([n, v]);
    });
    expect(s.set([['maxmemory', '1kb']])).toBeNull();
    expect(s.set([['maxmemory', '1024']])).toBeNull(); // unchanged: no call
    expect(s.set([['replica-read-only', 'no']])).toBeNull();
    expect(seen).toEqual([
      ['maxmemory', '1024'],
      ['replica-read-only', 'no'],
    ]);
  });

  it('special configs notify on every set, like Redis apply functions', () => {
    const s = new ConfigStore();
    let calls = 0;
    const off = s.onChange('bind', () => {
      calls++;
    });
    s.set([['bind', '* -::*']]);
    s.set([['bind', '* -::*']]);
    expect(calls).toBe(2);
    off();
    s.set([['bind', '127.0.0.1']]);
    expect(calls).toBe(2);
  });

  it('a veto rolls everything back and re-applies the old values', () => {
    const s = new ConfigStore();
    expect(s.set([['maxmemory', '10000002']])).toBeNull();
    const applied: string[] = [];
    s.onChange('maxmemory', (v) => {
      applied.push(`maxmemory=${v}`);
    });
    s.onChange('port', (v) => {
      applied.push(`port=${v}`);
      if (v === '7777') return 'Unable to listen on this port. Check server logs.';
      return undefined;
    });
    expect(
      s.set([
        ['maxmemory', '10000001'],
        ['port', '7777'],
        ['client-query-buffer-limit', '10m'],
      ]),
    ).toBe(failed('port', 'Unable to listen on this port. Check server logs.'));
    expect(s.get('maxmemory')).toBe('10000002');
    expect(s.get('port')).toBe('6379');
    expect(s.get('client-query-buffer-limit')).toBe('1073741824');
    expect(applied).toEqual(['maxmemory=10000001', 'port=7777', 'maxmemory=10000002', 'port=6379']);
  });
});

describe('every default round-trips through CONFIG SET of its own CONFIG GET value', () => {
  const names = DIRECTIVES.flatMap((d) => [d.name, ...(d.aliases ?? [])]);
  it.each(names)('%s', (name) => {
    const s = storeWithProtectedConfigs();
    const before = s.getMatching(['*']);
    const value = s.get(name);
    const r = s.set([[name, value]]);
    if (s.getSpec(name)!.mutable) {
      expect(r).toBeNull();
    } else {
      expect(r).toBe(failed(name, "can't set immutable config"));
    }
    expect(s.get(name)).toBe(value);
    expect(s.getMatching(['*'])).toEqual(before);
  });

  it('also after changing values away from the defaults', () => {
    const s = storeWithProtectedConfigs();
    const changes: [string, string][] = [
      ['save', '10 1'],
      ['maxmemory', '3gb'],
      ['maxmemory-clients', '5%'],
      ['notify-keyspace-events', 'Elx'],
      ['shutdown-on-sigterm', 'now force'],
      ['client-output-buffer-limit', 'pubsub 1 2 3'],
      ['latency-tracking-info-percentiles', '12.5 99.999'],
      ['bind', '127.0.0.1 -::1'],
    ];
    expect(s.set(changes)).toBeNull();
    const snapshot = s.getMatching(['*']);
    for (const [name, value] of snapshot) {
      const r = s.set([[name, value]]);
      if (s.getSpec(name)!.mutable) expect(r, name).toBeNull();
    }
    expect(s.getMatching(['*'])).toEqual(snapshot);
  });
});

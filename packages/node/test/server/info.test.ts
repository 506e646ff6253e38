import { describe, expect, it } from 'vitest';
import { buildInfo, bytesToHuman, parseInfoRequest, type ProcessFacts } from '../../src/server/info.js';
import { createInProcessNode } from '../support/in-process.js';

/** Fixed process facts: the INFO text then depends on the node's state only. */
function facts(now: number): ProcessFacts {
  return {
    now,
    pid: 4242,
    runId: 'a'.repeat(40),
    executable: '/opt/understudy/bin/understudy-node.js',
    configFile: '',
    os: 'Linux 6.1.0 x86_64',
    archBits: 64,
    multiplexingApi: 'epoll',
    memory: { used: 2048, peak: 4096, startup: 1024, allocatorActive: 3072, rss: 8192, totalSystem: 1 << 30 },
    cpu: { user: 1_500_000, system: 250_042 },
    lastSave: 1_700_000_000,
  };
}

/** The "name:value" fields of one INFO text, in order. */
function fields(text: string): [string, string][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1)];
    });
}

function titles(text: string): string[] {
  return text.split('\r\n').filter((line) => line.startsWith('# '));
}

describe('INFO text', () => {
  it('prints the default sections in Redis order, separated by blank lines, every line ending in CRLF', () => {
    const { node, clock } = createInProcessNode();
    const text = buildInfo(node, parseInfoRequest([]), facts(clock.now()));
    expect(titles(text)).toEqual([
      '# Server', '# Clients', '# Memory', '# Persistence', '# Stats', '# Replication', '# CPU', '# Modules',
      '# Errorstats', '# Cluster', '# Keyspace',
    ]);
    expect(text).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
    expect(text).toContain('\r\n\r\n# Clients\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it('reports the server section from the node and the given facts', () => {
    const { node, clock } = createInProcessNode();
    node.port = 7777;
    clock.advance(3 * 86400 * 1000 + 5000);
    const server = new Map(fields(buildInfo(node, parseInfoRequest(['server']), facts(clock.now()))));
    expect([...server.keys()].slice(0, 6)).toEqual([
      'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os',
    ]);
    expect(server.get('redis_mode')).toBe('standalone');
    expect(server.get('tcp_port')).toBe('7777');
    expect(server.get('process_id')).toBe('4242');
    expect(server.get('run_id')).toBe('a'.repeat(40));
    expect(server.get('uptime_in_seconds')).toBe(String(3 * 86400 + 5));
    expect(server.get('uptime_in_days')).toBe('3');
    expect(server.get('hz')).toBe('10');
    expect(server.get('server_time_usec')).toBe(String(clock.now() * 1000));
    expect(server.get('lru_clock')).toBe(String(Math.floor(clock.now() / 1000) & 0xffffff));
    expect(server.get('executable')).toBe('/opt/understudy/bin/understudy-node.js');
    expect(server.get('config_file')).toBe('');
  });

  it('selects sections case-insensitively, once each, with all/everything/default', () => {
    const { node, clock } = createInProcessNode();
    const info = (...args: string[]): string => buildInfo(node, parseInfoRequest(args), facts(clock.now()));
    expect(titles(info('CPU'))).toEqual(['# CPU']);
    expect(titles(info('cpu', 'sentinel'))).toEqual(['# CPU']);
    expect(info('sentinel')).toBe('');
    expect(titles(info('commandSTATS'))).toEqual(['# Commandstats']);
    expect(titles(info('keyspace', 'server', 'KEYSPACE'))).toEqual(['# Server', '# Keyspace']);
    const all = titles(info('all'));
    expect(all).toContain('# Commandstats');
    expect(all).toContain('# Latencystats');
    expect(titles(info('everything'))).toEqual(all);
    expect(titles(info('cpu', 'default'))).toEqual(titles(info()));
    expect(titles(info('modules'))).toEqual(['# Modules']);
  });

  it('formats CPU times as seconds with six decimals', () => {
    const { node, clock } = createInProcessNode();
    const cpu = new Map(fields(buildInfo(node, parseInfoRequest(['cpu']), facts(clock.now()))));
    expect(cpu.get('used_cpu_user')).toBe('1.500000');
    expect(cpu.get('used_cpu_sys')).toBe('0.250042');
    expect(cpu.get('used_cpu_user_children')).toBe('0.000000');
  });

  it('reports memory figures and the eviction configuration', () => {
    const { node, clock } = createInProcessNode([['maxmemory', '1mb'], ['maxmemory-policy', 'allkeys-lru']]);
    const memory = new Map(fields(buildInfo(node, parseInfoRequest(['memory']), facts(clock.now()))));
    // used_memory is the node's estimate (start-up figure plus keys), not the measured process memory.
    const used = node.usedMemory();
    expect(memory.get('used_memory')).toBe(String(used));
    expect(memory.get('used_memory_human')).toBe(bytesToHuman(used));
    expect(memory.get('used_memory_peak_perc')).toBe('100.00%');
    expect(memory.get('maxmemory')).toBe('1048576');
    expect(memory.get('maxmemory_human')).toBe('1.00M');
    expect(memory.get('maxmemory_policy')).toBe('allkeys-lru');
    expect(memory.get('mem_fragmentation_ratio')).toBe((8192 / used).toFixed(2));
  });

  it('counts keys, expiries and changes since the last save', () => {
    const { node, clock, call } = createInProcessNode();
    call('SET', 'a', '1');
    call('SET', 'b', '2', 'EX', '100');
    call('SELECT', '3');
    call('SET', 'c', '3');
    const info = buildInfo(node, parseInfoRequest(['keyspace', 'persistence']), facts(clock.now()));
    const map = new Map(fields(info));
    expect(map.get('db0')).toBe('keys=2,expires=1,avg_ttl=0');
    expect(map.get('db3')).toBe('keys=1,expires=0,avg_ttl=0');
    expect(map.has('db1')).toBe(false);
    expect(node.dirtySinceSave).toBeGreaterThanOrEqual(3);
    expect(map.get('rdb_changes_since_last_save')).toBe(String(node.dirtySinceSave));
    expect(map.get('rdb_last_save_time')).toBe('1700000000');
    expect(map.get('loading')).toBe('0');
  });

  it('reports statistics, command statistics and error statistics', () => {
    const { node, clock, call } = createInProcessNode();
    call('SET', 'k', 'v');
    call('GET', 'k');
    call('GET', 'missing');
    call('NOSUCHCOMMAND');
    call('SET', 'k');
    call('CONFIG', 'GET', 'maxmemory');
    call('INCR', 'k');
    const info = buildInfo(node, parseInfoRequest(['stats', 'commandstats', 'errorstats']), facts(clock.now()));
    const map = new Map(fields(info));
    expect(map.get('keyspace_hits')).toBe('1');
    expect(map.get('keyspace_misses')).toBe('1');
    expect(map.get('total_error_replies')).toBe('3');
    expect(map.get('cmdstat_get')).toMatch(/^calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    expect(map.get('cmdstat_incr')).toMatch(/^calls=1,.*,rejected_calls=0,failed_calls=1$/);
    expect(map.get('cmdstat_config|get')).toMatch(/^calls=1,/);
    expect(map.has('cmdstat_ping')).toBe(false);
    expect(map.get('errorstat_ERR')).toBe('count=3');
  });

  it('lists error codes in byte order', () => {
    const { node, clock } = createInProcessNode();
    node.stats.countError('WRONGTYPE Operation against a key holding the wrong kind of value');
    node.stats.countError('ERR syntax error');
    node.stats.countError('EXECABORT Transaction discarded because of previous errors.');
    const info = buildInfo(node, parseInfoRequest(['errorstats']), facts(clock.now()));
    expect(fields(info).map(([name]) => name)).toEqual(['errorstat_ERR', 'errorstat_EXECABORT', 'errorstat_WRONGTYPE']);
  });

  it('reports replication from the effect log', () => {
    const { node, clock, call } = createInProcessNode();
    call('SET', 'k', 'v');
    const map = new Map(fields(buildInfo(node, parseInfoRequest(['replication']), facts(clock.now()))));
    expect(map.get('role')).toBe('master');
    expect(map.get('connected_slaves')).toBe('0');
    expect(map.get('master_replid')).toBe(node.log.replid);
    expect(map.get('master_replid2')).toBe('0'.repeat(40));
    expect(map.get('master_repl_offset')).toBe(String(node.log.offset));
    expect(Number(map.get('master_repl_offset'))).toBeGreaterThan(0);
    expect(map.get('second_repl_offset')).toBe('-1');
    expect(map.get('repl_backlog_size')).toBe('1048576');
    expect(map.get('repl_backlog_first_byte_offset')).toBe('1');
    expect(map.get('repl_backlog_histlen')).toBe(String(node.log.offset));
  });

  it('counts clients parked by CLIENT PAUSE as blocked', () => {
    const { node, clock } = createInProcessNode();
    node.pause.start('all', clock.now() + 1000);
    node.pause.park(node.createClient(null));
    const map = new Map(fields(buildInfo(node, parseInfoRequest(['clients']), facts(clock.now()))));
    expect(map.get('blocked_clients')).toBe('1');
    expect(map.get('maxclients')).toBe('10000');
  });

  it('converts byte counts the way bytesToHuman does', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(1536)).toBe('1.50K');
    expect(bytesToHuman(1024 * 1024 * 1024 * 3)).toBe('3.00G');
    expect(bytesToHuman(1024 ** 5)).toBe('1.00P');
  });
});

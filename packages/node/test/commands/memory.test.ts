import { describe, expect, it } from 'vitest';
import { entryBytes, STARTUP_BYTES } from '../../src/store/memory.js';
import { createInProcessNode, loggedEffects, recordEvents } from '../support/in-process.js';

const OOM = new Error("OOM command not allowed when used memory > 'maxmemory'.");

/** A node whose limit leaves room for about `room` more bytes than it holds now. */
function limitAbove(n: ReturnType<typeof createInProcessNode>, room: number): void {
  n.call('config', 'set', 'maxmemory', String(n.node.usedMemory() + room));
}

describe('used memory', () => {
  it('is the start-up figure plus the keys, and INFO reports it', () => {
    const n = createInProcessNode();
    expect(n.node.usedMemory()).toBe(STARTUP_BYTES);
    n.call('set', 'key', 'x'.repeat(1000));
    expect(n.node.usedMemory()).toBe(STARTUP_BYTES + entryBytes('key', 'x'.repeat(1000)));
    for (let i = 0; i < 100; i++) n.call('rpush', 'list', 'y'.repeat(100));
    expect(n.node.usedMemory()).toBeGreaterThan(STARTUP_BYTES + 100 * 100 + 1000);
    n.call('del', 'list', 'key');
    expect(n.node.usedMemory()).toBe(STARTUP_BYTES);
    n.call('flushall');
    expect(n.node.usedMemory()).toBe(STARTUP_BYTES);
  });
});

describe('maxmemory', () => {
  it('refuses denyoom commands with noeviction but still serves reads and deletes', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'x'.repeat(200));
    n.call('config', 'set', 'maxmemory', '1');
    expect(n.call('set', 'b', 'v')).toEqual(OOM);
    expect(n.call('get', 'a')).toBe('x'.repeat(200));
    expect(n.call('del', 'a')).toBe(1);
    expect(n.call('set', 'b', 'v')).toEqual(OOM);
    n.call('config', 'set', 'maxmemory', '0');
    expect(n.call('set', 'b', 'v')).toBe('OK');
  });

  it('allkeys-lru evicts the least recently used keys and keeps the ones just read', () => {
    const n = createInProcessNode([['maxmemory-policy', 'allkeys-lru'], ['maxmemory-samples', '64']]);
    for (let i = 0; i < 20; i++) {
      n.call('set', `k${i}`, 'x'.repeat(100));
      n.clock.advance(1000);
    }
    for (let i = 0; i < 10; i++) n.call('get', `k${i}`);
    // Room for the keys there are now, then 5 more keys of the same size.
    limitAbove(n, 0);
    for (let i = 20; i < 25; i++) n.call('set', `k${i}`, 'x'.repeat(100));
    const left = (n.call('keys', '*') as string[]).sort();
    for (let i = 0; i < 10; i++) expect(left).toContain(`k${i}`);
    for (let i = 10; i < 14; i++) expect(left).not.toContain(`k${i}`);
    expect(n.node.usedMemory()).toBeLessThanOrEqual(n.node.maxmemory);
    expect(n.node.stats.evictedKeys).toBeGreaterThanOrEqual(4);
  });

  it('allkeys-lfu keeps frequently used keys', () => {
    const n = createInProcessNode([
      ['maxmemory-policy', 'allkeys-lfu'], ['maxmemory-samples', '64'], ['lfu-log-factor', '0'],
    ]);
    for (let i = 0; i < 10; i++) n.call('set', `k${i}`, 'v');
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) n.call('get', `k${i}`);
    limitAbove(n, 0);
    for (let i = 10; i < 15; i++) n.call('set', `n${i}`, 'v');
    for (let i = 0; i < 5; i++) expect(n.call('exists', `k${i}`)).toBe(1);
  });

  it('volatile-ttl evicts the nearest expiry first and volatile-* never keys without TTL', () => {
    const n = createInProcessNode([['maxmemory-policy', 'volatile-ttl']]);
    n.call('set', 'keep', 'v');
    n.call('set', 'soon', 'v', 'EX', '100');
    n.call('set', 'late', 'v', 'EX', '1000');
    limitAbove(n, 0);
    n.call('set', 'new', 'v');
    expect(n.call('exists', 'soon')).toBe(0);
    expect(n.call('exists', 'late')).toBe(1);
    n.call('set', 'new2', 'v');
    expect(n.call('exists', 'late')).toBe(0);
    // Only keys without TTL remain: nothing evictable once over the limit (checked before each command).
    n.call('set', 'new3', 'v');
    expect(n.call('set', 'new4', 'v')).toEqual(OOM);
    expect(n.call('exists', 'keep')).toBe(1);
  });

  it('logs evictions as DEL (UNLINK with lazyfree-lazy-eviction), announces them and counts them', () => {
    const n = createInProcessNode([['maxmemory-policy', 'allkeys-random'], ['notify-keyspace-events', 'Ee']]);
    const events = recordEvents(n.node);
    n.call('set', 'a', '1');
    n.call('config', 'set', 'maxmemory', '1');
    expect(n.call('dbsize')).toBe(0);
    n.call('config', 'set', 'lazyfree-lazy-eviction', 'yes');
    n.call('config', 'set', 'maxmemory', '0');
    n.call('set', 'b', '2');
    n.call('config', 'set', 'maxmemory', '1');
    expect(loggedEffects(n.node)).toEqual([
      ['set', 'a', '1'],
      ['DEL', 'a'],
      ['set', 'b', '2'],
      ['UNLINK', 'b'],
    ]);
    expect(events.filter((e) => e.startsWith('evicted'))).toEqual(['evicted:a', 'evicted:b']);
    expect(n.call('info', 'stats')).toContain('evicted_keys:2');
  });

  it('evicts after an EXEC that lowered the limit, not inside it', () => {
    const n = createInProcessNode([['maxmemory-policy', 'allkeys-lru']]);
    n.call('multi');
    n.call('incr', 'x');
    n.call('config', 'set', 'maxmemory', '1');
    n.call('incr', 'x');
    expect(n.call('exec')).toEqual([1, 'OK', 2]);
    expect(n.call('dbsize')).toBe(0);
    expect(loggedEffects(n.node)).toEqual([['MULTI'], ['incr', 'x'], ['incr', 'x'], ['EXEC'], ['DEL', 'x']]);
  });

  it('out of memory, refuses commands queued into MULTI and an EXEC holding denyoom commands', () => {
    const n = createInProcessNode();
    n.call('multi');
    n.call('set', 'a', 'v');
    n.call('config', 'set', 'maxmemory', '1');
    expect(n.call('exec')).toEqual(['OK', 'OK']);
    n.call('multi');
    expect(n.call('get', 'a')).toEqual(OOM);
    expect(n.call('exec')).toEqual(new Error('EXECABORT Transaction discarded because of previous errors.'));
    // Commands queued before the limit was lowered (by another client): EXEC refuses denyoom ones only.
    n.call('config', 'set', 'maxmemory', '0');
    n.call('multi');
    n.call('get', 'a');
    n.node.config.set([['maxmemory', '1']]);
    expect(n.call('exec')).toEqual(['v']);
    n.node.config.set([['maxmemory', '0']]);
    n.call('multi');
    n.call('set', 'b', 'v');
    n.node.config.set([['maxmemory', '1']]);
    expect(n.call('exec')).toEqual(new Error(`EXECABORT Transaction discarded because of: ${OOM.message}`));
    // The transaction is gone (execCommandAbort).
    expect(n.call('discard')).toEqual(new Error('ERR DISCARD without MULTI'));
    n.node.config.set([['maxmemory', '1']]);
    n.call('multi');
    expect(n.call('set', 'c', 'v')).toEqual(OOM);
    // DISCARD is never refused.
    expect(n.call('discard')).toBe('OK');
    expect(n.call('exists', 'b')).toBe(0);
  });

  it('measures the time spent over maxmemory (INFO *_eviction_exceeded_time)', () => {
    const n = createInProcessNode();
    const field = (name: string): string => {
      const line = (n.call('info', 'stats') as string).split('\r\n').find((l) => l.startsWith(`${name}:`))!;
      return line.slice(name.length + 1);
    };
    n.call('config', 'set', 'maxmemory', '1');
    n.call('set', 'a', 'v');
    n.clock.advance(500);
    expect(field('current_eviction_exceeded_time')).toBe('500');
    n.call('config', 'set', 'maxmemory', '1gb');
    n.clock.advance(300);
    n.call('ping');
    expect(field('current_eviction_exceeded_time')).toBe('0');
    expect(field('total_eviction_exceeded_time')).toBe('500');
  });

  it('lets a replica keep its keys (replica-ignore-maxmemory)', () => {
    const n = createInProcessNode([['maxmemory-policy', 'allkeys-lru']]);
    n.call('set', 'a', 'v');
    n.node.role = 'slave';
    n.call('config', 'set', 'maxmemory', '1');
    expect(n.call('dbsize')).toBe(1);
  });
});

describe('OBJECT IDLETIME / FREQ from real access data', () => {
  it('TTL, TYPE, EXISTS and OBJECT do not alter the last access time; reads and TOUCH do', () => {
    const n = createInProcessNode();
    n.call('set', 'foo', 'bar');
    n.clock.advance(3000);
    n.call('ttl', 'foo');
    n.call('type', 'foo');
    n.call('exists', 'foo');
    n.call('object', 'encoding', 'foo');
    n.call('memory', 'usage', 'foo');
    expect(n.call('object', 'idletime', 'foo')).toBe(3);
    n.call('touch', 'foo');
    expect(n.call('object', 'idletime', 'foo')).toBe(0);
    n.clock.advance(2000);
    n.call('get', 'foo');
    expect(n.call('object', 'idletime', 'foo')).toBe(0);
    n.clock.advance(2000);
    n.call('append', 'foo', 'x');
    expect(n.call('object', 'idletime', 'foo')).toBe(0);
  });

  it('FREQ grows with accesses under LFU and decays with idle minutes', () => {
    const n = createInProcessNode([['maxmemory-policy', 'allkeys-lfu'], ['lfu-log-factor', '0']]);
    n.call('set', 'k', 'v');
    expect(n.call('object', 'freq', 'k')).toBe(5);
    for (let i = 0; i < 4; i++) n.call('get', 'k');
    expect(n.call('object', 'freq', 'k')).toBe(9);
    n.clock.advance(2 * 60_000);
    expect(n.call('object', 'freq', 'k')).toBe(7);
  });

  it('DEBUG OBJECT shows the access time', () => {
    const n = createInProcessNode();
    n.node.config.loadConfig('enable-debug-command', ['yes']);
    n.call('set', 'k', 'v');
    const created = Math.floor(n.clock.now() / 1000) & 0xffffff;
    n.clock.advance(7000);
    expect(String(n.call('debug', 'object', 'k'))).toMatch(new RegExp(`lru:${created} lru_seconds_idle:7$`));
  });
});

describe('MEMORY', () => {
  it('USAGE roughly tracks the value size and validates SAMPLES', () => {
    const n = createInProcessNode();
    n.call('set', 'small', 'x');
    n.call('set', 'big', 'x'.repeat(10_000));
    const small = n.call('memory', 'usage', 'small') as number;
    const big = n.call('memory', 'usage', 'big') as number;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(100);
    expect(big).toBeGreaterThan(10_000);
    expect(big).toBeLessThan(10_200);
    for (let i = 0; i < 1000; i++) n.call('sadd', 'set', `member-${i}`.padEnd(50, '-'));
    const set = n.call('memory', 'usage', 'set', 'SAMPLES', '0') as number;
    expect(set).toBeGreaterThan(50_000);
    expect(n.call('memory', 'usage', 'missing')).toBeNull();
    expect(n.call('memory', 'usage', 'small', 'samples', '-1')).toEqual(new Error('ERR syntax error'));
    expect(n.call('memory', 'usage', 'small', 'samples', 'x')).toEqual(
      new Error('ERR value is not an integer or out of range'),
    );
    expect(n.call('memory', 'usage', 'small', 'samples')).toEqual(new Error('ERR syntax error'));
    expect(n.call('memory', 'usage', 'small', 'foo', '1')).toEqual(new Error('ERR syntax error'));
  });

  it('STATS reports the overhead map with one entry per non-empty database', () => {
    const n = createInProcessNode();
    n.call('set', 'a', '1');
    n.call('select', '2');
    n.call('set', 'b', '1', 'EX', '100');
    n.call('hello', '3');
    const stats = new Map(n.call('memory', 'stats') as [string, unknown][]);
    expect(stats.size).toBe(29);
    expect(stats.get('total.allocated')).toBe(n.node.usedMemory());
    expect(stats.get('startup.allocated')).toBe(STARTUP_BYTES);
    expect(stats.get('keys.count')).toBe(2);
    const db2 = new Map(stats.get('db.2') as [string, number][]);
    expect(db2.get('overhead.hashtable.expires')).toBeGreaterThan(0);
    expect(stats.has('db.0')).toBe(true);
    expect(stats.has('db.1')).toBe(false);
    expect([...stats.keys()].slice(-2)).toEqual(['fragmentation', 'fragmentation.bytes']);
  });

  it('DOCTOR, MALLOC-STATS, PURGE, HELP and unknown subcommands', () => {
    const n = createInProcessNode();
    expect(n.call('memory', 'doctor')).toMatch(/^Hi Sam, this instance is empty/);
    expect(n.call('memory', 'malloc-stats')).toBe('Stats not supported for the current allocator');
    expect(n.call('memory', 'purge')).toBe('OK');
    const help = n.call('memory', 'help') as string[];
    expect(help[0]).toBe('MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help.at(-2)).toBe('HELP');
    expect(n.call('memory', 'nope')).toEqual(new Error("ERR unknown subcommand 'nope'. Try MEMORY HELP."));
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeServer } from '../../src/server/node-server.js';
import { MutableString, type TypedValue } from '../../src/store/values.js';
import { createInProcessNode, loggedEffects as effects, recordEvents } from '../support/in-process.js';

const error = (message: string): Error => new Error(message);
/** A value of another type (the list family is not needed to test WRONGTYPE). */
const fakeList = (): TypedValue => ({ type: 'list', encoding: 'quicklist', stamp: 0, clone: fakeList });

/** Keyspace checks made directly on the database, so these tests need no other command family. */
function exists(node: NodeServer, key: string): boolean {
  return node.keyspace.db(0).has(key);
}
function pttl(node: NodeServer, key: string): number {
  const when = node.keyspace.db(0).getExpire(key);
  return when === undefined ? -1 : when - node.clock.now();
}

describe('GET / SET', () => {
  it('sets and gets, with null for missing keys and WRONGTYPE for other types', () => {
    const { call, node } = createInProcessNode();
    expect(call('SET', 'k', 'v')).toBe('OK');
    expect(call('GET', 'k')).toBe('v');
    expect(call('GET', 'missing')).toBeNull();
    node.keyspace.db(0).set('list', fakeList());
    expect(call('GET', 'list')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('NX and XX decide whether the key is written', () => {
    const { call } = createInProcessNode();
    expect(call('SET', 'k', '1', 'XX')).toBeNull();
    expect(call('SET', 'k', '1', 'NX')).toBe('OK');
    expect(call('SET', 'k', '2', 'NX')).toBeNull();
    expect(call('SET', 'k', '3', 'xx')).toBe('OK');
    expect(call('GET', 'k')).toBe('3');
    expect(call('SET', 'k', '4', 'NX', 'XX')).toEqual(error('ERR syntax error'));
  });

  it('GET returns the old value, also when NX refuses the write', () => {
    const { call, node } = createInProcessNode();
    expect(call('SET', 'k', 'a', 'GET')).toBeNull();
    expect(call('SET', 'k', 'b', 'GET')).toBe('a');
    expect(call('SET', 'k', 'c', 'GET', 'NX')).toBe('b');
    expect(call('GET', 'k')).toBe('b');
    expect(call('SET', 'nokey', 'c', 'GET', 'XX')).toBeNull();
    expect(exists(node, 'nokey')).toBe(false);
  });

  it('SET GET against another type answers WRONGTYPE and writes nothing', () => {
    const { call, node } = createInProcessNode();
    const list = fakeList();
    node.keyspace.db(0).set('list', list);
    expect(call('SET', 'list', 'x', 'GET')).toEqual(
      error('WRONGTYPE Operation against a key holding the wrong kind of value'),
    );
    expect(node.keyspace.db(0).get('list')).toBe(list);
  });

  it('EX / PX / EXAT / PXAT set absolute expiries on the fake clock, and KEEPTTL keeps them', () => {
    const { call, clock, node } = createInProcessNode();
    const db = node.keyspace.db(0);
    const now = clock.now();
    call('SET', 'a', '1', 'EX', 10);
    call('SET', 'b', '1', 'PX', 1500);
    call('SET', 'c', '1', 'EXAT', Math.floor(now / 1000) + 100);
    call('SET', 'd', '1', 'PXAT', now + 5);
    expect(db.getExpire('a')).toBe(now + 10_000);
    expect(db.getExpire('b')).toBe(now + 1500);
    expect(db.getExpire('c')).toBe((Math.floor(now / 1000) + 100) * 1000);
    expect(db.getExpire('d')).toBe(now + 5);
    call('SET', 'a', '2', 'KEEPTTL');
    expect(db.getExpire('a')).toBe(now + 10_000);
    call('SET', 'a', '3');
    expect(db.getExpire('a')).toBeUndefined();
    clock.advance(1500);
    expect(call('GET', 'b')).toBeNull();
    expect(call('GET', 'd')).toBeNull();
  });

  it('parses the whole line before checking values, and repeated expiry options keep the last', () => {
    const { call, clock, node } = createInProcessNode();
    expect(call('SET', 'k', 'v', 'EX', 'abc', 'bogus')).toEqual(error('ERR syntax error'));
    expect(call('SET', 'k', 'v', 'EX', 'abc')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('SET', 'k', 'v', 'EX', 'abc', 'EX', 20)).toBe('OK');
    expect(node.keyspace.db(0).getExpire('k')).toBe(clock.now() + 20_000);
    expect(call('SET', 'k', 'v', 'EX', 10, 'PX', 10)).toEqual(error('ERR syntax error'));
    expect(call('SET', 'k', 'v', 'EX', 10, 'KEEPTTL')).toEqual(error('ERR syntax error'));
    expect(call('SET', 'k', 'v', 'KEEPTTL', 'PX', 10)).toEqual(error('ERR syntax error'));
    expect(call('SET', 'k', 'v', 'PERSIST')).toEqual(error('ERR syntax error'));
    expect(call('SET', 'k', 'v', 'EX')).toEqual(error('ERR syntax error'));
  });

  it('rejects non-positive and overflowing expiries as Redis does', () => {
    const { call } = createInProcessNode();
    const invalid = error("ERR invalid expire time in 'set' command");
    expect(call('SET', 'k', 'v', 'EX', 0)).toEqual(invalid);
    expect(call('SET', 'k', 'v', 'PX', -5)).toEqual(invalid);
    expect(call('SET', 'k', 'v', 'EX', '10000000000000000')).toEqual(invalid);
    expect(call('SET', 'k', 'v', 'EX', '-9999999999999999')).toEqual(invalid);
    expect(call('SET', 'k', 'v', 'PX', '9223372036854775807')).toEqual(invalid);
    // The largest EXAT that still fits in int64 milliseconds is accepted.
    expect(call('SET', 'k', 'v', 'EXAT', '9223372036854775')).toBe('OK');
    expect(call('SET', 'k', 'v', 'EX', '9223372036854775808')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('SETEX', 'k', 0, 'v')).toEqual(error("ERR invalid expire time in 'setex' command"));
    expect(call('PSETEX', 'k', -1, 'v')).toEqual(error("ERR invalid expire time in 'psetex' command"));
  });

  it('propagates SET with an expiry as SET PXAT, and SET GET without its GET arguments', () => {
    const { call, clock, node } = createInProcessNode();
    const now = clock.now();
    call('SET', 'a', '1', 'EX', 10, 'GET');
    call('SET', 'b', '2', 'get', 'XX', 'GET');
    call('SET', 'b', '3', 'GET', 'KEEPTTL');
    call('SET', 'c', '4', 'NX');
    call('SET', 'c', '5', 'NX');
    call('SETEX', 'd', 5, 'x');
    call('PSETEX', 'e', 5, 'y');
    expect(effects(node)).toEqual([
      ['SET', 'a', '1', 'PXAT', String(now + 10_000)],
      ['SET', 'b', '3', 'KEEPTTL'],
      ['SET', 'c', '4', 'NX'],
      ['SET', 'd', 'x', 'PXAT', String(now + 5000)],
      ['SET', 'e', 'y', 'PXAT', String(now + 5)],
    ]);
  });

  it('announces set and expire events', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    call('SET', 'k', 'v', 'EX', 100);
    call('SETNX', 'k', 'w');
    call('MSET', 'a', '1', 'b', '2');
    expect(events).toEqual(['set:k', 'expire:k', 'set:a', 'set:b']);
  });
});

describe('SETNX / SETEX / PSETEX / GETSET', () => {
  it('SETNX answers 1 or 0', () => {
    const { call } = createInProcessNode();
    expect(call('SETNX', 'k', 'a')).toBe(1);
    expect(call('SETNX', 'k', 'b')).toBe(0);
    expect(call('GET', 'k')).toBe('a');
  });

  it('SETNX writes over a key whose TTL has passed', () => {
    const { call, clock } = createInProcessNode();
    call('SET', 'k', 'old', 'PX', 100);
    clock.advance(100);
    expect(call('SETNX', 'k', 'new')).toBe(1);
    expect(call('GET', 'k')).toBe('new');
  });

  it('SETEX and PSETEX set value and TTL', () => {
    const { call, clock, node } = createInProcessNode();
    expect(call('SETEX', 'a', 10, 'v')).toBe('OK');
    expect(call('PSETEX', 'b', 250, 'w')).toBe('OK');
    expect(pttl(node, 'a')).toBe(10_000);
    clock.advance(250);
    expect(call('GET', 'b')).toBeNull();
    expect(call('GET', 'a')).toBe('v');
    expect(call('SETEX', 'a', 'x', 'v')).toEqual(error('ERR value is not an integer or out of range'));
  });

  it('GETSET returns the old value, drops the TTL and propagates as SET', () => {
    const { call, node } = createInProcessNode();
    expect(call('GETSET', 'k', 'a')).toBeNull();
    node.keyspace.db(0).setExpire('k', node.clock.now() + 100_000);
    expect(call('GETSET', 'k', 'b')).toBe('a');
    expect(node.keyspace.db(0).getExpire('k')).toBeUndefined();
    expect(effects(node).filter((e) => e[0] === 'SET')).toEqual([
      ['SET', 'k', 'a'],
      ['SET', 'k', 'b'],
    ]);
  });
});

describe('GETDEL / GETEX', () => {
  it('GETDEL returns the value, deletes it and propagates DEL (UNLINK with lazyfree-lazy-user-del)', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    call('SET', 'k', 'v');
    expect(call('GETDEL', 'k')).toBe('v');
    expect(call('GETDEL', 'k')).toBeNull();
    node.config.set([['lazyfree-lazy-user-del', 'yes']]);
    call('SET', 'k', 'w');
    expect(call('GETDEL', 'k')).toBe('w');
    expect(effects(node)).toEqual([['SET', 'k', 'v'], ['DEL', 'k'], ['SET', 'k', 'w'], ['UNLINK', 'k']]);
    expect(events).toEqual(['set:k', 'del:k', 'set:k', 'del:k']);
  });

  it('GETEX EX/PX become PEXPIREAT, PERSIST becomes PERSIST, no option propagates nothing', () => {
    const { call, clock, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    const now = clock.now();
    call('SET', 'k', 'v');
    expect(call('GETEX', 'k')).toBe('v');
    expect(call('GETEX', 'k', 'EX', 10)).toBe('v');
    expect(pttl(node, 'k')).toBe(10_000);
    expect(call('GETEX', 'k', 'PX', 500)).toBe('v');
    expect(call('GETEX', 'k', 'PERSIST')).toBe('v');
    expect(pttl(node, 'k')).toBe(-1);
    expect(call('GETEX', 'k', 'PERSIST')).toBe('v'); // no TTL to remove: no effect, no event
    expect(effects(node)).toEqual([
      ['SET', 'k', 'v'],
      ['PEXPIREAT', 'k', String(now + 10_000)],
      ['PEXPIREAT', 'k', String(now + 500)],
      ['PERSIST', 'k'],
    ]);
    expect(events).toEqual(['set:k', 'expire:k', 'expire:k', 'persist:k']);
  });

  it('GETEX EXAT/PXAT in the past deletes the key and propagates DEL', () => {
    const { call, clock, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    call('SET', 'k', 'v');
    expect(call('GETEX', 'k', 'PXAT', clock.now() - 1)).toBe('v');
    expect(exists(node, 'k')).toBe(false);
    call('SET', 'j', 'v');
    node.config.set([['lazyfree-lazy-expire', 'yes']]);
    expect(call('GETEX', 'j', 'EXAT', 1)).toBe('v');
    expect(effects(node)).toEqual([['SET', 'k', 'v'], ['DEL', 'k'], ['SET', 'j', 'v'], ['UNLINK', 'j']]);
    expect(events).toEqual(['set:k', 'del:k', 'set:j', 'del:j']);
  });

  it('GETEX errors: syntax, option values (checked only when the key exists), types', () => {
    const { call, node } = createInProcessNode();
    expect(call('GETEX', 'k', 'bogus')).toEqual(error('ERR syntax error'));
    expect(call('GETEX', 'k', 'EX', 10, 'PERSIST')).toEqual(error('ERR syntax error'));
    expect(call('GETEX', 'k', 'KEEPTTL')).toEqual(error('ERR syntax error'));
    expect(call('GETEX', 'k', 'EX', 'abc')).toBeNull();
    call('SET', 'k', 'v');
    expect(call('GETEX', 'k', 'EX', 'abc')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('GETEX', 'k', 'EX', '10000000000000000')).toEqual(error("ERR invalid expire time in 'getex' command"));
    node.keyspace.db(0).set('list', fakeList());
    expect(call('GETEX', 'list')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });
});

describe('MGET / MSET / MSETNX', () => {
  it('MGET answers null for missing keys and keys of other types', () => {
    const { call, node } = createInProcessNode();
    call('MSET', 'a', '1', 'b', '2');
    node.keyspace.db(0).set('list', fakeList());
    expect(call('MGET', 'a', 'missing', 'b', 'list')).toEqual(['1', null, '2', null]);
  });

  it('MSET needs pairs; MSETNX writes all or nothing', () => {
    const { call, node } = createInProcessNode();
    expect(call('MSET', 'a', '1', 'b')).toEqual(error("ERR wrong number of arguments for 'mset' command"));
    expect(call('MSETNX', 'a', '1', 'b')).toEqual(error("ERR wrong number of arguments for 'msetnx' command"));
    expect(call('MSETNX', 'a', '1', 'a', '2')).toBe(1);
    expect(call('GET', 'a')).toBe('2');
    expect(call('MSETNX', 'x', '1', 'a', '3')).toBe(0);
    expect(exists(node, 'x')).toBe(false);
  });

  it('MSET drops TTLs', () => {
    const { call, node } = createInProcessNode();
    call('SET', 'a', '1', 'EX', 100);
    call('MSET', 'a', '2');
    expect(pttl(node, 'a')).toBe(-1);
  });
});

describe('APPEND / STRLEN / GETRANGE / SETRANGE', () => {
  it('APPEND creates, then grows the value in place', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    expect(call('APPEND', 'k', 'foo')).toBe(3);
    expect(call('APPEND', 'k', 'bar')).toBe(6);
    const stored = node.keyspace.db(0).get('k');
    expect(stored).toBeInstanceOf(MutableString);
    for (let i = 0; i < 1000; i++) call('APPEND', 'k', 'x');
    expect(node.keyspace.db(0).get('k')).toBe(stored); // the same buffer, edited in place
    expect(call('STRLEN', 'k')).toBe(1006);
    expect(call('GETRANGE', 'k', 0, 6)).toBe('foobarx');
    expect(events.slice(0, 2)).toEqual(['append:k', 'append:k']);
  });

  it('APPEND keeps the TTL and refuses to pass proto-max-bulk-len', () => {
    const { call, node } = createInProcessNode([['proto-max-bulk-len', '1048576']]);
    call('SET', 'k', 'x'.repeat(1048570), 'EX', 100);
    expect(call('APPEND', 'k', 'abcdef')).toBe(1048576);
    expect(call('APPEND', 'k', 'g')).toEqual(error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    expect(pttl(node, 'k')).toBe(100_000);
    node.keyspace.db(0).set('list', fakeList());
    expect(call('APPEND', 'list', 'x')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('STRLEN counts bytes, 0 for a missing key', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', '\u00ff\u0000ab');
    expect(call('STRLEN', 'k')).toBe(4);
    expect(call('STRLEN', 'missing')).toBe(0);
  });

  it('GETRANGE and SUBSTR clamp and resolve negative indexes as Redis does', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', 'Hello World');
    expect(call('GETRANGE', 'k', 0, 3)).toBe('Hell');
    expect(call('GETRANGE', 'k', -4, -1)).toBe('orld');
    expect(call('GETRANGE', 'k', 5, 3)).toBe('');
    expect(call('GETRANGE', 'k', -1, -5)).toBe('');
    expect(call('GETRANGE', 'k', -5000, 10000)).toBe('Hello World');
    expect(call('GETRANGE', 'k', 0, '4294967297')).toBe('Hello World');
    expect(call('SUBSTR', 'k', 6, -1)).toBe('World');
    expect(call('GETRANGE', 'missing', 0, -1)).toBe('');
    expect(call('GETRANGE', 'k', 'a', 1)).toEqual(error('ERR value is not an integer or out of range'));
    call('SET', 'e', '');
    expect(call('GETRANGE', 'e', 0, -1)).toBe('');
  });

  it('SETRANGE pads with zeros, keeps the TTL and returns the new length', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    expect(call('SETRANGE', 'k', 1, 'foo')).toBe(4);
    expect(call('GET', 'k')).toBe('\0foo');
    expect(call('SETRANGE', 'missing', 0, '')).toBe(0);
    expect(exists(node, 'missing')).toBe(false);
    call('SET', 'n', '1234', 'EX', 100);
    expect(call('SETRANGE', 'n', 0, '')).toBe(4);
    expect(call('SETRANGE', 'n', 5, '2')).toBe(6);
    expect(call('GET', 'n')).toBe('1234\u00002');
    expect(pttl(node, 'n')).toBe(100_000);
    expect(events).toEqual(['setrange:k', 'set:n', 'expire:n', 'setrange:n']);
  });

  it('SETRANGE errors: negative offset, too long, not an integer', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', 'hello');
    expect(call('SETRANGE', 'k', -1, 'x')).toEqual(error('ERR offset is out of range'));
    expect(call('SETRANGE', 'k', 512 * 1024 * 1024 - 4, 'world')).toEqual(
      error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'),
    );
    expect(call('SETRANGE', 'k', '9223372036854775807', 'A')).toEqual(
      error('ERR string exceeds maximum allowed size (proto-max-bulk-len)'),
    );
    expect(call('SETRANGE', 'k', 'x', 'A')).toEqual(error('ERR value is not an integer or out of range'));
  });

  it('a reply of a big edited value is not changed by a later edit before it is sent', () => {
    const { node, client } = createInProcessNode();
    const run = (...args: string[]) => node.dispatcher.execute(client, args);
    run('SETRANGE', 'k', '0', 'a'.repeat(100_000));
    run('GET', 'k');
    run('SETRANGE', 'k', '0', 'b'.repeat(100_000));
    const out = Buffer.concat(client.reply.take()).toString('latin1');
    expect(out).toContain('$100000\r\n' + 'a'.repeat(100_000) + '\r\n');
  });
});

describe('INCR family', () => {
  it('INCR/DECR/INCRBY/DECRBY count from 0, keep the TTL, and announce incrby', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    expect(call('INCR', 'n')).toBe(1);
    expect(call('INCRBY', 'n', 10)).toBe(11);
    expect(call('DECR', 'n')).toBe(10);
    expect(call('DECRBY', 'n', 20)).toBe(-10);
    node.keyspace.db(0).setExpire('n', node.clock.now() + 100_000);
    expect(call('INCR', 'n')).toBe(-9);
    expect(pttl(node, 'n')).toBe(100_000);
    expect(events.filter((e) => e !== 'expire:n')).toEqual(['incrby:n', 'incrby:n', 'incrby:n', 'incrby:n', 'incrby:n']);
  });

  it('works across the whole int64 range and refuses to overflow', () => {
    const { call, exec } = createInProcessNode();
    call('SET', 'n', '9223372036854775806');
    expect(exec('INCR', 'n')).toEqual({ type: 'integer', value: 9223372036854775807n });
    expect(call('INCR', 'n')).toEqual(error('ERR increment or decrement would overflow'));
    expect(call('GET', 'n')).toBe('9223372036854775807');
    call('SET', 'm', '-9223372036854775807');
    expect(exec('DECR', 'm')).toEqual({ type: 'integer', value: -9223372036854775808n });
    expect(call('DECR', 'm')).toEqual(error('ERR increment or decrement would overflow'));
    call('SET', 'x', '17179869184');
    expect(call('INCRBY', 'x', '17179869184')).toBe(34359738368);
    expect(call('DECRBY', 'x', '-9223372036854775808')).toEqual(error('ERR decrement would overflow'));
    call('SET', 'big', '999999999999999');
    expect(call('INCRBY', 'big', '9223372036854775000')).toEqual(error('ERR increment or decrement would overflow'));
    expect(exec('INCRBY', 'big', '-9223372036854775000')).toEqual({ type: 'integer', value: -9222372036854775001n });
  });

  it('refuses values that are not canonical integers', () => {
    const { call, node } = createInProcessNode();
    for (const bad of [' 11', '11 ', '+1', '01', '1.0', '', '9223372036854775808']) {
      call('SET', 'n', bad);
      expect(call('INCR', 'n')).toEqual(error('ERR value is not an integer or out of range'));
    }
    expect(call('INCRBY', 'n', '1x')).toEqual(error('ERR value is not an integer or out of range'));
    node.keyspace.db(0).set('list', fakeList());
    expect(call('INCR', 'list')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('INCR reads an edited (MutableString) value', () => {
    const { call } = createInProcessNode();
    call('SET', 'n', '1');
    call('APPEND', 'n', '2');
    expect(call('INCR', 'n')).toBe(13);
  });
});

describe('INCRBYFLOAT', () => {
  it('computes in long double like Redis, prints human form, keeps the TTL', () => {
    const { call, node } = createInProcessNode();
    expect(call('INCRBYFLOAT', 'f', '10.5')).toBe('10.5');
    expect(call('INCRBYFLOAT', 'f', '0.1')).toBe('10.6');
    call('SET', 'g', '1', 'EX', 100);
    expect(call('INCRBYFLOAT', 'g', '-1.1')).toBe('-0.1');
    expect(pttl(node, 'g')).toBe(100_000);
    call('SET', 'h', '0.1');
    expect(call('INCRBYFLOAT', 'h', '0.2')).toBe('0.3');
    call('SET', 'i', '17179869184');
    expect(call('INCRBYFLOAT', 'i', '1.5')).toBe('17179869185.5');
    expect(call('INCRBYFLOAT', 'j', '5.0e3')).toBe('5000');
    expect(call('INCRBYFLOAT', 'k', '0x10')).toBe('16');
  });

  it('never writes a negative zero', () => {
    const { call } = createInProcessNode();
    call('INCRBYFLOAT', 'z', String(1 / 41));
    expect(call('INCRBYFLOAT', 'z', String(-1 / 41))).toBe('0');
  });

  it('refuses invalid floats and results that are NaN or infinite', () => {
    const { call } = createInProcessNode();
    for (const bad of [' 11', '11 ', 'abc', '1\u00002', 'nan']) {
      call('SET', 'f', bad);
      expect(call('INCRBYFLOAT', 'f', '1')).toEqual(error('ERR value is not a valid float'));
    }
    call('SET', 'f', '0');
    expect(call('INCRBYFLOAT', 'f', 'x')).toEqual(error('ERR value is not a valid float'));
    expect(call('INCRBYFLOAT', 'f', '+inf')).toEqual(error('ERR increment would produce NaN or Infinity'));
    // Out of the long double range: strtold reports a range error, so it is not a valid float.
    expect(call('INCRBYFLOAT', 'f', '1e5000')).toEqual(error('ERR value is not a valid float'));
    call('SET', 'g', '1e4932');
    expect(call('INCRBYFLOAT', 'g', '1e4932')).toEqual(error('ERR increment would produce NaN or Infinity'));
    expect(call('INCRBYFLOAT', 'g', '1e-5000')).toEqual(error('ERR value is not a valid float'));
  });

  it('propagates as SET key result KEEPTTL and announces incrbyfloat', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    call('INCRBYFLOAT', 'f', '1.5');
    call('INCRBYFLOAT', 'f', '2.25');
    expect(effects(node)).toEqual([
      ['SET', 'f', '1.5', 'KEEPTTL'],
      ['SET', 'f', '3.75', 'KEEPTTL'],
    ]);
    expect(events).toEqual(['incrbyfloat:f', 'incrbyfloat:f']);
  });
});

describe('effects of failed or no-op writes', () => {
  it('nothing is propagated for refused writes', () => {
    const { call, node } = createInProcessNode();
    call('SET', 'k', 'v');
    call('SET', 'k', 'w', 'NX');
    call('MSETNX', 'k', '1');
    call('SETNX', 'k', '1');
    call('SETRANGE', 'k', 0, '');
    call('INCR', 'k');
    expect(effects(node)).toEqual([['SET', 'k', 'v']]);
  });
});

import { describe, expect, it } from 'vitest';
import { MutableString, type TypedValue } from '../../src/store/values.js';
import { createInProcessNode, loggedEffects as effects, recordEvents } from '../support/in-process.js';

const error = (message: string): Error => new Error(message);
/** A value of another type (the list family is not needed to test WRONGTYPE). */
const fakeList = (): TypedValue => ({ type: 'list', encoding: 'quicklist', stamp: 0, clone: fakeList });
const WRONGTYPE = error('WRONGTYPE Operation against a key holding the wrong kind of value');
/** A latin1 string from bits written MSB first ("01000000" -> "@"). */
const bits = (text: string): string =>
  (text.match(/.{1,8}/g) ?? []).map((b) => String.fromCharCode(parseInt(b.padEnd(8, '0'), 2))).join('');

describe('SETBIT / GETBIT', () => {
  it('sets bits MSB first, grows with zeros and returns the previous bit', () => {
    const { call } = createInProcessNode();
    expect(call('SETBIT', 'k', 1, 1)).toBe(0);
    expect(call('GET', 'k')).toBe(bits('01000000'));
    expect(call('SETBIT', 'k', 1, 0)).toBe(1);
    expect(call('SETBIT', 'k', 17, 1)).toBe(0);
    expect(call('GET', 'k')).toBe(bits('000000000000000001000000'));
    call('SET', 'n', '1'); // "1" is 00110001
    expect(call('SETBIT', 'n', 6, 1)).toBe(0);
    expect(call('GET', 'n')).toBe(bits('00110011'));
  });

  it('GETBIT reads 0 past the end and for a missing key', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', '`'); // 01100000
    expect([0, 1, 2, 3, 8, 10000].map((o) => call('GETBIT', 'k', o))).toEqual([0, 1, 1, 0, 0, 0]);
    expect(call('GETBIT', 'missing', 5)).toBe(0);
  });

  it('edits the bitmap in place', () => {
    const { call, node } = createInProcessNode();
    call('SETBIT', 'k', 0, 1);
    const stored = node.keyspace.db(0).get('k');
    expect(stored).toBeInstanceOf(MutableString);
    for (let i = 1; i < 200; i++) call('SETBIT', 'k', i * 8, 1);
    expect(node.keyspace.db(0).get('k')).toBe(stored);
    expect(call('BITCOUNT', 'k')).toBe(200);
  });

  it('refuses bad offsets and bit values', () => {
    const { call, node } = createInProcessNode();
    const offsetError = error('ERR bit offset is not an integer or out of range');
    expect(call('SETBIT', 'k', 4 * 1024 * 1024 * 1024, 1)).toEqual(offsetError);
    expect(call('SETBIT', 'k', -1, 1)).toEqual(offsetError);
    expect(call('GETBIT', 'k', 'x')).toEqual(offsetError);
    for (const bad of ['-1', '2', '10', 'x']) {
      expect(call('SETBIT', 'k', 0, bad)).toEqual(error('ERR bit is not an integer or out of range'));
    }
    node.keyspace.db(0).set('list', fakeList());
    expect(call('SETBIT', 'list', 0, 1)).toEqual(WRONGTYPE);
    expect(call('GETBIT', 'list', 0)).toEqual(WRONGTYPE);
  });

  it('counts a change (and propagates, announces setbit) only when the bit or the length changes', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    const dirty = (): number => node.dirty;
    const start = dirty();
    call('SETBIT', 'k', 0, 0); // new key
    expect(dirty()).toBe(start + 1);
    call('SETBIT', 'k', 0, 0); // no change
    expect(dirty()).toBe(start + 1);
    call('SETBIT', 'k', 0, 1);
    call('SETBIT', 'k', 0, 1);
    expect(dirty()).toBe(start + 2);
    call('SETBIT', 'k', 90, 0); // grows only
    expect(dirty()).toBe(start + 3);
    expect(effects(node)).toEqual([
      ['SETBIT', 'k', '0', '0'],
      ['SETBIT', 'k', '0', '1'],
      ['SETBIT', 'k', '90', '0'],
    ]);
    expect(events).toEqual(['setbit:k', 'setbit:k', 'setbit:k']);
  });
});

describe('BITCOUNT', () => {
  it('counts whole strings, byte ranges and bit ranges', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', 'foobar');
    expect(call('BITCOUNT', 'k')).toBe(26);
    expect(call('BITCOUNT', 'k', 0, 0)).toBe(4);
    expect(call('BITCOUNT', 'k', 1, 1)).toBe(6);
    expect(call('BITCOUNT', 'k', 1, 1, 'BYTE')).toBe(6);
    expect(call('BITCOUNT', 'k', 5, 30, 'BIT')).toBe(17);
    expect(call('BITCOUNT', 'k', -2, -1)).toBe(7);
    expect(call('BITCOUNT', 'k', 0, 1000)).toBe(26);
    expect(call('BITCOUNT', 'k', -1, -2)).toBe(0);
    expect(call('BITCOUNT', 'k', 10, 20)).toBe(0);
    expect(call('BITCOUNT', 'missing')).toBe(0);
    expect(call('BITCOUNT', 'missing', 0)).toBe(0); // the key is looked up first
  });

  it('answers syntax errors for bad argument counts and units', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', 'foobar');
    expect(call('BITCOUNT', 'k', 0)).toEqual(error('ERR syntax error'));
    expect(call('BITCOUNT', 'k', 0, 1, 'BITS')).toEqual(error('ERR syntax error'));
    expect(call('BITCOUNT', 'k', 0, 1, 'BIT', 'x')).toEqual(error('ERR syntax error'));
    expect(call('BITCOUNT', 'k', 'a', 1)).toEqual(error('ERR value is not an integer or out of range'));
    // Negative ranges with start > end answer 0 before the unit is looked at.
    expect(call('BITCOUNT', 'k', -1, -2, 'BOGUS')).toBe(0);
  });
});

describe('BITPOS', () => {
  it('finds the first set or clear bit, also in BIT ranges', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', '\xff\xf0\x00');
    expect(call('BITPOS', 'k', 0)).toBe(12);
    expect(call('BITPOS', 'k', 1, 2)).toBe(-1);
    expect(call('BITPOS', 'k', 1, 2, -1, 'BYTE')).toBe(-1);
    expect(call('BITPOS', 'k', 1, 7, 15, 'BIT')).toBe(7);
    expect(call('BITPOS', 'k', 0, 7, 11, 'BIT')).toBe(-1);
    expect(call('BITPOS', 'k', 0, 5, 13, 'BIT')).toBe(12);
  });

  it('takes a missing or all-ones value as zero padded unless the end is given', () => {
    const { call } = createInProcessNode();
    expect(call('BITPOS', 'missing', 0)).toBe(0);
    expect(call('BITPOS', 'missing', 1)).toBe(-1);
    call('SET', 'ones', '\xff\xff');
    expect(call('BITPOS', 'ones', 0)).toBe(16);
    expect(call('BITPOS', 'ones', 0, 0)).toBe(16);
    expect(call('BITPOS', 'ones', 0, 0, -1)).toBe(-1);
    call('SET', 'zeros', '\x00\x00');
    expect(call('BITPOS', 'zeros', 1)).toBe(-1);
  });

  it('validates the bit and the range arguments', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', 'a');
    expect(call('BITPOS', 'k', 2)).toEqual(error('ERR The bit argument must be 1 or 0.'));
    expect(call('BITPOS', 'k', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('BITPOS', 'k', 1, 0, 1, 'bits')).toEqual(error('ERR syntax error'));
    expect(call('BITPOS', 'k', 1, 0, 1, 'BIT', 'x')).toEqual(error('ERR syntax error'));
    expect(call('BITPOS', 'k', 1, 'a')).toEqual(error('ERR value is not an integer or out of range'));
  });
});

describe('BITOP', () => {
  it('AND / OR / XOR zero-pad shorter keys; NOT inverts', () => {
    const { call } = createInProcessNode();
    call('SET', 'a', '\xff\x0f\xaa');
    call('SET', 'b', '\x0f\xff');
    expect(call('BITOP', 'AND', 'd', 'a', 'b', 'missing')).toBe(3);
    expect(call('GET', 'd')).toBe('\x00\x00\x00');
    expect(call('BITOP', 'and', 'd', 'a', 'b')).toBe(3);
    expect(call('GET', 'd')).toBe('\x0f\x0f\x00');
    expect(call('BITOP', 'OR', 'd', 'a', 'b')).toBe(3);
    expect(call('GET', 'd')).toBe('\xff\xff\xaa');
    expect(call('BITOP', 'XOR', 'd', 'a', 'b')).toBe(3);
    expect(call('GET', 'd')).toBe('\xf0\xf0\xaa');
    expect(call('BITOP', 'NOT', 'd', 'a')).toBe(3);
    expect(call('GET', 'd')).toBe('\x00\xf0\x55');
    expect(call('BITOP', 'NOT', 'a', 'a')).toBe(3);
    expect(call('GET', 'a')).toBe('\x00\xf0\x55');
  });

  it('an empty result deletes the destination (del event), a result drops its TTL (set event)', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SET', 'd', 'x', 'EX', 100);
    call('SET', 'a', 'y');
    const events = recordEvents(node);
    expect(call('BITOP', 'OR', 'd', 'a')).toBe(1);
    expect(node.keyspace.db(0).getExpire('d')).toBeUndefined();
    expect(call('BITOP', 'OR', 'd', 'nothing', 'none')).toBe(0);
    expect(node.keyspace.db(0).has('d')).toBe(false);
    expect(call('BITOP', 'OR', 'd', 'nothing')).toBe(0); // nothing to delete: no event
    expect(events).toEqual(['set:d', 'del:d']);
    expect(effects(node).slice(2)).toEqual([
      ['BITOP', 'OR', 'd', 'a'],
      ['BITOP', 'OR', 'd', 'nothing', 'none'],
    ]);
  });

  it('errors: unknown operation, NOT with several keys, a source of another type', () => {
    const { call, node } = createInProcessNode();
    expect(call('BITOP', 'NAND', 'd', 'a')).toEqual(error('ERR syntax error'));
    expect(call('BITOP', 'NOT', 'd', 'a', 'b')).toEqual(error('ERR BITOP NOT must be called with a single source key.'));
    node.keyspace.db(0).set('list', fakeList());
    expect(call('BITOP', 'AND', 'd', 'a', 'list')).toEqual(WRONGTYPE);
  });
});

describe('BITFIELD', () => {
  it('SET returns the old value, GET reads, INCRBY returns the new value', () => {
    const { call } = createInProcessNode();
    expect(call('BITFIELD', 'k', 'SET', 'i8', 0, -100, 'GET', 'i8', 0, 'GET', 'u8', 0)).toEqual([0, -100, 156]);
    expect(call('BITFIELD', 'k', 'INCRBY', 'u2', 100, 1, 'GET', 'u2', 100)).toEqual([1, 1]);
    expect(call('BITFIELD', 'k', 'SET', 'u8', '#1', 255, 'GET', 'u8', 8)).toEqual([0, 255]);
    expect(call('BITFIELD', 'k')).toEqual([]);
    expect(call('BITFIELD', 'missing', 'GET', 'i64', 0)).toEqual([0]);
  });

  it('applies WRAP, SAT and FAIL to overflows', () => {
    const { call } = createInProcessNode();
    expect(call('BITFIELD', 'k', 'SET', 'u8', 0, 255, 'INCRBY', 'u8', 0, 10)).toEqual([0, 9]);
    expect(call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', 0, 1000, 'INCRBY', 'u8', 0, -1000)).toEqual([255, 0]);
    expect(call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 0, 256, 'GET', 'u8', 0)).toEqual([null, 0]);
    expect(call('BITFIELD', 's', 'SET', 'i8', 0, 127, 'INCRBY', 'i8', 0, 1)).toEqual([0, -128]);
    expect(call('BITFIELD', 's', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', 0, -1)).toEqual([-128]);
    expect(call('BITFIELD', 's', 'OVERFLOW', 'SAT', 'SET', 'u8', 8, -1, 'GET', 'u8', 8)).toEqual([0, 255]);
    expect(call('BITFIELD', 'w', 'SET', 'i64', 0, '9223372036854775807', 'INCRBY', 'i64', 0, 1)).toEqual([
      0,
      -9223372036854775808,
    ]);
  });

  it('saturates a far-too-negative signed SET to the maximum, as Redis int64 arithmetic does', () => {
    const { call } = createInProcessNode();
    expect(
      call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i33', 0, '-9223372036854775808', 'GET', 'i33', 0),
    ).toEqual([0, 4294967295]);
    expect(call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i8', 40, -200, 'GET', 'i8', 40)).toEqual([0, -128]);
  });

  it('parses everything first and reports the errors Redis reports', () => {
    const { call, node } = createInProcessNode();
    const typeError = error(
      'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
    );
    expect(call('BITFIELD', 'k', 'GET', 'u64', 0)).toEqual(typeError);
    expect(call('BITFIELD', 'k', 'GET', 'i65', 0)).toEqual(typeError);
    expect(call('BITFIELD', 'k', 'GET', 'I8', 0)).toEqual(typeError);
    expect(call('BITFIELD', 'k', 'GET', 'i0', 0)).toEqual(typeError);
    expect(call('BITFIELD', 'k', 'GET', 'i8', -1)).toEqual(error('ERR bit offset is not an integer or out of range'));
    expect(call('BITFIELD', 'k', 'SET', 'i8', 0, 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('BITFIELD', 'k', 'OVERFLOW', 'MAYBE')).toEqual(error('ERR Invalid OVERFLOW type specified'));
    expect(call('BITFIELD', 'k', 'SET', 'i8', 0)).toEqual(error('ERR syntax error'));
    expect(call('BITFIELD', 'k', 'SET', 'i8', 0, 1, 'BOGUS')).toEqual(error('ERR syntax error'));
    expect(node.keyspace.db(0).has('k')).toBe(false);
    node.keyspace.db(0).set('list', fakeList());
    expect(call('BITFIELD', 'list', 'GET', 'i8', 0)).toEqual(WRONGTYPE);
    expect(call('BITFIELD', 'list', 'SET', 'i8', 0, 1)).toEqual(WRONGTYPE);
  });

  it('counts every changed field, announces setbit once and propagates the command', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    const start = node.dirty;
    call('BITFIELD', 'k', 'SET', 'i5', 0, 0); // new key: one change
    expect(node.dirty).toBe(start + 1);
    call('BITFIELD', 'k', 'SET', 'i5', 0, 0); // same value: none
    expect(node.dirty).toBe(start + 1);
    call('BITFIELD', 'k', 'SET', 'u4', 0, 1, 'SET', 'u4', 4, 1, 'GET', 'u8', 0);
    expect(node.dirty).toBe(start + 3);
    call('BITFIELD', 'k', 'GET', 'u8', 0);
    expect(events).toEqual(['setbit:k', 'setbit:k']);
    expect(effects(node)).toEqual([
      ['BITFIELD', 'k', 'SET', 'i5', '0', '0'],
      ['BITFIELD', 'k', 'SET', 'u4', '0', '1', 'SET', 'u4', '4', '1', 'GET', 'u8', '0'],
    ]);
  });

  it('BITFIELD_RO only reads', () => {
    const { call } = createInProcessNode();
    call('SET', 'k', '\x80');
    expect(call('BITFIELD_RO', 'k', 'GET', 'u1', 0, 'GET', 'i8', 0)).toEqual([1, -128]);
    expect(call('BITFIELD_RO', 'k')).toEqual([]);
    expect(call('BITFIELD_RO', 'k', 'SET', 'u1', 0, 0)).toEqual(
      error('ERR BITFIELD_RO only supports the GET subcommand'),
    );
    expect(call('GET', 'k')).toBe('\x80');
  });
});

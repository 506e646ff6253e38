import { describe, expect, it } from 'vitest';
import type { TypedValue } from '../../src/store/values.js';
import { createInProcessNode } from '../support/in-process.js';

const error = (message: string): Error => new Error(message);
/** A value of another type (the list family is not needed to test WRONGTYPE). */
const fakeList = (): TypedValue => ({ type: 'list', encoding: 'quicklist', stamp: 0, clone: fakeList });

function withStrings(a: string, b: string, config: [string, string][] = []) {
  const node = createInProcessNode(config);
  node.call('SET', 'a', a);
  node.call('SET', 'b', b);
  return node;
}

describe('LCS', () => {
  it('answers the common subsequence, its length, or its match ranges', () => {
    const { call } = withStrings('ohmytext', 'mynewtext');
    expect(call('LCS', 'a', 'b')).toBe('mytext');
    expect(call('LCS', 'a', 'b', 'LEN')).toBe(6);
    // RESP2 flattens the map: matches, [...], len, n.
    expect(call('LCS', 'a', 'b', 'IDX')).toEqual(['matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6]);
    expect(call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', 4, 'WITHMATCHLEN')).toEqual([
      'matches',
      [[[4, 7], [5, 8], 4]],
      'len',
      6,
    ]);
    expect(call('LCS', 'a', 'b', 'idx', 'minmatchlen', -3)).toEqual([
      'matches',
      [[[4, 7], [5, 8]], [[2, 3], [0, 1]]],
      'len',
      6,
    ]);
  });

  it('is a flat array in RESP2 and a map in RESP3', () => {
    const { exec, call } = withStrings('ohmytext', 'mynewtext');
    expect(exec('LCS', 'a', 'b', 'IDX').type).toBe('array');
    call('HELLO', 3);
    expect(call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', 4)).toEqual([
      ['matches', [[[4, 7], [5, 8]]]],
      ['len', 6],
    ]);
    expect(exec('LCS', 'a', 'b', 'IDX').type).toBe('map');
  });

  it('takes missing keys as empty strings', () => {
    const { call } = withStrings('abc', 'abc');
    expect(call('LCS', 'a', 'missing')).toBe('');
    expect(call('LCS', 'missing', 'none', 'LEN')).toBe(0);
    expect(call('LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN')).toEqual(['matches', [[[0, 2], [0, 2], 3]], 'len', 3]);
  });

  it('is binary safe', () => {
    const { call } = withStrings('\x00\xff\x01\xfe', '\xff\x02\xfe\x00');
    expect(call('LCS', 'a', 'b')).toBe('\xff\xfe');
  });

  it('reports errors as Redis does, the type error before option errors', () => {
    const { call, node } = withStrings('abc', 'abd');
    expect(call('LCS', 'a', 'b', 'LEN', 'IDX')).toEqual(
      error('ERR If you want both the length and indexes, please just use IDX.'),
    );
    expect(call('LCS', 'a', 'b', 'BOGUS')).toEqual(error('ERR syntax error'));
    expect(call('LCS', 'a', 'b', 'MINMATCHLEN')).toEqual(error('ERR syntax error'));
    expect(call('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    node.keyspace.db(0).set('list', fakeList());
    expect(call('LCS', 'a', 'list', 'BOGUS')).toEqual(error('ERR The specified keys must contain string values'));
  });

  it('refuses a table larger than proto-max-bulk-len', () => {
    const { call } = withStrings('x'.repeat(600), 'y'.repeat(600), [['proto-max-bulk-len', '1048576']]);
    expect(call('LCS', 'a', 'b')).toEqual(
      error('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'),
    );
  });
});

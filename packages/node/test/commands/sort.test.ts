import { describe, expect, it } from 'vitest';
import { sortWeight } from '../../src/commands/sort.js';
import type { NodeServer } from '../../src/server/node-server.js';
import { HashValue } from '../../src/store/types/hash.js';
import { ListValue } from '../../src/store/types/list.js';
import { ZSetValue } from '../../src/store/types/zset.js';
import { createInProcessNode, loggedEffects as effects } from '../support/in-process.js';

const error = (message: string): Error => new Error(message);

/** Values of the other collection types are built directly, so these tests need only the set commands. */
function putList(node: NodeServer, key: string, elements: string[]): void {
  node.keyspace.db(0).set(key, new ListValue(elements));
}
function putZSet(node: NodeServer, key: string, pairs: [string, number][]): void {
  const zset = new ZSetValue();
  for (const [member, score] of pairs) zset.set(member, score);
  node.keyspace.db(0).set(key, zset);
}
function putHash(node: NodeServer, key: string, field: string, value: string): void {
  const hash = new HashValue();
  hash.set(field, value, 128, 64);
  node.keyspace.db(0).set(key, hash);
}
function listAt(node: NodeServer, key: string): string[] | undefined {
  return (node.keyspace.db(0).get(key) as ListValue | undefined)?.toArray();
}

describe('sortWeight (strtod over the whole text)', () => {
  it('reads what C reads and rejects the rest', () => {
    expect(sortWeight('1.5')).toBe(1.5);
    expect(sortWeight('  -2e3')).toBe(-2000);
    expect(sortWeight('.5')).toBe(0.5);
    expect(sortWeight('5.')).toBe(5);
    expect(sortWeight('0x10')).toBe(16);
    expect(sortWeight('-inf')).toBe(-Infinity);
    expect(sortWeight('Infinity')).toBe(Infinity);
    expect(sortWeight('')).toBe(0);
    expect(sortWeight('0e-999')).toBe(0);
    for (const bad of ['nan', 'abc', '1x', '1 ', ' ', '5e', '1e999', '1e-400', '0x']) expect(sortWeight(bad), bad).toBeNull();
  });
});

describe('SORT', () => {
  it('sorts numerically, DESC, ALPHA, with LIMIT', () => {
    const { call, node } = createInProcessNode();
    putList(node, 'l', ['3', '10', '2', '1.5']);
    expect(call('SORT', 'l')).toEqual(['1.5', '2', '3', '10']);
    expect(call('SORT', 'l', 'DESC')).toEqual(['10', '3', '2', '1.5']);
    expect(call('SORT', 'l', 'ALPHA')).toEqual(['1.5', '10', '2', '3']);
    expect(call('SORT', 'l', 'LIMIT', '1', '2')).toEqual(['2', '3']);
    expect(call('SORT', 'l', 'LIMIT', '-5', '100')).toEqual(['1.5', '2', '3', '10']);
    expect(call('SORT', 'l', 'LIMIT', '10', '5')).toEqual([]);
    expect(call('SORT', 'nokey')).toEqual([]);
  });

  it('sorts sets and sorted sets', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', '5', '-1', '3');
    expect(call('SORT', 's')).toEqual(['-1', '3', '5']);
    putZSet(node, 'z', [['a', 1], ['b', 5], ['c', 2], ['d', 10], ['e', 3]]);
    expect(call('SORT', 'z', 'ALPHA', 'DESC')).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
  });

  it('numeric ties fall back to byte order; bad weights are an error', () => {
    const { call } = createInProcessNode();
    call('SADD', 's', 'b', 'a', 'c');
    call('MSET', 'w_a', '1', 'w_b', '1', 'w_c', '0');
    expect(call('SORT', 's', 'BY', 'w_*')).toEqual(['c', 'a', 'b']);
    expect(call('SORT', 's')).toEqual(error("ERR One or more scores can't be converted into double"));
    call('SET', 'w_c', 'not-a-double');
    expect(call('SORT', 's', 'BY', 'w_*')).toEqual(error("ERR One or more scores can't be converted into double"));
  });

  it('BY reads string keys and hash fields; missing weights count as 0 (or first for ALPHA)', () => {
    const { call, node } = createInProcessNode();
    putList(node, 'l', ['1', '2', '3']);
    call('MSET', 'w_1', '30', 'w_2', '10');
    expect(call('SORT', 'l', 'BY', 'w_*')).toEqual(['3', '2', '1']);
    putHash(node, 'h_1', 'f', 'b');
    putHash(node, 'h_2', 'f', 'a');
    expect(call('SORT', 'l', 'BY', 'h_*->f', 'ALPHA')).toEqual(['3', '2', '1']);
    expect(call('SORT', 'l', 'BY', 'h_*->f', 'ALPHA', 'DESC')).toEqual(['1', '2', '3']);
  });

  it('GET returns keys, hash fields, the element itself (#), and nulls', () => {
    const { call, node } = createInProcessNode();
    putList(node, 'l', ['2', '1']);
    call('MSET', 'v_1', 'one', 'v_2', 'two', 'x:1->', 'arrow');
    putHash(node, 'h_2', 'name', 'deux');
    expect(call('SORT', 'l', 'GET', '#', 'GET', 'v_*', 'GET', 'h_*->name')).toEqual(['1', 'one', null, '2', 'two', 'deux']);
    expect(call('SORT', 'l', 'GET', 'constant')).toEqual([null, null]);
    expect(call('SORT', 'l', 'GET', 'x:*->')).toEqual(['arrow', null]);
  });

  it('BY a constant keeps the native order of lists and sorted sets, DESC reversing it, LIMIT windowing it', () => {
    const { call, node } = createInProcessNode();
    putList(node, 'l', ['5', '3', '4', '1', '2']);
    expect(call('SORT', 'l', 'BY', 'nosort')).toEqual(['5', '3', '4', '1', '2']);
    expect(call('SORT', 'l', 'BY', 'nosort', 'DESC')).toEqual(['2', '1', '4', '3', '5']);
    expect(call('SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2')).toEqual(['3', '4']);
    expect(call('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2')).toEqual(['1', '4']);
    putZSet(node, 'z', [['a', 1], ['b', 5], ['c', 2], ['d', 10], ['e', 3]]);
    expect(call('SORT', 'z', 'BY', 'nosort')).toEqual(['a', 'c', 'e', 'b', 'd']);
    expect(call('SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '2')).toEqual(['d', 'b']);
    expect(call('SORT', 'z', 'BY', 'nosort', 'LIMIT', '5', '10')).toEqual([]);
    // One BY without '*' disables sorting even if a later BY has one.
    expect(call('SORT', 'l', 'BY', 'nosort', 'BY', 'w_*')).toEqual(['5', '3', '4', '1', '2']);
  });

  it('STORE writes a list (logged as the command itself) or deletes the destination', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events: string[] = [];
    const notify = node.notify.bind(node);
    node.notify = (type, event, key, db) => {
      if (event === 'sortstore' || event === 'del') events.push(`${event}:${key}`);
      notify(type, event, key, db);
    };
    call('SADD', 's', 'c', 'a', 'b');
    call('SET', 'dst', 'x', 'EX', '100');
    // A set sorted BY a constant into a STORE is sorted ALPHA, so the stored list is deterministic.
    expect(call('SORT', 's', 'BY', 'nosort', 'STORE', 'dst')).toBe(3);
    expect(listAt(node, 'dst')).toEqual(['a', 'b', 'c']);
    expect(call('TTL', 'dst')).toBe(-1);
    expect(call('SORT', 's', 'ALPHA', 'GET', 'nokey_*', 'STORE', 'dst')).toBe(3);
    expect(listAt(node, 'dst')).toEqual(['', '', '']);
    expect(call('SORT', 'nokey', 'STORE', 'dst')).toBe(0);
    expect(call('EXISTS', 'dst')).toBe(0);
    expect(call('SORT', 'nokey', 'STORE', 'dst')).toBe(0);
    expect(events).toEqual(['sortstore:dst', 'sortstore:dst', 'del:dst']);
    expect(effects(node).slice(-3)).toEqual([
      ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'],
      ['SORT', 's', 'ALPHA', 'GET', 'nokey_*', 'STORE', 'dst'],
      ['SORT', 'nokey', 'STORE', 'dst'],
    ]);
  });

  it('SORT without STORE logs nothing', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', '1');
    call('SORT', 's');
    expect(effects(node)).toEqual([['SADD', 's', '1']]);
  });

  it('rejects bad options and types', () => {
    const { call } = createInProcessNode();
    call('SET', 'str', 'x');
    expect(call('SORT', 'str')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(call('SORT', 'nokey', 'LIMIT', '1')).toEqual(error('ERR syntax error'));
    expect(call('SORT', 'nokey', 'LIMIT', 'a', '1')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('SORT', 'nokey', 'BOGUS')).toEqual(error('ERR syntax error'));
    expect(call('SORT_RO', 'nokey', 'STORE', 'dst')).toEqual(error('ERR syntax error'));
    expect(call('SORT', 'str', 'BOGUS')).toEqual(error('ERR syntax error'));
  });

  it('SORT_RO sorts like SORT', () => {
    const { call, node } = createInProcessNode();
    putList(node, 'l', ['0', '1', '2']);
    expect(call('SORT_RO', 'l', 'BY', 'a', 'LIMIT', '2', '9223372036854775807')).toEqual(['2']);
    expect(call('SORT_RO', 'l', 'DESC')).toEqual(['2', '1', '0']);
  });
});

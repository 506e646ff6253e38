import { describe, expect, it } from 'vitest';
import { keyValueDigest } from '../../src/store/digest.js';
import { createInProcessNode, loggedEffects as effects, recordEvents } from '../support/in-process.js';

const WRONGTYPE = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');

describe('pushes and reads', () => {
  it('LPUSH/RPUSH return the length, keep order, and X variants need the key', () => {
    const { call } = createInProcessNode();
    expect(call('LPUSHX', 'l', 'a')).toBe(0);
    expect(call('EXISTS', 'l')).toBe(0);
    expect(call('RPUSH', 'l', 'a', 'b')).toBe(2);
    expect(call('LPUSH', 'l', 'x', 'y')).toBe(4);
    expect(call('RPUSHX', 'l', 'z')).toBe(5);
    expect(call('LPUSHX', 'l', 'w')).toBe(6);
    expect(call('LRANGE', 'l', 0, -1)).toEqual(['w', 'y', 'x', 'a', 'b', 'z']);
    expect(call('LLEN', 'l')).toBe(6);
    expect(call('LLEN', 'nothing')).toBe(0);
    expect(call('TYPE', 'l')).toBe('list');
    expect(call('OBJECT', 'ENCODING', 'l')).toBe('quicklist');
  });

  it('answers WRONGTYPE for every command against a string', () => {
    const { call } = createInProcessNode();
    call('SET', 's', 'v');
    for (const args of [
      ['LPUSH', 's', 'a'], ['RPUSHX', 's', 'a'], ['LPOP', 's'], ['RPOP', 's', 2], ['LLEN', 's'], ['LINDEX', 's', 0],
      ['LINSERT', 's', 'BEFORE', 'a', 'b'], ['LRANGE', 's', 0, 1], ['LREM', 's', 0, 'a'], ['LSET', 's', 0, 'a'],
      ['LTRIM', 's', 0, 1], ['LPOS', 's', 'a'], ['LMOVE', 's', 'd', 'LEFT', 'LEFT'], ['RPOPLPUSH', 's', 'd'],
      ['LMPOP', 1, 's', 'LEFT'], ['BLPOP', 's', 0], ['BLMOVE', 's', 'd', 'LEFT', 'RIGHT', 0],
    ]) {
      expect(call(...(args as (string | number)[])), args.join(' ')).toEqual(WRONGTYPE);
    }
  });

  it('LINDEX and LRANGE take negative and out-of-range indexes as Redis', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b', 'c');
    expect(call('LINDEX', 'l', -1)).toBe('c');
    expect(call('LINDEX', 'l', 3)).toBeNull();
    expect(call('LINDEX', 'l', -4)).toBeNull();
    expect(call('LINDEX', 'nothing', 0)).toBeNull();
    expect(call('LINDEX', 'l', 'x')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(call('LRANGE', 'l', -100, 100)).toEqual(['a', 'b', 'c']);
    expect(call('LRANGE', 'l', 1, -2)).toEqual(['b']);
    expect(call('LRANGE', 'l', 2, 1)).toEqual([]);
    expect(call('LRANGE', 'l', 5, 10)).toEqual([]);
    expect(call('LRANGE', 'nothing', 0, -1)).toEqual([]);
  });

  it('LINSERT inserts around the first pivot, -1 without it, 0 without the key', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b', 'a');
    expect(call('LINSERT', 'l', 'before', 'a', 'x')).toBe(4);
    expect(call('LINSERT', 'l', 'AFTER', 'b', 'y')).toBe(5);
    expect(call('LRANGE', 'l', 0, -1)).toEqual(['x', 'a', 'b', 'y', 'a']);
    expect(call('LINSERT', 'l', 'after', 'zz', 'y')).toBe(-1);
    expect(call('LINSERT', 'nothing', 'after', 'a', 'y')).toBe(0);
    expect(call('LINSERT', 'l', 'middle', 'a', 'y')).toEqual(new Error('ERR syntax error'));
  });

  it('LPOS with RANK, COUNT and MAXLEN', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c');
    expect(call('LPOS', 'l', 'c')).toBe(2);
    expect(call('LPOS', 'l', 'c', 'RANK', 2)).toBe(6);
    expect(call('LPOS', 'l', 'c', 'RANK', -1)).toBe(7);
    expect(call('LPOS', 'l', 'c', 'COUNT', 0)).toEqual([2, 6, 7]);
    expect(call('LPOS', 'l', 'c', 'COUNT', 2, 'RANK', -1)).toEqual([7, 6]);
    expect(call('LPOS', 'l', 'c', 'COUNT', 0, 'MAXLEN', 7)).toEqual([2, 6]);
    expect(call('LPOS', 'l', 'x')).toBeNull();
    expect(call('LPOS', 'l', 'x', 'COUNT', 5)).toEqual([]);
    expect(call('LPOS', 'nothing', 'x', 'COUNT', 5)).toEqual([]);
    expect(call('LPOS', 'l', 'c', 'RANK', 0)).toEqual(
      new Error(
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
      ),
    );
    expect(call('LPOS', 'l', 'c', 'COUNT', -1)).toEqual(new Error("ERR COUNT can't be negative"));
    expect(call('LPOS', 'l', 'c', 'MAXLEN', 'x')).toEqual(new Error("ERR MAXLEN can't be negative"));
    expect(call('LPOS', 'l', 'c', 'COUNT')).toEqual(new Error('ERR syntax error'));
  });
});

describe('in-place edits', () => {
  it('LSET replaces by index, with Redis errors', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b');
    expect(call('LSET', 'l', -1, 'B')).toBe('OK');
    expect(call('LRANGE', 'l', 0, -1)).toEqual(['a', 'B']);
    expect(call('LSET', 'l', 2, 'x')).toEqual(new Error('ERR index out of range'));
    expect(call('LSET', 'nothing', 0, 'x')).toEqual(new Error('ERR no such key'));
  });

  it('LTRIM keeps the range and deletes an emptied list', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(call('LTRIM', 'l', 1, -2)).toBe('OK');
    expect(call('LRANGE', 'l', 0, -1)).toEqual(['b', 'c']);
    expect(call('LTRIM', 'l', 5, 10)).toBe('OK');
    expect(call('EXISTS', 'l')).toBe(0);
    expect(call('LTRIM', 'nothing', 0, 1)).toBe('OK');
  });

  it('LREM from the head, from the tail, and all', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'x', 'a', 'x', 'b', 'x');
    expect(call('LREM', 'l', 1, 'x')).toBe(1);
    expect(call('LREM', 'l', -1, 'x')).toBe(1);
    expect(call('LRANGE', 'l', 0, -1)).toEqual(['a', 'x', 'b']);
    expect(call('LREM', 'l', 0, 'x')).toBe(1);
    expect(call('LREM', 'l', 0, 'a')).toBe(1);
    expect(call('LREM', 'l', 0, 'b')).toBe(1);
    expect(call('EXISTS', 'l')).toBe(0);
    expect(call('LREM', 'l', 0, 'b')).toBe(0);
  });
});

describe('pops and moves', () => {
  it('LPOP/RPOP with and without COUNT', () => {
    const { call } = createInProcessNode();
    call('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(call('LPOP', 'l')).toBe('a');
    expect(call('RPOP', 'l', 2)).toEqual(['d', 'c']);
    expect(call('LPOP', 'l', 0)).toEqual([]);
    expect(call('LPOP', 'l', 5)).toEqual(['b']);
    expect(call('EXISTS', 'l')).toBe(0);
    expect(call('LPOP', 'l')).toBeNull();
    const { exec } = createInProcessNode();
    expect(exec('LPOP', 'nothing', 1).type).toBe('null');
    expect(call('LPOP', 'l', -1)).toEqual(new Error('ERR value is out of range, must be positive'));
    expect(call('LPOP', 'l', 1, 2)).toEqual(new Error("ERR wrong number of arguments for 'lpop' command"));
  });

  it('LMPOP pops from the first non-empty list and logs LPOP/RPOP key count', () => {
    const { call, node } = createInProcessNode();
    call('RPUSH', 'b', 'x', 'y', 'z');
    expect(call('LMPOP', 2, 'a', 'b', 'RIGHT', 'COUNT', 2)).toEqual(['b', ['z', 'y']]);
    expect(call('LMPOP', 2, 'a', 'b', 'LEFT', 'COUNT', 10)).toEqual(['b', ['x']]);
    expect(call('LMPOP', 2, 'a', 'b', 'LEFT')).toBeNull();
    expect(effects(node)).toEqual([
      ['RPUSH', 'b', 'x', 'y', 'z'],
      ['RPOP', 'b', '2'],
      ['LPOP', 'b', '1'],
    ]);
    expect(call('LMPOP', 0, 'a', 'LEFT')).toEqual(new Error('ERR numkeys should be greater than 0'));
    expect(call('LMPOP', 'x', 'a', 'LEFT')).toEqual(new Error('ERR numkeys should be greater than 0'));
    expect(call('LMPOP', 3, 'a', 'LEFT')).toEqual(new Error('ERR syntax error'));
    expect(call('LMPOP', 1, 'a', 'UP')).toEqual(new Error('ERR syntax error'));
    expect(call('LMPOP', 1, 'a', 'LEFT', 'COUNT', 0)).toEqual(new Error('ERR count should be greater than 0'));
    expect(call('LMPOP', 1, 'a', 'LEFT', 'COUNT', 1, 'COUNT', 1)).toEqual(new Error('ERR syntax error'));
  });

  it('LMOVE and RPOPLPUSH move between lists (and rotate one list)', () => {
    const { call, node } = createInProcessNode();
    call('RPUSH', 'src', 'a', 'b', 'c');
    expect(call('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('a');
    expect(call('RPOPLPUSH', 'src', 'dst')).toBe('c');
    expect(call('LRANGE', 'dst', 0, -1)).toEqual(['c', 'a']);
    expect(call('LMOVE', 'src', 'src', 'RIGHT', 'LEFT')).toBe('b');
    expect(call('LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT')).toBe('c');
    expect(call('LRANGE', 'dst', 0, -1)).toEqual(['a', 'c']);
    expect(call('LMOVE', 'nothing', 'dst', 'LEFT', 'RIGHT')).toBeNull();
    expect(call('LMOVE', 'src', 'dst', 'UP', 'RIGHT')).toEqual(new Error('ERR syntax error'));
    call('SET', 'str', 'v');
    expect(call('LMOVE', 'src', 'str', 'LEFT', 'RIGHT')).toEqual(WRONGTYPE);
    expect(call('LRANGE', 'src', 0, -1)).toEqual(['b']);
    expect(effects(node).slice(1, 5)).toEqual([
      ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'src', 'dst'],
      ['LMOVE', 'src', 'src', 'RIGHT', 'LEFT'],
      ['LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT'],
    ]);
  });
});

describe('effects, events and digests', () => {
  it('logs writes only when they changed something', () => {
    const { call, node } = createInProcessNode();
    call('LPUSHX', 'l', 'a');
    call('RPUSH', 'l', 'a', 'b');
    call('LREM', 'l', 0, 'zz');
    call('LINSERT', 'l', 'BEFORE', 'zz', 'y');
    call('LTRIM', 'l', 0, -1);
    call('LSET', 'l', 0, 'A');
    call('LPOP', 'nothing');
    expect(effects(node)).toEqual([
      ['RPUSH', 'l', 'a', 'b'],
      ['LSET', 'l', '0', 'A'],
    ]);
  });

  it('counts one change per element, as Redis dirty does', () => {
    const { call, node } = createInProcessNode();
    const before = node.dirty;
    call('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(node.dirty - before).toBe(4);
    call('RPOP', 'l', 3);
    expect(node.dirty - before).toBe(7);
    call('LMOVE', 'l', 'm', 'LEFT', 'LEFT');
    expect(node.dirty - before).toBe(8);
  });

  it('announces the events Redis announces, in its order', () => {
    const { call, node } = createInProcessNode();
    const seen = recordEvents(node);
    call('RPUSH', 'l', 'a', 'b', 'c');
    call('LPUSH', 'l', 'z');
    call('LINSERT', 'l', 'AFTER', 'a', 'x');
    call('LSET', 'l', 0, 'Z');
    call('LREM', 'l', 1, 'x');
    call('LTRIM', 'l', 0, 2);
    call('LMOVE', 'l', 'm', 'LEFT', 'RIGHT');
    call('RPOP', 'l', 5);
    expect(seen).toEqual([
      'rpush:l', 'lpush:l', 'linsert:l', 'lset:l', 'lrem:l', 'ltrim:l',
      'rpush:m', 'lpop:l', 'rpop:l', 'del:l',
    ]);
  });

  it('digests equal lists equally, whatever built them', () => {
    const { call, node } = createInProcessNode();
    call('RPUSH', 'a', 'x', 'y', 'z');
    call('LPUSH', 'b', 'z', 'q', 'y', 'x');
    call('LREM', 'b', 0, 'q');
    expect(call('LRANGE', 'b', 0, -1)).toEqual(['x', 'y', 'z']);
    expect(keyValueDigest(node.keyspace.db(0), 'a')).toBe(keyValueDigest(node.keyspace.db(0), 'b'));
    call('COPY', 'a', 'c');
    call('RPUSH', 'c', 'more');
    expect(call('LLEN', 'a')).toBe(3);
  });
});

import { ReplyParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import type { NodeServer } from '../../src/server/node-server.js';
import { buildSet } from '../../src/store/types/set.js';
import { ZSetValue } from '../../src/store/types/zset.js';
import { createInProcessNode, simplify, loggedEffects as effects, recordEvents } from '../support/in-process.js';
import { fakeTransport } from '../support/fake-transport.js';

const error = (message: string): Error => new Error(message);

/** A client with a (fake) connection, so it may block: send a command, read what it has received so far. */
function connect(node: NodeServer) {
  const transport = fakeTransport();
  const client = node.createClient(transport);
  const parser = new ReplyParser();
  return {
    send: (...args: (string | number)[]) => node.dispatcher.execute(client, args.map(String)),
    replies: (): unknown[] => {
      for (const chunk of client.reply.take()) parser.feed(chunk);
      const out: unknown[] = [];
      for (let reply = parser.next(); reply !== undefined; reply = parser.next()) out.push(simplify(reply));
      return out;
    },
  };
}

describe('ZADD and ZINCRBY', () => {
  it('adds, updates and answers as the options say', () => {
    const { call } = createInProcessNode();
    expect(call('ZADD', 'z', 1, 'a', 2, 'b')).toBe(2);
    expect(call('ZADD', 'z', 3, 'a', 2, 'b', 4, 'c')).toBe(1);
    expect(call('ZADD', 'z', 'CH', 5, 'a', 2, 'b', 6, 'd')).toBe(2);
    expect(call('ZADD', 'z', 'NX', 100, 'a', 7, 'e')).toBe(1);
    expect(call('ZSCORE', 'z', 'a')).toBe('5');
    expect(call('ZADD', 'z', 'XX', 'CH', 8, 'a', 9, 'new')).toBe(1);
    expect(call('ZSCORE', 'z', 'new')).toBeNull();
    expect(call('ZADD', 'z', 'GT', 'CH', 1, 'a', 10, 'b')).toBe(1);
    expect(call('ZMSCORE', 'z', 'a', 'b', 'nope')).toEqual(['8', '10', null]);
    expect(call('ZADD', 'z', 'LT', 'CH', 9, 'a', 1, 'b')).toBe(1);
    expect(call('ZMSCORE', 'z', 'a', 'b')).toEqual(['8', '1']);
    expect(call('ZADD', 'z', 'XX', 1, 'a', 2, 'b')).toBe(0);
    expect(call('ZADD', 'missing', 'XX', 1, 'a')).toBe(0);
    expect(call('EXISTS', 'missing')).toBe(0);
  });

  it('INCR returns the new score, or null when an option prevented the update', () => {
    const { call } = createInProcessNode();
    expect(call('ZADD', 'z', 'INCR', 1.5, 'a')).toBe('1.5');
    expect(call('ZADD', 'z', 'INCR', 1, 'a')).toBe('2.5');
    expect(call('ZADD', 'z', 'NX', 'INCR', 1, 'a')).toBeNull();
    expect(call('ZADD', 'z', 'GT', 'INCR', -1, 'a')).toBeNull();
    expect(call('ZADD', 'z', 'XX', 'INCR', 1, 'nope')).toBeNull();
    expect(call('ZADD', 'missing', 'XX', 'INCR', 1, 'a')).toBeNull();
    expect(call('ZINCRBY', 'z', '0.1', 'a')).toBe('2.6000000000000001');
    expect(call('ZINCRBY', 'z', 'inf', 'b')).toBe('inf');
    expect(call('ZINCRBY', 'z', '-inf', 'b')).toEqual(error('ERR resulting score is not a number (NaN)'));
    expect(call('ZSCORE', 'z', 'b')).toBe('inf');
  });

  it('rejects bad options and scores with Redis texts before changing anything', () => {
    const { call } = createInProcessNode();
    expect(call('ZADD', 'z', 'NX', 'XX', 1, 'a')).toEqual(error('ERR XX and NX options at the same time are not compatible'));
    expect(call('ZADD', 'z', 'GT', 'LT', 1, 'a')).toEqual(error('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(call('ZADD', 'z', 'NX', 'GT', 1, 'a')).toEqual(error('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(call('ZADD', 'z', 'INCR', 1, 'a', 2, 'b')).toEqual(error('ERR INCR option supports a single increment-element pair'));
    expect(call('ZADD', 'z', 1, 'a', 2)).toEqual(error('ERR syntax error'));
    expect(call('ZADD', 'z', 'NX', 'CH')).toEqual(error('ERR syntax error'));
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc', '1e400', '1e-400', '1e', '0x']) {
      expect(call('ZADD', 'z', 1, 'a', bad, 'b')).toEqual(error('ERR value is not a valid float'));
    }
    expect(call('EXISTS', 'z')).toBe(0);
    expect(call('ZADD', 'z', '-inf', 'a', '+inf', 'b', '0x10', 'c', '1e3', 'd', '.5', 'e', '-0', 'f')).toBe(6);
    expect(call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['a', '-inf', 'f', '0', 'e', '0.5', 'c', '16', 'd', '1000', 'b', 'inf']);
    call('SET', 's', 'x');
    expect(call('ZADD', 's', 1, 'a')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });

  it('logs ZADD only when it changed something, and announces zadd / zincr', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    call('ZADD', 'z', 1, 'a');
    call('ZADD', 'z', 1, 'a');
    call('ZADD', 'z', 'NX', 2, 'a');
    call('ZADD', 'z', 'INCR', 2, 'a');
    call('ZINCRBY', 'z', 1, 'b');
    expect(effects(node)).toEqual([
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'INCR', '2', 'a'],
      ['ZINCRBY', 'z', '1', 'b'],
    ]);
    expect(events).toEqual(['zadd:z', 'zincr:z', 'zincr:z']);
  });

  it('moves from listpack to skiplist past either threshold, and never back', () => {
    const { call } = createInProcessNode([
      ['zset-max-listpack-entries', '4'],
      ['zset-max-listpack-value', '8'],
    ]);
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd');
    expect(call('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    call('ZADD', 'z', 5, 'e');
    expect(call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    call('ZREM', 'z', 'a', 'b', 'c');
    expect(call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    call('ZADD', 'long', 1, 'x'.repeat(9));
    expect(call('OBJECT', 'ENCODING', 'long')).toBe('skiplist');
    call('ZADD', 'short', 1, 'x'.repeat(8));
    expect(call('OBJECT', 'ENCODING', 'short')).toBe('listpack');
  });
});

describe('reads', () => {
  it('ZCARD, ZSCORE, ZRANK, ZREVRANK, ZCOUNT and ZLEXCOUNT', () => {
    const { call } = createInProcessNode();
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 3, 'd');
    expect(call('ZCARD', 'z')).toBe(4);
    expect(call('ZCARD', 'none')).toBe(0);
    expect(call('ZSCORE', 'none', 'a')).toBeNull();
    expect(call('ZRANK', 'z', 'c')).toBe(2);
    expect(call('ZREVRANK', 'z', 'c')).toBe(1);
    expect(call('ZRANK', 'z', 'nope')).toBeNull();
    expect(call('ZRANK', 'none', 'a')).toBeNull();
    expect(call('ZMSCORE', 'none', 'a', 'b')).toEqual([null, null]);
    expect(call('ZCOUNT', 'z', '(1', 3)).toBe(3);
    expect(call('ZCOUNT', 'z', '-inf', '(3')).toBe(2);
    expect(call('ZCOUNT', 'z', 3, 1)).toBe(0);
    expect(call('ZCOUNT', 'z', ' 1', '')).toBe(0);
    expect(call('ZCOUNT', 'z', 'x', 1)).toEqual(error('ERR min or max is not a float'));
    expect(call('ZCOUNT', 'z', '(nan', 1)).toEqual(error('ERR min or max is not a float'));
    expect(call('ZCOUNT', 'none', 0, 1)).toBe(0);
    call('ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    expect(call('ZLEXCOUNT', 'lex', '-', '+')).toBe(4);
    expect(call('ZLEXCOUNT', 'lex', '(a', '[c')).toBe(2);
    expect(call('ZLEXCOUNT', 'lex', '+', '-')).toBe(0);
    expect(call('ZLEXCOUNT', 'lex', 'a', '+')).toEqual(error('ERR min or max not valid string range item'));
    expect(call('ZLEXCOUNT', 'lex', '-x', '+')).toEqual(error('ERR min or max not valid string range item'));
  });
});

describe('ZRANGE and its older forms', () => {
  const setup = () => {
    const n = createInProcessNode();
    n.call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    n.call('ZADD', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e');
    return n;
  };

  it('ranges by rank, score and lex, forward and reversed, with LIMIT', () => {
    const { call } = setup();
    expect(call('ZRANGE', 'z', 0, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(call('ZRANGE', 'z', -2, 100, 'WITHSCORES')).toEqual(['d', '4', 'e', '5']);
    expect(call('ZRANGE', 'z', 0, 1, 'REV')).toEqual(['e', 'd']);
    expect(call('ZREVRANGE', 'z', 1, 2, 'WITHSCORES')).toEqual(['d', '4', 'c', '3']);
    expect(call('ZRANGE', 'z', 3, 1)).toEqual([]);
    expect(call('ZRANGE', 'z', '(1', 4, 'BYSCORE')).toEqual(['b', 'c', 'd']);
    expect(call('ZRANGE', 'z', 4, '(1', 'BYSCORE', 'REV', 'LIMIT', 1, 2)).toEqual(['c', 'b']);
    expect(call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', 1, -1)).toEqual(['b', 'c', 'd', 'e']);
    expect(call('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', -1, 2)).toEqual([]);
    expect(call('ZRANGEBYSCORE', 'z', 2, 3, 'WITHSCORES')).toEqual(['b', '2', 'c', '3']);
    expect(call('ZREVRANGEBYSCORE', 'z', '+inf', 4, 'WITHSCORES', 'LIMIT', 0, 1)).toEqual(['e', '5']);
    expect(call('ZRANGE', 'lex', '[b', '(d', 'BYLEX')).toEqual(['b', 'c']);
    expect(call('ZRANGEBYLEX', 'lex', '-', '+', 'LIMIT', 3, 10)).toEqual(['d', 'e']);
    expect(call('ZREVRANGEBYLEX', 'lex', '+', '[c')).toEqual(['e', 'd', 'c']);
    expect(call('ZRANGE', 'none', 0, -1)).toEqual([]);
  });

  it('rejects conflicting options with Redis texts', () => {
    const { call } = setup();
    expect(call('ZRANGE', 'z', 0, -1, 'LIMIT', 0, 1)).toEqual(
      error('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'),
    );
    expect(call('ZRANGE', 'lex', '-', '+', 'BYLEX', 'WITHSCORES')).toEqual(
      error('ERR syntax error, WITHSCORES not supported in combination with BYLEX'),
    );
    expect(call('ZRANGEBYSCORE', 'z', 0, 1, 'REV')).toEqual(error('ERR syntax error'));
    expect(call('ZRANGE', 'z', 0, -1, 'BYSCORE', 'BYLEX')).toEqual(error('ERR syntax error'));
    expect(call('ZRANGE', 'z', 'a', -1)).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('ZRANGE', 'z', 0, 1, 'LIMIT', 0)).toEqual(error('ERR syntax error'));
  });

  it('answers WITHSCORES as [member, score] pairs in RESP3', () => {
    const { call, exec } = setup();
    call('HELLO', 3);
    expect(call('ZRANGE', 'z', 0, 1, 'WITHSCORES')).toEqual([['a', 1], ['b', 2]]);
    const reply = exec('ZSCORE', 'z', 'a');
    expect(reply.type).toBe('double');
    expect(call('ZRANGE', 'z', 0, 1)).toEqual(['a', 'b']);
  });

  it('ZRANGESTORE stores the range (or deletes the destination) and is logged as given', () => {
    const { call, node } = setup();
    const events = recordEvents(node);
    expect(call('ZRANGESTORE', 'dst', 'z', 1, 3, 'REV')).toBe(1 + 2);
    expect(call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['b', '2', 'c', '3', 'd', '4']);
    expect(call('ZRANGESTORE', 'dst', 'z', 10, 20, 'BYSCORE')).toBe(0);
    expect(call('EXISTS', 'dst')).toBe(0);
    expect(call('ZRANGESTORE', 'dst', 'z', 0, -1, 'WITHSCORES')).toEqual(error('ERR syntax error'));
    expect(events).toEqual(['zrangestore:dst', 'del:dst']);
    expect(effects(node).slice(-2)).toEqual([
      ['ZRANGESTORE', 'dst', 'z', '1', '3', 'REV'],
      ['ZRANGESTORE', 'dst', 'z', '10', '20', 'BYSCORE'],
    ]);
  });
});

describe('removals', () => {
  it('ZREM and ZREMRANGEBY* delete members, then the emptied key, with their events', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e', 6, 'f');
    expect(call('ZREM', 'z', 'a', 'nope')).toBe(1);
    expect(call('ZREMRANGEBYRANK', 'z', -1, -1)).toBe(1);
    expect(call('ZREMRANGEBYSCORE', 'z', '(2', 3)).toBe(1);
    expect(call('ZREMRANGEBYSCORE', 'z', 10, 20)).toBe(0);
    expect(call('ZRANGE', 'z', 0, -1)).toEqual(['b', 'd', 'e']);
    expect(call('ZREMRANGEBYLEX', 'z', '-', '+')).toBe(3);
    expect(call('EXISTS', 'z')).toBe(0);
    expect(call('ZREM', 'z', 'a')).toBe(0);
    expect(call('ZREMRANGEBYRANK', 'z', 'x', 1)).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('ZREMRANGEBYLEX', 'z', 'x', '+')).toEqual(error('ERR min or max not valid string range item'));
    expect(events).toEqual(['zadd:z', 'zrem:z', 'zremrangebyrank:z', 'zremrangebyscore:z', 'zremrangebylex:z', 'del:z']);
  });
});

describe('pops', () => {
  it('ZPOPMIN / ZPOPMAX reply flat, nested in RESP3 with a count', () => {
    const { call } = createInProcessNode();
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd');
    expect(call('ZPOPMIN', 'z')).toEqual(['a', '1']);
    expect(call('ZPOPMAX', 'z', 2)).toEqual(['d', '4', 'c', '3']);
    expect(call('ZPOPMIN', 'z', 0)).toEqual([]);
    expect(call('ZPOPMIN', 'z', -1)).toEqual(error('ERR value is out of range, must be positive'));
    expect(call('ZPOPMIN', 'z', 1, 2)).toEqual(error('ERR syntax error'));
    call('HELLO', 3);
    call('ZADD', 'z', 5, 'e');
    expect(call('ZPOPMIN', 'z', 1)).toEqual([['b', 2]]);
    expect(call('ZPOPMIN', 'z')).toEqual(['e', 5]);
    expect(call('ZPOPMIN', 'z')).toEqual([]);
  });

  it('ZMPOP pops from the first non-empty key and is logged as ZPOPMIN/ZPOPMAX with the count popped', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    call('ZADD', 'z2', 1, 'a', 2, 'b', 3, 'c');
    expect(call('ZMPOP', 2, 'z1', 'z2', 'MAX', 'COUNT', 2)).toEqual(['z2', [['c', '3'], ['b', '2']]]);
    expect(call('ZMPOP', 2, 'z1', 'z2', 'MIN', 'COUNT', 10)).toEqual(['z2', [['a', '1']]]);
    expect(call('ZMPOP', 2, 'z1', 'z2', 'MIN')).toBeNull();
    expect(call('ZMPOP', 0, 'z1', 'MIN')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(call('ZMPOP', 1, 'z1', 'MIN', 'COUNT', 0)).toEqual(error('ERR count should be greater than 0'));
    expect(call('ZMPOP', 1, 'z1', 'LEFT')).toEqual(error('ERR syntax error'));
    expect(call('ZMPOP', 3, 'z1', 'MIN')).toEqual(error('ERR syntax error'));
    expect(effects(node)).toEqual([
      ['ZADD', 'z2', '1', 'a', '2', 'b', '3', 'c'],
      ['ZPOPMAX', 'z2', '2'],
      ['ZPOPMIN', 'z2', '1'],
    ]);
    expect(events).toEqual(['zadd:z2', 'zpopmax:z2', 'zpopmin:z2', 'del:z2']);
  });

  it('blocking pops where a client cannot block answer at once: a pop, or the timeout reply', () => {
    const { call, node } = createInProcessNode();
    call('ZADD', 'z', 1, 'a', 2, 'b');
    expect(call('BZPOPMAX', 'none', 'z', 0)).toEqual(['z', 'b', '2']);
    expect(call('BZMPOP', 0, 1, 'z', 'MIN', 'COUNT', 5)).toEqual(['z', [['a', '1']]]);
    expect(call('BZPOPMIN', 'z', 0)).toBeNull();
    expect(call('BZPOPMIN', 'z', -1)).toEqual(error('ERR timeout is negative'));
    expect(call('BZPOPMIN', 'z', 'x')).toEqual(error('ERR timeout is not a float or out of range'));
    expect(effects(node).slice(1)).toEqual([
      ['ZPOPMAX', 'z'],
      ['ZPOPMIN', 'z', '1'],
    ]);
  });
});

describe('blocking pops', () => {
  it('BZPOPMIN / BZMPOP wait for a ZADD, are served in order, and are logged as the plain pops', () => {
    const { call, node } = createInProcessNode();
    const first = connect(node);
    const second = connect(node);
    first.send('BZPOPMIN', 'z1', 'z', 0);
    second.send('BZMPOP', 0, 1, 'z', 'MAX', 'COUNT', 5);
    expect(first.replies()).toEqual([]);
    expect(second.replies()).toEqual([]);
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(first.replies()).toEqual([['z', 'a', '1']]);
    expect(second.replies()).toEqual([['z', [['c', '3'], ['b', '2']]]]);
    expect(call('EXISTS', 'z')).toBe(0);
    expect(effects(node)).toEqual([
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '2'],
    ]);
  });

  it('answers a null array when the timeout passes, and ignores keys of another type', () => {
    const { call, node, clock } = createInProcessNode();
    const waiter = connect(node);
    waiter.send('BZPOPMAX', 'z', '0.5');
    call('SET', 'z', 'string');
    expect(waiter.replies()).toEqual([]);
    clock.advance(600);
    node.tick();
    expect(waiter.replies()).toEqual([null]);
  });
});

describe('ZRANDMEMBER', () => {
  it('answers every form and logs nothing', () => {
    const { call, node } = createInProcessNode();
    call('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c');
    expect(['a', 'b', 'c']).toContain(call('ZRANDMEMBER', 'z'));
    expect(call('ZRANDMEMBER', 'none')).toBeNull();
    expect(call('ZRANDMEMBER', 'none', 5)).toEqual([]);
    expect(call('ZRANDMEMBER', 'z', 0)).toEqual([]);
    expect(call('ZRANDMEMBER', 'z', 5, 'WITHSCORES')).toEqual(['a', '1', 'b', '2', 'c', '3']);
    const two = call('ZRANDMEMBER', 'z', 2) as string[];
    expect(new Set(two).size).toBe(2);
    const many = call('ZRANDMEMBER', 'z', -20) as string[];
    expect(many).toHaveLength(20);
    for (const m of many) expect(['a', 'b', 'c']).toContain(m);
    const pairs = call('ZRANDMEMBER', 'z', -4, 'WITHSCORES') as string[];
    expect(pairs).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) expect(call('ZSCORE', 'z', pairs[i]!)).toBe(pairs[i + 1]);
    expect(call('ZRANDMEMBER', 'z', '-9223372036854775808')).toEqual(
      error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(call('ZRANDMEMBER', 'z', '-9223372036854770000', 'WITHSCORES')).toEqual(error('ERR value is out of range'));
    expect(call('ZRANDMEMBER', 'z', 1, 'x')).toEqual(error('ERR syntax error'));
    expect(effects(node)).toEqual([['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c']]);
  });

  it('picks distinct members from a big set', () => {
    const { call } = createInProcessNode();
    const args: (string | number)[] = [];
    for (let i = 0; i < 500; i++) args.push(i, `m${i}`);
    call('ZADD', 'z', ...args);
    for (const count of [10, 200, 499]) {
      const picked = call('ZRANDMEMBER', 'z', count) as string[];
      expect(new Set(picked).size).toBe(count);
    }
  });
});

describe('ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD', () => {
  const setup = () => {
    const n = createInProcessNode();
    n.call('ZADD', 'z1', 1, 'a', 2, 'b', 3, 'c');
    n.call('ZADD', 'z2', 10, 'b', 20, 'c', 30, 'd');
    n.node.keyspace.db(0).set('s', buildSet(['c', 'd', 'e'], 512));
    return n;
  };

  it('aggregates with weights, sums and min/max, over sorted sets and plain sets', () => {
    const { call } = setup();
    expect(call('ZUNION', 2, 'z1', 'z2', 'WITHSCORES')).toEqual(['a', '1', 'b', '12', 'c', '23', 'd', '30']);
    expect(call('ZINTER', 2, 'z1', 'z2', 'WEIGHTS', 2, 1, 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual(['b', '4', 'c', '6']);
    expect(call('ZINTER', 3, 'z1', 'z2', 's', 'AGGREGATE', 'MAX', 'WITHSCORES')).toEqual(['c', '20']);
    expect(call('ZUNION', 2, 'z1', 's', 'WITHSCORES')).toEqual(['a', '1', 'd', '1', 'e', '1', 'b', '2', 'c', '4']);
    expect(call('ZDIFF', 2, 'z1', 's', 'WITHSCORES')).toEqual(['a', '1', 'b', '2']);
    expect(call('ZDIFF', 2, 'z1', 'z1')).toEqual([]);
    expect(call('ZUNION', 2, 'z1', 'none')).toEqual(['a', 'b', 'c']);
    expect(call('ZINTER', 2, 'z1', 'none')).toEqual([]);
    call('ZADD', 'inf', 'inf', 'a');
    call('ZADD', 'ninf', '-inf', 'a');
    expect(call('ZUNION', 2, 'inf', 'ninf', 'WITHSCORES')).toEqual(['a', '0']);
    expect(call('ZUNION', 1, 'inf', 'WEIGHTS', 0, 'WITHSCORES')).toEqual(['a', '0']);
  });

  it('stores results (deleting the destination when empty) and counts intersections', () => {
    const { call, node } = setup();
    const events = recordEvents(node);
    expect(call('ZUNIONSTORE', 'dst', 2, 'z1', 'z2')).toBe(4);
    expect(call('ZINTERSTORE', 'dst', 2, 'z1', 'z2')).toBe(2);
    expect(call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['b', '12', 'c', '23']);
    expect(call('ZDIFFSTORE', 'dst', 2, 'z1', 'z2')).toBe(1);
    expect(call('ZINTERSTORE', 'dst', 2, 'z1', 'none')).toBe(0);
    expect(call('EXISTS', 'dst')).toBe(0);
    expect(call('ZINTERCARD', 2, 'z1', 'z2')).toBe(2);
    expect(call('ZINTERCARD', 2, 'z1', 'z2', 'LIMIT', 1)).toBe(1);
    expect(events).toEqual(['zunionstore:dst', 'zinterstore:dst', 'zdiffstore:dst', 'del:dst']);
  });

  it('rejects bad arguments with Redis texts', () => {
    const { call } = setup();
    call('SET', 'str', 'x');
    expect(call('ZUNION', 0, 'z1')).toEqual(error("ERR at least 1 input key is needed for 'zunion' command"));
    expect(call('ZINTERSTORE', 'd', 0, 'z1')).toEqual(error("ERR at least 1 input key is needed for 'zinterstore' command"));
    expect(call('ZUNION', 3, 'z1', 'z2')).toEqual(error('ERR syntax error'));
    expect(call('ZUNION', 2, 'z1', 'str')).toEqual(error('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(call('ZUNION', 2, 'z1', 'z2', 'WEIGHTS', 1, 'x')).toEqual(error('ERR weight value is not a float'));
    expect(call('ZUNION', 2, 'z1', 'z2', 'AGGREGATE', 'avg')).toEqual(error('ERR syntax error'));
    expect(call('ZDIFF', 2, 'z1', 'z2', 'WEIGHTS', 1, 1)).toEqual(error('ERR syntax error'));
    expect(call('ZUNIONSTORE', 'd', 2, 'z1', 'z2', 'WITHSCORES')).toEqual(error('ERR syntax error'));
    expect(call('ZINTERCARD', 2, 'z1', 'z2', 'LIMIT', -1)).toEqual(error("ERR LIMIT can't be negative"));
    expect(call('ZINTERCARD', 1, 'z1', 'WITHSCORES')).toEqual(error('ERR syntax error'));
  });
});

describe('ZSCAN', () => {
  it('returns a small set whole with cursor 0, and walks a big one to completion', () => {
    const { call } = createInProcessNode([['zset-max-listpack-entries', '16']]);
    call('ZADD', 'small', 1, 'a', 2.5, 'b');
    expect(call('ZSCAN', 'small', 0)).toEqual(['0', ['a', '1', 'b', '2.5']]);
    expect(call('ZSCAN', 'small', 0, 'MATCH', 'b*')).toEqual(['0', ['b', '2.5']]);
    expect(call('ZSCAN', 'none', 0)).toEqual(['0', []]);
    expect(call('ZSCAN', 'small', 'x')).toEqual(error('ERR invalid cursor'));
    const args: (string | number)[] = [];
    for (let i = 0; i < 100; i++) args.push(i, `m${i}`);
    call('ZADD', 'big', ...args);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = call('ZSCAN', 'big', cursor, 'COUNT', 7) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(calls).toBeGreaterThan(1);
    expect(seen.size).toBe(100);
    expect(seen.get('m42')).toBe('42');
  });
});

describe('edge cases found against redis-server 7.0.15', () => {
  it('a listpack stores a -0 score as 0, a skiplist keeps it; replies show the computed score', () => {
    const { call } = createInProcessNode([
      ['zset-max-listpack-entries', '2'],
      ['zset-max-listpack-value', '1'],
    ]);
    expect(call('ZINCRBY', 'lp', '-0', 'a')).toBe('-0');
    expect(call('ZSCORE', 'lp', 'a')).toBe('0');
    call('ZADD', 'sl', 1, 'x', 2, 'y', '-0', 'z');
    expect(call('OBJECT', 'ENCODING', 'sl')).toBe('skiplist');
    expect(call('ZSCORE', 'sl', 'z')).toBe('-0');
    // ZRANGESTORE fills its destination member by member: -0 becomes 0 only while it is still a listpack.
    call('ZADD', 'src', '-0', 'a', '-0', 'bb', 1, 'c');
    expect(call('ZRANGESTORE', 'dst', 'src', 0, '(1', 'BYSCORE')).toBe(2);
    expect(call('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toEqual(['a', '0', 'bb', '-0']);
    // The reply of ZUNION comes from a skiplist: -0 stays.
    expect(call('ZUNION', 1, 'sl', 'WITHSCORES')).toEqual(['z', '-0', 'x', '1', 'y', '2']);
  });

  it('ZINTER cleans NaN products of the first input only: MIN and MAX keep the total on a later NaN', () => {
    const { call } = createInProcessNode();
    call('ZADD', 'small', 'inf', 'a');
    call('ZADD', 'big', 0, 'a', 1, 'b');
    expect(call('ZINTER', 2, 'small', 'big', 'WEIGHTS', 1, 'inf', 'AGGREGATE', 'MIN', 'WITHSCORES')).toEqual(['a', 'inf']);
    expect(call('ZINTER', 2, 'small', 'big', 'WEIGHTS', 0, 1, 'AGGREGATE', 'MAX', 'WITHSCORES')).toEqual(['a', '0']);
  });
});

describe('values', () => {
  it('COPY clones the set, and equal contents digest equal', () => {
    const { call, node } = createInProcessNode();
    call('ZADD', 'a', 1, 'x', 2, 'y');
    call('ZADD', 'b', 2, 'y', 5, 'x');
    call('ZADD', 'b', 1, 'x');
    expect(call('COPY', 'a', 'c')).toBe(1);
    call('ZADD', 'c', 3, 'z');
    expect(call('ZCARD', 'a')).toBe(2);
    const db = node.keyspace.db(0);
    const digest = (key: string) => (db.get(key) as ZSetValue).digest().toString('hex');
    expect(digest('a')).toBe(digest('b'));
    expect(digest('a')).not.toBe(digest('c'));
  });
});

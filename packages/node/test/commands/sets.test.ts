import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { EffectApplier } from '../../src/log/effect-applier.js';
import type { NodeServer } from '../../src/server/node-server.js';
import { datasetDigest } from '../../src/store/digest.js';
import type { SetValue } from '../../src/store/types/set.js';
import type { TypedValue } from '../../src/store/values.js';
import { createInProcessNode, loggedEffects as effects, recordEvents } from '../support/in-process.js';

const error = (message: string): Error => new Error(message);
const WRONGTYPE = error('WRONGTYPE Operation against a key holding the wrong kind of value');
/** A value of another type (the list family is not needed to test WRONGTYPE). */
const fakeList = (): TypedValue => ({ type: 'list', encoding: 'quicklist', stamp: 0, clone: fakeList });
const sorted = (reply: unknown): string[] => [...(reply as string[])].sort();

function setAt(node: NodeServer, key: string): SetValue | undefined {
  return node.keyspace.db(0).get(key) as SetValue | undefined;
}

describe('SADD / SREM / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', () => {
  it('adds, counts and tests members', () => {
    const { call } = createInProcessNode();
    expect(call('SADD', 's', 'a', 'b', 'a')).toBe(2);
    expect(call('SADD', 's', 'b', 'c')).toBe(1);
    expect(call('SCARD', 's')).toBe(3);
    expect(call('SCARD', 'nokey')).toBe(0);
    expect(call('SISMEMBER', 's', 'a')).toBe(1);
    expect(call('SISMEMBER', 's', 'z')).toBe(0);
    expect(call('SISMEMBER', 'nokey', 'a')).toBe(0);
    expect(call('SMISMEMBER', 's', 'a', 'z', 'c')).toEqual([1, 0, 1]);
    expect(call('SMISMEMBER', 'nokey', 'a', 'b')).toEqual([0, 0]);
    expect(sorted(call('SMEMBERS', 's'))).toEqual(['a', 'b', 'c']);
    expect(call('SMEMBERS', 'nokey')).toEqual([]);
  });

  it('answers WRONGTYPE for other types', () => {
    const { call, node } = createInProcessNode();
    node.keyspace.db(0).set('l', fakeList());
    for (const command of [['SADD', 'l', 'a'], ['SREM', 'l', 'a'], ['SCARD', 'l'], ['SISMEMBER', 'l', 'a'], ['SMISMEMBER', 'l', 'a'], ['SMEMBERS', 'l']]) {
      expect(call(...command), command.join(' ')).toEqual(WRONGTYPE);
    }
  });

  it('lists an intset in ascending order and converts it as Redis does', () => {
    const { call } = createInProcessNode([['set-max-intset-entries', '3']]);
    call('SADD', 's', '10', '-2', '3');
    expect(call('OBJECT', 'ENCODING', 's')).toBe('intset');
    expect(call('SMEMBERS', 's')).toEqual(['-2', '3', '10']);
    call('SADD', 's', '4');
    expect(call('OBJECT', 'ENCODING', 's')).toBe('hashtable');
    call('SADD', 't', '1', 'x');
    expect(call('OBJECT', 'ENCODING', 't')).toBe('hashtable');
    call('SADD', 'big', '213244124402402314402033402');
    expect(call('OBJECT', 'ENCODING', 'big')).toBe('hashtable');
  });

  it('SREM deletes the key with its last member, announcing srem then del', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    const events = recordEvents(node);
    call('SADD', 's', '1', '2', '3');
    expect(call('SREM', 's', 'x')).toBe(0);
    expect(call('SREM', 's', '1')).toBe(1);
    expect(call('SREM', 's', '2', '3', '4', '5')).toBe(2);
    expect(call('EXISTS', 's')).toBe(0);
    expect(call('SREM', 's', '1')).toBe(0);
    expect(events).toEqual(['sadd:s', 'srem:s', 'srem:s', 'del:s']);
    expect(effects(node)).toEqual([['SADD', 's', '1', '2', '3'], ['SREM', 's', '1'], ['SREM', 's', '2', '3', '4', '5']]);
  });

  it('SADD of existing members changes nothing and logs nothing', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', 'a');
    expect(call('SADD', 's', 'a')).toBe(0);
    expect(effects(node)).toEqual([['SADD', 's', 'a']]);
  });

  it('replies a RESP3 set for SMEMBERS, SINTER, SUNION, SDIFF and SPOP with a count', () => {
    const { exec, call } = createInProcessNode();
    call('SADD', 's', 'a', 'b');
    exec('HELLO', '3');
    for (const command of [['SMEMBERS', 's'], ['SINTER', 's'], ['SUNION', 's'], ['SDIFF', 's'], ['SMEMBERS', 'nokey'], ['SPOP', 's', '1']]) {
      expect(exec(...command).type, command.join(' ')).toBe('set');
    }
    expect(exec('SRANDMEMBER', 's', '1').type).toBe('array');
    expect(exec('SPOP', 'nokey').type).toBe('null');
  });
});

describe('SPOP', () => {
  it('pops one member, logged as SREM, deleting the key with the last one', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SADD', 's', 'a', 'b');
    const events = recordEvents(node);
    const first = call('SPOP', 's') as string;
    const second = call('SPOP', 's') as string;
    expect([first, second].sort()).toEqual(['a', 'b']);
    expect(call('SPOP', 's')).toBeNull();
    expect(call('EXISTS', 's')).toBe(0);
    expect(events).toEqual(['spop:s', 'spop:s', 'del:s']);
    expect(effects(node).slice(1)).toEqual([['SREM', 's', first], ['SREM', 's', second]]);
  });

  it('checks the count before the key', () => {
    const { call } = createInProcessNode();
    expect(call('SPOP', 'nokey', '-1')).toEqual(error('ERR value is out of range, must be positive'));
    expect(call('SPOP', 'nokey', 'x')).toEqual(error('ERR value is out of range, must be positive'));
    expect(call('SPOP', 'nokey', '5')).toEqual([]);
    expect(call('SPOP', 's', '1', '2')).toEqual(error('ERR syntax error'));
  });

  it('a small count propagates one SREM per member, in one MULTI/EXEC', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', ...Array.from({ length: 20 }, (_, i) => `m${i}`));
    const popped = call('SPOP', 's', '3') as string[];
    expect(new Set(popped).size).toBe(3);
    expect(call('SCARD', 's')).toBe(17);
    for (const member of popped) expect(call('SISMEMBER', 's', member)).toBe(0);
    expect(effects(node).slice(1)).toEqual([['MULTI'], ...popped.map((m) => ['SREM', 's', m]), ['EXEC']]);
  });

  it('a count close to the size keeps a new set of the survivors, which can be an intset again', () => {
    const { call, node } = createInProcessNode([['set-max-intset-entries', '10']]);
    const members = Array.from({ length: 20 }, (_, i) => String(i));
    call('SADD', 's', ...members);
    expect(call('OBJECT', 'ENCODING', 's')).toBe('hashtable');
    const popped = call('SPOP', 's', '18') as string[];
    expect(popped).toHaveLength(18);
    const rest = call('SMEMBERS', 's') as string[];
    expect([...popped, ...rest].sort()).toEqual([...members].sort());
    expect(call('OBJECT', 'ENCODING', 's')).toBe('intset');
    expect(effects(node).slice(2, -1)).toEqual(popped.map((m) => ['SREM', 's', m]));
  });

  it('a count covering the set takes it all, logged as DEL', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SADD', 's', '3', '1', '2');
    const events = recordEvents(node);
    expect(call('SPOP', 's', '10')).toEqual(['1', '2', '3']);
    expect(call('EXISTS', 's')).toBe(0);
    expect(events).toEqual(['spop:s', 'del:s']);
    expect(effects(node).at(-1)).toEqual(['DEL', 's']);
  });
});

describe('SRANDMEMBER', () => {
  it('without a count: one member or null', () => {
    const { call } = createInProcessNode();
    expect(call('SRANDMEMBER', 'nokey')).toBeNull();
    call('SADD', 's', 'a');
    expect(call('SRANDMEMBER', 's')).toBe('a');
    expect(call('SRANDMEMBER', 's', '1', '2')).toEqual(error('ERR syntax error'));
  });

  it('validates the count as a long in [-LONG_MAX, LONG_MAX]', () => {
    const { call } = createInProcessNode();
    call('SADD', 's', 'a');
    expect(call('SRANDMEMBER', 's', '-9223372036854775808')).toEqual(
      error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(call('SRANDMEMBER', 's', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('SRANDMEMBER', 'nokey', '5')).toEqual([]);
    expect(call('SRANDMEMBER', 's', '0')).toEqual([]);
  });

  it('a negative count repeats members; a positive one returns distinct members in every strategy', () => {
    const { call } = createInProcessNode();
    const members = Array.from({ length: 50 }, (_, i) => `m${i}`);
    call('SADD', 's', ...members);
    const repeated = call('SRANDMEMBER', 's', '-200') as string[];
    expect(repeated).toHaveLength(200);
    for (const member of repeated) expect(members).toContain(member);
    for (const count of [5, 45, 50, 100]) {
      const picked = call('SRANDMEMBER', 's', count) as string[];
      expect(picked).toHaveLength(Math.min(count, 50));
      expect(new Set(picked).size).toBe(picked.length);
      for (const member of picked) expect(members).toContain(member);
    }
  });

  it('distributes picks evenly (chi-square, as unit/type/set checks)', () => {
    const { call } = createInProcessNode();
    call('SADD', 's', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    const chiSquare = (picks: string[]): number => {
      const counts = new Map<string, number>();
      for (const pick of picks) counts.set(pick, (counts.get(pick) ?? 0) + 1);
      const expected = picks.length / 10;
      let sum = 0;
      for (const count of counts.values()) sum += (count - expected) ** 2 / expected;
      return sum;
    };
    expect(chiSquare(call('SRANDMEMBER', 's', '-1000') as string[])).toBeLessThan(40);
    for (const size of [8, 2]) {
      const picks: string[] = [];
      for (let i = 0; i < 1000 / size; i++) picks.push(...(call('SRANDMEMBER', 's', size) as string[]));
      expect(chiSquare(picks)).toBeLessThan(40);
    }
  });

  it('logs nothing', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', 'a', 'b');
    call('SRANDMEMBER', 's', '-5');
    expect(effects(node)).toEqual([['SADD', 's', 'a', 'b']]);
  });
});

describe('SMOVE', () => {
  it('moves a member, creating and deleting keys as needed, with srem/del/sadd events', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SADD', 'src', 'a');
    call('SADD', 'dst', '1');
    const events = recordEvents(node);
    expect(call('SMOVE', 'src', 'dst', 'a')).toBe(1);
    expect(call('EXISTS', 'src')).toBe(0);
    expect(sorted(call('SMEMBERS', 'dst'))).toEqual(['1', 'a']);
    expect(call('OBJECT', 'ENCODING', 'dst')).toBe('hashtable');
    expect(call('SMOVE', 'dst', 'new', '1')).toBe(1);
    expect(call('OBJECT', 'ENCODING', 'new')).toBe('intset');
    expect(events).toEqual(['srem:src', 'del:src', 'sadd:dst', 'srem:dst', 'sadd:new']);
  });

  it('answers 0 for a missing source before checking types, and WRONGTYPE after', () => {
    const { call, node } = createInProcessNode();
    node.keyspace.db(0).set('l', fakeList());
    expect(call('SMOVE', 'nokey', 'l', 'a')).toBe(0);
    call('SADD', 's', 'a');
    expect(call('SMOVE', 's', 'l', 'a')).toEqual(WRONGTYPE);
    expect(call('SMOVE', 'l', 's', 'a')).toEqual(WRONGTYPE);
    expect(call('SMOVE', 's', 's', 'a')).toBe(1);
    expect(call('SMOVE', 's', 's', 'b')).toBe(0);
    expect(call('SMOVE', 's', 'other', 'b')).toBe(0);
  });

  it('does not touch the destination when it already has the member (WATCH)', () => {
    const { call, exec, node } = createInProcessNode();
    call('SADD', 'src', 'a', 'b');
    call('SADD', 'dst', 'a');
    exec('WATCH', 'dst');
    const other = node.createClient(null);
    node.dispatcher.execute(other, ['SMOVE', 'src', 'dst', 'a']);
    exec('MULTI');
    exec('SADD', 'dst', 'c');
    expect(call('EXEC')).toEqual([1]);
    expect(call('SCARD', 'src')).toBe(1);
  });
});

describe('SINTER / SINTERCARD / SINTERSTORE', () => {
  it('intersects, treating missing keys as empty and checking every type first', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 'a', '1', '2', '3', 'x');
    call('SADD', 'b', '2', '3', '4', 'x');
    call('SADD', 'c', '3', 'x', 'y');
    expect(sorted(call('SINTER', 'a', 'b'))).toEqual(['2', '3', 'x']);
    expect(sorted(call('SINTER', 'a', 'b', 'c'))).toEqual(['3', 'x']);
    expect(sorted(call('SINTER', 'a', 'a'))).toEqual(['1', '2', '3', 'x']);
    expect(call('SINTER', 'a', 'nokey')).toEqual([]);
    node.keyspace.db(0).set('l', fakeList());
    expect(call('SINTER', 'nokey', 'l')).toEqual(WRONGTYPE);
    expect(call('SINTER', 'l', 'a')).toEqual(WRONGTYPE);
  });

  it('SINTERCARD counts with an optional LIMIT and validates its arguments', () => {
    const { call } = createInProcessNode();
    call('SADD', 'a', '1', '2', '3');
    call('SADD', 'b', '1', '2', '3', '4');
    expect(call('SINTERCARD', '2', 'a', 'b')).toBe(3);
    expect(call('SINTERCARD', '2', 'a', 'b', 'LIMIT', '2')).toBe(2);
    expect(call('SINTERCARD', '2', 'a', 'b', 'limit', '0')).toBe(3);
    expect(call('SINTERCARD', '1', 'nokey')).toBe(0);
    expect(call('SINTERCARD', '0', 'a')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(call('SINTERCARD', 'x', 'a')).toEqual(error('ERR numkeys should be greater than 0'));
    expect(call('SINTERCARD', '3', 'a', 'b')).toEqual(error("ERR Number of keys can't be greater than number of args"));
    expect(call('SINTERCARD', '1', 'a', 'b')).toEqual(error('ERR syntax error'));
    expect(call('SINTERCARD', '1', 'a', 'LIMIT')).toEqual(error('ERR syntax error'));
    expect(call('SINTERCARD', '1', 'a', 'LIMIT', '-1')).toEqual(error("ERR LIMIT can't be negative"));
    expect(call('SINTERCARD', '1', 'a', 'LIMIT', 'x')).toEqual(error("ERR LIMIT can't be negative"));
  });

  it('SINTERSTORE stores (dropping the TTL) or deletes the destination, with events', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SADD', 'a', '1', '2');
    call('SADD', 'b', '2', '3');
    call('SET', 'dst', 'x', 'EX', '100');
    const events = recordEvents(node);
    expect(call('SINTERSTORE', 'dst', 'a', 'b')).toBe(1);
    expect(call('SMEMBERS', 'dst')).toEqual(['2']);
    expect(call('TTL', 'dst')).toBe(-1);
    expect(call('OBJECT', 'ENCODING', 'dst')).toBe('intset');
    expect(call('SINTERSTORE', 'dst', 'a', 'nokey')).toBe(0);
    expect(call('EXISTS', 'dst')).toBe(0);
    expect(call('SINTERSTORE', 'dst', 'a', 'nokey')).toBe(0);
    expect(events).toEqual(['sinterstore:dst', 'del:dst']);
    expect(effects(node).slice(-2)).toEqual([['SINTERSTORE', 'dst', 'a', 'b'], ['SINTERSTORE', 'dst', 'a', 'nokey']]);
  });

  it('a WRONGTYPE source leaves the destination alone', () => {
    const { call, node } = createInProcessNode();
    node.keyspace.db(0).set('l', fakeList());
    call('SADD', 'dst', 'e');
    expect(call('SINTERSTORE', 'dst', 'nokey', 'l')).toEqual(WRONGTYPE);
    expect(call('SUNIONSTORE', 'dst', 'l')).toEqual(WRONGTYPE);
    expect(call('SDIFFSTORE', 'dst', 'nokey', 'l')).toEqual(WRONGTYPE);
    expect(call('SMEMBERS', 'dst')).toEqual(['e']);
  });
});

describe('SUNION / SDIFF and their STORE forms', () => {
  it('unions and diffs with missing keys as empty sets', () => {
    const { call } = createInProcessNode();
    call('SADD', 'a', 'a', 'b', 'c');
    call('SADD', 'b', 'b', 'c', 'd');
    expect(sorted(call('SUNION', 'a', 'b', 'nokey'))).toEqual(['a', 'b', 'c', 'd']);
    expect(call('SDIFF', 'a', 'b', 'nokey')).toEqual(['a']);
    expect(call('SDIFF', 'nokey', 'a')).toEqual([]);
    expect(call('SDIFF', 'a', 'a')).toEqual([]);
    expect(call('SUNION', 'nokey')).toEqual([]);
  });

  it('SDIFF gives the same result with either algorithm', () => {
    const { call } = createInProcessNode();
    const big = Array.from({ length: 100 }, (_, i) => `m${i}`);
    call('SADD', 'big', ...big);
    call('SADD', 'small', 'm1', 'm2');
    // Checking each member (few sets) and removing from a copy (many small sets) must agree.
    expect((call('SDIFF', 'big', 'small') as string[]).length).toBe(98);
    const manySmall = Array.from({ length: 10 }, (_, i) => `s${i}`);
    manySmall.forEach((key, i) => call('SADD', key, `m${i}`));
    expect(sorted(call('SDIFF', 'big', ...manySmall))).toEqual(big.slice(10).sort());
  });

  it('the STORE forms store, encode afresh and announce, or delete the destination', () => {
    const { call, node } = createInProcessNode([['notify-keyspace-events', 'KEA']]);
    call('SADD', 'a', '1', '2', '3');
    call('SADD', 'b', '3', '4');
    const events = recordEvents(node);
    expect(call('SUNIONSTORE', 'u', 'a', 'b')).toBe(4);
    expect(call('SMEMBERS', 'u')).toEqual(['1', '2', '3', '4']);
    expect(call('OBJECT', 'ENCODING', 'u')).toBe('intset');
    expect(call('SDIFFSTORE', 'd', 'a', 'b')).toBe(2);
    expect(call('SMEMBERS', 'd')).toEqual(['1', '2']);
    expect(call('SDIFFSTORE', 'd', 'b', 'b')).toBe(0);
    expect(call('SUNIONSTORE', 'u', 'x', 'y')).toBe(0);
    expect(call('EXISTS', 'u', 'd')).toBe(0);
    expect(events).toEqual(['sunionstore:u', 'sdiffstore:d', 'del:d', 'del:u']);
  });
});

describe('SSCAN', () => {
  it('returns an intset whole with cursor 0, filtered by MATCH', () => {
    const { call } = createInProcessNode();
    call('SADD', 's', '1', '2', '10', '11');
    expect(call('SSCAN', 's', '0')).toEqual(['0', ['1', '2', '10', '11']]);
    expect(call('SSCAN', 's', '0', 'MATCH', '1*', 'COUNT', '1')).toEqual(['0', ['1', '10', '11']]);
    expect(call('SSCAN', 'nokey', '0')).toEqual(['0', []]);
  });

  it('walks a hashtable to completion with the cursor', () => {
    const { call } = createInProcessNode();
    const members = Array.from({ length: 100 }, (_, i) => `m${i}`);
    call('SADD', 's', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, batch] = call('SSCAN', 's', cursor, 'COUNT', '7') as [string, string[]];
      for (const member of batch) seen.add(member);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(100);
    expect(calls).toBeGreaterThan(10);
  });

  it('checks the cursor, then the key type, then the options', () => {
    const { call, node } = createInProcessNode();
    node.keyspace.db(0).set('l', fakeList());
    expect(call('SSCAN', 'l', 'x')).toEqual(error('ERR invalid cursor'));
    expect(call('SSCAN', 'l', '0', 'BAD')).toEqual(WRONGTYPE);
    call('SADD', 's', 'a');
    expect(call('SSCAN', 's', '0', 'BAD', '1')).toEqual(error('ERR syntax error'));
    expect(call('SSCAN', 's', '0', 'COUNT', '0')).toEqual(error('ERR syntax error'));
  });
});

describe('set values in the keyspace', () => {
  it('COPY duplicates a set with its encoding', () => {
    const { call, node } = createInProcessNode();
    call('SADD', 's', '1', '2');
    call('COPY', 's', 't');
    call('SADD', 't', '3');
    expect(call('SMEMBERS', 's')).toEqual(['1', '2']);
    expect(setAt(node, 't')!.encoding).toBe('intset');
  });

  it('a replay of the effect log rebuilds the same sets (random workload)', () => {
    const source = createInProcessNode([['set-max-intset-entries', '8']]);
    const log: Buffer[] = [];
    source.node.log.subscribe((bytes) => log.push(Buffer.from(bytes)));
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 2000; i++) {
      const key = `s${Math.floor(random() * 6)}`;
      const other = `s${Math.floor(random() * 6)}`;
      const member = pick(['1', '2', '3', '17', '-5', 'a', 'b', 'c', 'x'.repeat(30), String(Math.floor(random() * 40))]);
      const command = pick([
        ['SADD', key, member, String(Math.floor(random() * 40))],
        ['SREM', key, member],
        ['SPOP', key],
        ['SPOP', key, String(Math.floor(random() * 12))],
        ['SMOVE', key, other, member],
        ['SINTERSTORE', key, other, `s${Math.floor(random() * 6)}`],
        ['SUNIONSTORE', key, other, key],
        ['SDIFFSTORE', key, other, key],
        ['SRANDMEMBER', key, '-3'],
      ]);
      source.exec(...command);
    }
    const replica = createInProcessNode([], new FakeClock(source.clock.now()));
    new EffectApplier(replica.node).feed(Buffer.concat(log));
    expect(source.node.keyspace.totalKeys()).toBeGreaterThan(0);
    expect(datasetDigest(replica.node.keyspace.dbs)).toBe(datasetDigest(source.node.keyspace.dbs));
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeServer } from '../../src/server/node-server.js';
import { HashValue } from '../../src/store/types/hash.js';
import { FakeClock } from '../../src/clock.js';
import { EffectApplier } from '../../src/log/effect-applier.js';
import { datasetDigest, keyValueDigest } from '../../src/store/digest.js';
import { createInProcessNode, loggedEffects as effects, recordEvents } from '../support/in-process.js';
import { seededRandom } from '../support/seeded-random.js';



const error = (message: string): Error => new Error(message);
const WRONGTYPE = error('WRONGTYPE Operation against a key holding the wrong kind of value');

function encoding(node: NodeServer, key: string): string | undefined {
  return (node.keyspace.db(0).get(key) as HashValue | undefined)?.encoding;
}

describe('HSET / HMSET / HSETNX / HGET / HMGET', () => {
  it('creates and updates fields, counting only new ones', () => {
    const { call } = createInProcessNode();
    expect(call('HSET', 'h', 'a', '1', 'b', '2')).toBe(2);
    expect(call('HSET', 'h', 'a', '10', 'c', '3')).toBe(1);
    expect(call('HMSET', 'h', 'd', '4')).toBe('OK');
    expect(call('HGET', 'h', 'a')).toBe('10');
    expect(call('HGET', 'h', 'missing')).toBeNull();
    expect(call('HGET', 'nokey', 'a')).toBeNull();
    expect(call('HMGET', 'h', 'a', 'zz', 'd')).toEqual(['10', null, '4']);
    expect(call('HMGET', 'nokey', 'a', 'b')).toEqual([null, null]);
    expect(call('HLEN', 'h')).toBe(4);
  });

  it('refuses a field without a value with the arity error of the command used', () => {
    const { call } = createInProcessNode();
    expect(call('HSET', 'h', 'a', '1', 'b')).toEqual(error("ERR wrong number of arguments for 'hset' command"));
    expect(call('HMSET', 'h', 'a', '1', 'b')).toEqual(error("ERR wrong number of arguments for 'hmset' command"));
    expect(call('EXISTS', 'h')).toBe(0);
  });

  it('HSETNX sets only missing fields', () => {
    const { call } = createInProcessNode();
    expect(call('HSETNX', 'h', 'a', '1')).toBe(1);
    expect(call('HSETNX', 'h', 'a', '2')).toBe(0);
    expect(call('HGET', 'h', 'a')).toBe('1');
  });

  it('answers WRONGTYPE for other types, leaving them alone', () => {
    const { call } = createInProcessNode();
    call('SET', 's', 'x');
    for (const command of [
      ['HSET', 's', 'a', '1'],
      ['HSETNX', 's', 'a', '1'],
      ['HGET', 's', 'a'],
      ['HMGET', 's', 'a'],
      ['HDEL', 's', 'a'],
      ['HLEN', 's'],
      ['HSTRLEN', 's', 'a'],
      ['HEXISTS', 's', 'a'],
      ['HGETALL', 's'],
      ['HKEYS', 's'],
      ['HVALS', 's'],
      ['HINCRBY', 's', 'a', '1'],
      ['HINCRBYFLOAT', 's', 'a', '1'],
      ['HRANDFIELD', 's'],
      ['HRANDFIELD', 's', '2'],
      ['HSCAN', 's', '0'],
    ]) {
      expect(call(...command)).toEqual(WRONGTYPE);
    }
    expect(call('GET', 's')).toBe('x');
  });

  it('logs HSET and HMSET as they are and announces hset', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    call('HSET', 'h', 'a', '1', 'b', '2');
    call('HMSET', 'h', 'a', '3');
    call('HSETNX', 'h', 'a', '4'); // no change: no effect, no event
    call('HSETNX', 'h', 'c', '5');
    expect(effects(node)).toEqual([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HMSET', 'h', 'a', '3'],
      ['HSETNX', 'h', 'c', '5'],
    ]);
    expect(events).toEqual(['hset:h', 'hset:h', 'hset:h']);
  });

  it('counts one change per pair set, as Redis does', () => {
    const { call, node } = createInProcessNode();
    const before = node.dirty;
    call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(node.dirty - before).toBe(3);
    call('HDEL', 'h', 'a', 'b', 'zz');
    expect(node.dirty - before).toBe(5);
  });
});

describe('encodings', () => {
  it('converts to hashtable past hash-max-listpack-entries and -value, and never back', () => {
    const { call, node } = createInProcessNode([
      ['hash-max-listpack-entries', '4'],
      ['hash-max-listpack-value', '8'],
    ]);
    call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4');
    expect(call('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    call('HSET', 'h', 'e', '5');
    expect(call('OBJECT', 'ENCODING', 'h')).toBe('hashtable');
    call('HDEL', 'h', 'a', 'b', 'c', 'd');
    expect(encoding(node, 'h')).toBe('hashtable');

    call('HSET', 'v', 'a', '12345678');
    expect(encoding(node, 'v')).toBe('listpack');
    call('HSET', 'v', 'a', '123456789');
    expect(encoding(node, 'v')).toBe('hashtable');
    call('HSET', 'f', '123456789', 'a');
    expect(encoding(node, 'f')).toBe('hashtable');
  });

  it('HINCRBYFLOAT converts when its result or field is too long for a listpack', () => {
    const { call, node } = createInProcessNode([['hash-max-listpack-value', '8']]);
    call('HSET', 'small', 'tmp', '0');
    call('HSET', 'big', 'tmp', '0');
    call('HINCRBYFLOAT', 'small', 'tmp', '0.000005');
    call('HINCRBYFLOAT', 'big', 'tmp', '0.0000005');
    expect(encoding(node, 'small')).toBe('listpack');
    expect(encoding(node, 'big')).toBe('hashtable');
    call('HINCRBY', 'field', 'abcdefghi', '1');
    expect(encoding(node, 'field')).toBe('hashtable');
  });
});

describe('HDEL / HEXISTS / HLEN / HSTRLEN', () => {
  it('deletes fields and the key with its last field, announcing hdel then del', () => {
    const { call, node } = createInProcessNode();
    call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    const events = recordEvents(node);
    expect(call('HDEL', 'h', 'a', 'zz')).toBe(1);
    expect(call('HDEL', 'h', 'zz')).toBe(0);
    expect(call('HDEL', 'nokey', 'a')).toBe(0);
    expect(call('HDEL', 'h', 'b', 'c', 'b')).toBe(2);
    expect(call('EXISTS', 'h')).toBe(0);
    expect(events).toEqual(['hdel:h', 'hdel:h', 'del:h']);
    expect(effects(node).slice(-2)).toEqual([
      ['HDEL', 'h', 'a', 'zz'],
      ['HDEL', 'h', 'b', 'c', 'b'],
    ]);
  });

  it('answers existence, size and value lengths, 0 for what is missing', () => {
    const { call } = createInProcessNode();
    call('HSET', 'h', 'a', 'hello', 'e', '');
    expect(call('HEXISTS', 'h', 'a')).toBe(1);
    expect(call('HEXISTS', 'h', 'b')).toBe(0);
    expect(call('HEXISTS', 'nokey', 'a')).toBe(0);
    expect(call('HLEN', 'nokey')).toBe(0);
    expect(call('HSTRLEN', 'h', 'a')).toBe(5);
    expect(call('HSTRLEN', 'h', 'e')).toBe(0);
    expect(call('HSTRLEN', 'h', 'b')).toBe(0);
    expect(call('HSTRLEN', 'nokey', 'a')).toBe(0);
  });
});

describe('HGETALL / HKEYS / HVALS', () => {
  it('returns the fields in insertion order for a listpack, a map in RESP3, empty replies for a missing key', () => {
    const { call, exec } = createInProcessNode();
    call('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    call('HDEL', 'h', 'b');
    call('HSET', 'h', 'b', '4');
    expect(call('HKEYS', 'h')).toEqual(['a', 'c', 'b']);
    expect(call('HVALS', 'h')).toEqual(['1', '3', '4']);
    expect(call('HGETALL', 'h')).toEqual(['a', '1', 'c', '3', 'b', '4']);
    expect(call('HGETALL', 'nokey')).toEqual([]);
    expect(call('HKEYS', 'nokey')).toEqual([]);
    call('HELLO', '3');
    const reply = exec('HGETALL', 'h');
    expect(reply.type).toBe('map');
    expect(call('HGETALL', 'h')).toEqual([['a', '1'], ['c', '3'], ['b', '4']]);
    expect(exec('HGETALL', 'nokey')).toMatchObject({ type: 'map', entries: [] });
    expect(exec('HKEYS', 'h').type).toBe('array');
  });
});

describe('HINCRBY', () => {
  it('increments fields and creates keys, logged as is', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    expect(call('HINCRBY', 'h', 'n', '5')).toBe(5);
    expect(call('HINCRBY', 'h', 'n', '-7')).toBe(-2);
    expect(call('HINCRBY', 'h', 'big', '17179869184')).toBe(17179869184);
    expect(call('HGET', 'h', 'n')).toBe('-2');
    expect(events).toEqual(['hincrby:h', 'hincrby:h', 'hincrby:h']);
    expect(effects(node)[0]).toEqual(['HINCRBY', 'h', 'n', '5']);
  });

  it('refuses bad increments, non-integer values and overflows, leaving the hash unchanged', () => {
    const { call } = createInProcessNode();
    call('HSET', 'h', 'str', 'abc', 'spaced', ' 11', 'max', '9223372036854775807', 'min', '-9223372036854775808');
    expect(call('HINCRBY', 'h', 'n', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('HINCRBY', 'h', 'n', '9223372036854775808')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('HINCRBY', 'h', 'str', '1')).toEqual(error('ERR hash value is not an integer'));
    expect(call('HINCRBY', 'h', 'spaced', '1')).toEqual(error('ERR hash value is not an integer'));
    expect(call('HINCRBY', 'h', 'max', '1')).toEqual(error('ERR increment or decrement would overflow'));
    expect(call('HINCRBY', 'h', 'min', '-1')).toEqual(error('ERR increment or decrement would overflow'));
    expect(call('HGET', 'h', 'max')).toBe('9223372036854775807');
    expect(call('HINCRBY', 'h', 'max', '-9223372036854775807')).toBe(0);
    expect(call('HINCRBY', 'h', 'min', '9223372036854775807')).toBe(-1);
    expect(call('HINCRBY', 'nokey', 'n', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('EXISTS', 'nokey')).toBe(0);
  });
});

describe('HINCRBYFLOAT', () => {
  it('computes in long double and propagates HSET with the result', () => {
    const { call, node } = createInProcessNode();
    const events = recordEvents(node);
    expect(call('HINCRBYFLOAT', 'h', 'f', '1.23')).toBe('1.23');
    expect(call('HINCRBYFLOAT', 'h', 'f', '0.77')).toBe('2');
    expect(call('HINCRBYFLOAT', 'h', 'f', '-0.1')).toBe('1.9');
    call('HSET', 'h', 'i', '17179869184');
    expect(call('HINCRBYFLOAT', 'h', 'i', '17179869184.5')).toBe('34359738368.5');
    expect(call('HINCRBYFLOAT', 'h', 'e', '1e3')).toBe('1000');
    expect(effects(node)).toEqual([
      ['HSET', 'h', 'f', '1.23'],
      ['HSET', 'h', 'f', '2'],
      ['HSET', 'h', 'f', '1.9'],
      ['HSET', 'h', 'i', '17179869184'],
      ['HSET', 'h', 'i', '34359738368.5'],
      ['HSET', 'h', 'e', '1000'],
    ]);
    expect(events.filter((e) => e === 'hincrbyfloat:h').length).toBe(5);
  });

  it('refuses bad increments, infinities, non-float values and infinite results', () => {
    const { call } = createInProcessNode();
    call('HSET', 'h', 'str', 'abc', 'spaced', '11 ', 'nul', '1\u00002', 'huge', '1e4932');
    expect(call('HINCRBYFLOAT', 'h', 'n', 'x')).toEqual(error('ERR value is not a valid float'));
    expect(call('HINCRBYFLOAT', 'h', 'n', '+inf')).toEqual(error('ERR value is NaN or Infinity'));
    expect(call('HINCRBYFLOAT', 'h', 'str', '1')).toEqual(error('ERR hash value is not a float'));
    expect(call('HINCRBYFLOAT', 'h', 'spaced', '1')).toEqual(error('ERR hash value is not a float'));
    expect(call('HINCRBYFLOAT', 'h', 'nul', '1')).toEqual(error('ERR hash value is not a float'));
    expect(call('HINCRBYFLOAT', 'h', 'huge', '1e4932')).toEqual(error('ERR increment would produce NaN or Infinity'));
    expect(call('HINCRBYFLOAT', 'nokey', 'f', 'inf')).toEqual(error('ERR value is NaN or Infinity'));
    expect(call('EXISTS', 'nokey')).toBe(0);
    expect(call('HGET', 'h', 'huge')).toBe('1e4932');
  });
});

describe('HRANDFIELD', () => {
  const pairs = ['a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5', 'f', '6', 'g', '7', 'h', '8', 'i', '9', 'j', '10'];
  const fields = pairs.filter((_, i) => i % 2 === 0);

  it('returns one field, null for a missing key, an empty array for counts on a missing key or 0', () => {
    const { call, exec } = createInProcessNode();
    call('HSET', 'h', ...pairs);
    expect(fields).toContain(call('HRANDFIELD', 'h'));
    expect(call('HRANDFIELD', 'nokey')).toBeNull();
    expect(exec('HRANDFIELD', 'nokey', '5')).toMatchObject({ type: 'array', items: [] });
    expect(exec('HRANDFIELD', 'h', '0')).toMatchObject({ type: 'array', items: [] });
  });

  it('validates the count and WITHVALUES', () => {
    const { call } = createInProcessNode();
    call('HSET', 'h', 'a', '1');
    expect(call('HRANDFIELD', 'h', 'x')).toEqual(error('ERR value is not an integer or out of range'));
    expect(call('HRANDFIELD', 'h', '-9223372036854775808')).toEqual(
      error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(call('HRANDFIELD', 'h', '-9223372036854770000', 'WITHVALUES')).toEqual(error('ERR value is out of range'));
    expect(call('HRANDFIELD', 'h', '1', 'WITHSCORES')).toEqual(error('ERR syntax error'));
    expect(call('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')).toEqual(error('ERR syntax error'));
    expect(call('HRANDFIELD', 'nokey', 'x')).toEqual(error('ERR value is not an integer or out of range'));
  });

  for (const [name, config] of [
    ['listpack', []],
    ['hashtable', [['hash-max-listpack-entries', '2']]],
  ] as const) {
    it(`returns distinct fields for positive counts and repeats for negative ones (${name})`, () => {
      const { call, node } = createInProcessNode(config.map(([k, v]) => [k, v]));
      call('HSET', 'h', ...pairs);
      expect(encoding(node, 'h')).toBe(name);
      for (const count of [2, 8, 10, 20]) {
        const got = call('HRANDFIELD', 'h', count) as string[];
        expect(got.length).toBe(Math.min(count, 10));
        expect(new Set(got).size).toBe(got.length);
        for (const field of got) expect(fields).toContain(field);
        const withValues = call('HRANDFIELD', 'h', count, 'WITHVALUES') as string[];
        expect(withValues.length).toBe(2 * Math.min(count, 10));
        for (let i = 0; i < withValues.length; i += 2) expect(String(fields.indexOf(withValues[i]!) + 1)).toBe(withValues[i + 1]);
      }
      const repeated = call('HRANDFIELD', 'h', -1000) as string[];
      expect(repeated.length).toBe(1000);
      const counts = new Map<string, number>();
      for (const field of repeated) counts.set(field, (counts.get(field) ?? 0) + 1);
      expect(counts.size).toBe(10); // each of 10 fields, 1000 draws: missing one has odds of 0.9^1000
      expect((call('HRANDFIELD', 'h', -5, 'WITHVALUES') as string[]).length).toBe(10);
      expect(effects(node)).toEqual([['HSET', 'h', ...pairs]]); // read-only: nothing logged
    });
  }

  it('replies [field, value] pairs in RESP3 with WITHVALUES, plain fields without', () => {
    const { call } = createInProcessNode();
    call('HSET', 'h', ...pairs);
    call('HELLO', '3');
    for (const count of [3, -3, 30]) {
      const got = call('HRANDFIELD', 'h', count, 'WITHVALUES') as [string, string][];
      expect(got.length).toBe(Math.min(Math.abs(count), 10));
      for (const [field, value] of got) expect(String(fields.indexOf(field) + 1)).toBe(value);
    }
    expect((call('HRANDFIELD', 'h', 3) as string[]).every((f) => typeof f === 'string')).toBe(true);
  });
});

describe('HSCAN', () => {
  it('returns a listpack whole with cursor 0, and walks a hashtable to the end', () => {
    const { call } = createInProcessNode([['hash-max-listpack-entries', '16']]);
    call('HSET', 'small', 'a', '1', 'b', '2');
    expect(call('HSCAN', 'small', '0', 'COUNT', '1')).toEqual(['0', ['a', '1', 'b', '2']]);
    expect(call('HSCAN', 'nokey', '0', 'BAD', 'option')).toEqual(['0', []]);
    const pairs: string[] = [];
    for (let i = 0; i < 100; i++) pairs.push(`f${i}`, `v${i}`);
    call('HSET', 'big', ...pairs);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = call('HSCAN', 'big', cursor, 'COUNT', '7') as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      cursor = next;
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(100);
    expect(seen.get('f42')).toBe('v42');
    expect(calls).toBeGreaterThan(10);
  });

  it('filters fields with MATCH and checks the cursor and the options', () => {
    const { call } = createInProcessNode([['hash-max-listpack-entries', '4']]);
    call('HSET', 'h', 'foo1', 'a', 'bar', 'b', 'foo2', 'c', 'x', 'y', 'z', 'w');
    const [cursor, items] = call('HSCAN', 'h', '0', 'MATCH', 'foo*', 'COUNT', '100') as [string, string[]];
    expect(cursor).toBe('0');
    expect(items).toEqual(['foo1', 'a', 'foo2', 'c']);
    expect(call('HSCAN', 'h', 'abc')).toEqual(error('ERR invalid cursor'));
    expect(call('HSCAN', 'h', '0', 'COUNT', '0')).toEqual(error('ERR syntax error'));
    expect(call('HSCAN', 'h', '0', 'TYPE', 'hash')).toEqual(error('ERR syntax error'));
  });
});

describe('hash values in the keyspace', () => {
  it('digests equal hashes equally whatever their history, and COPY makes an independent hash', () => {
    const { call, node } = createInProcessNode([['hash-max-listpack-entries', '2']]);
    call('HSET', 'one', 'a', '1', 'b', '2');
    call('HSET', 'two', 'b', '2', 'x', 'y', 'a', '0');
    call('HDEL', 'two', 'x');
    call('HSET', 'two', 'a', '1');
    const db = node.keyspace.db(0);
    expect(keyValueDigest(db, 'one')).toBe(keyValueDigest(db, 'two'));
    expect(encoding(node, 'one')).toBe('listpack');
    expect(encoding(node, 'two')).toBe('hashtable');
    expect(call('COPY', 'one', 'three')).toBe(1);
    call('HSET', 'three', 'a', 'changed');
    expect(call('HGET', 'one', 'a')).toBe('1');
    expect(call('TYPE', 'one')).toBe('hash');
  });
});

describe('effect log replay', () => {
  it('rebuilds the same hashes from the log, HINCRBYFLOAT included', () => {
    const source = createInProcessNode([['hash-max-listpack-entries', '8']]);
    const log: Buffer[] = [];
    source.node.log.subscribe((bytes) => log.push(Buffer.from(bytes)));
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 3000; i++) {
      const key = `h${Math.floor(random() * 5)}`;
      const field = `f${Math.floor(random() * 12)}`;
      source.exec(
        ...pick([
          ['HSET', key, field, pick(['1', 'x', '2.5', 'y'.repeat(70)]), `g${i % 7}`, '3'],
          ['HMSET', key, field, '10'],
          ['HSETNX', key, field, '7'],
          ['HDEL', key, field, `g${i % 7}`],
          ['HINCRBY', key, field, '3'],
          ['HINCRBYFLOAT', key, field, pick(['0.1', '-1.3', '1e3'])],
          ['HRANDFIELD', key, '-3', 'WITHVALUES'],
          ['COPY', key, `h${Math.floor(random() * 5)}`, 'REPLACE'],
        ]),
      );
    }
    const replica = createInProcessNode([], new FakeClock(source.clock.now()));
    new EffectApplier(replica.node).feed(Buffer.concat(log));
    expect(source.node.keyspace.totalKeys()).toBeGreaterThan(0);
    expect(datasetDigest(replica.node.keyspace.dbs)).toBe(datasetDigest(source.node.keyspace.dbs));
  });
});

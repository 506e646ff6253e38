import { RequestParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { parseScore } from '../../src/commands/zsets.js';
import {
  BYTES_PER_COMMAND,
  ELEMENTS_PER_COMMAND,
  formatScore,
  KEY_DONE,
  SnapshotCommandWriter,
  SnapshotUnsupportedTypeError,
} from '../../src/persistence/snapshot-commands.js';
import { EffectApplier } from '../../src/log/effect-applier.js';
import type { TypedValue } from '../../src/store/values.js';
import { createInProcessNode } from '../support/in-process.js';
import { seededRandom } from '../support/seeded-random.js';

function commandsOf(bytes: Buffer): string[][] {
  const parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
  parser.feed(bytes);
  const out: string[][] = [];
  for (let args = parser.next(); args !== null; args = parser.next()) out.push(args);
  return out;
}

/** Writes one key completely, through resumed calls of `budget` bytes each; the slices. */
function writeWhole(writer: SnapshotCommandWriter, value: TypedValue | string, key: string, budget: number): Buffer[] {
  const slices: Buffer[] = [];
  let from = 0;
  do {
    from = writer.writeKey(key, value, undefined, from, budget);
    slices.push(writer.take());
  } while (from !== KEY_DONE);
  return slices;
}

describe('formatScore', () => {
  it('spells every double so that ZADD reads back the very same one', () => {
    const special = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1e21, 1e-7, 123456789012345680000, -2.5];
    const random = seededRandom(7);
    const bits = new DataView(new ArrayBuffer(8));
    const doubles = [...special];
    for (let i = 0; i < 20_000; i++) {
      bits.setUint32(0, Math.floor(random() * 2 ** 32));
      bits.setUint32(4, Math.floor(random() * 2 ** 32));
      const value = bits.getFloat64(0);
      if (!Number.isNaN(value)) doubles.push(value);
    }
    for (const value of doubles) expect(Object.is(parseScore(formatScore(value)), value), formatScore(value)).toBe(true);
    expect([formatScore(-0), formatScore(Infinity), formatScore(-Infinity)]).toEqual(['-0', 'inf', '-inf']);
  });
});

describe('SnapshotCommandWriter', () => {
  it('builds collections in commands of at most ELEMENTS_PER_COMMAND elements, resuming where a slice ended', () => {
    const source = createInProcessNode();
    for (let i = 0; i < 1000; i++) source.exec('RPUSH', 'list', `item-${i}`);
    const writer = new SnapshotCommandWriter();
    const value = source.node.keyspace.db(0).data.get('list') as TypedValue;
    const slices = writeWhole(writer, value, 'list', 3000);
    expect(slices.length).toBeGreaterThan(3);
    const commands = slices.flatMap(commandsOf);
    expect(commands.every((c) => c[0] === 'RPUSH' && c.length - 2 <= ELEMENTS_PER_COMMAND)).toBe(true);
    expect(commands.flatMap((c) => c.slice(2))).toEqual(source.call('LRANGE', 'list', 0, -1));
  });

  it('cuts a command at BYTES_PER_COMMAND bytes of elements', () => {
    const source = createInProcessNode();
    for (let i = 0; i < 100; i++) source.exec('HSET', 'h', `f${String(i).padStart(2, '0')}`, 'v'.repeat(5000));
    const writer = new SnapshotCommandWriter();
    const commands = writeWhole(writer, source.node.keyspace.db(0).data.get('h') as TypedValue, 'h', Infinity).flatMap(commandsOf);
    const perCommand = Math.ceil(BYTES_PER_COMMAND / 5003); // the element that reaches the limit still goes in
    expect(commands.map((c) => (c.length - 2) / 2)).toEqual([...Array(Math.floor(100 / perCommand)).fill(perCommand), 100 % perCommand]);
  });

  it('rebuilds a skiplist-encoded sorted set as a skiplist, so -0 scores stay -0 now and later', () => {
    const source = createInProcessNode();
    source.exec('ZADD', 'z', '-0', 'neg', '1', 'one', '0', 'x'.repeat(100));
    source.exec('ZREM', 'z', 'x'.repeat(100)); // skiplist now, and stays one though it is small
    source.exec('ZADD', 'z', '-0', 'also-neg');
    expect(source.call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    const writer = new SnapshotCommandWriter();
    writer.select(0);
    writer.writeKey('z', source.node.keyspace.db(0).data.get('z')!, undefined, 0, Infinity);
    const replica = createInProcessNode();
    new EffectApplier(replica.node).feed(writer.take());
    expect(replica.call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    expect(replica.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(source.call('ZRANGE', 'z', 0, -1, 'WITHSCORES'));
    expect(replica.call('ZSCORE', 'z', 'also-neg')).toBe('-0');
    // A listpack would turn the next -0 into 0 where the source keeps it.
    for (const node of [source, replica]) node.exec('ZADD', 'z', '-0', 'later');
    expect(replica.call('DEBUG', 'DIGEST-VALUE', 'z')).toEqual(source.call('DEBUG', 'DIGEST-VALUE', 'z'));
  });

  it('picks a placeholder that is not a member', () => {
    const source = createInProcessNode([['zset-max-listpack-value', '3']]);
    source.exec('ZADD', 'z', '1', 'xxxx', '2', 'yyyy', '3', 'a');
    const writer = new SnapshotCommandWriter({ zsetMaxListpackValue: 3 });
    writer.writeKey('z', source.node.keyspace.db(0).data.get('z')!, undefined, 0, Infinity);
    const commands = commandsOf(writer.take());
    expect(commands[0]!.slice(0, 4)).toEqual(['ZADD', 'z', '0', 'zzzz']);
    expect(commands.at(-1)).toEqual(['ZREM', 'z', 'zzzz']);
  });

  it('writes a string in place (MutableString) with its bytes, then its expiry time', () => {
    const source = createInProcessNode();
    source.exec('SET', 's', 'ab\r\n');
    source.exec('SETRANGE', 's', 6, '\xff\x00');
    const writer = new SnapshotCommandWriter();
    expect(writer.writeKey('s', source.node.keyspace.db(0).data.get('s')!, 1234, 0, Infinity)).toBe(KEY_DONE);
    expect(commandsOf(writer.take())).toEqual([
      ['SET', 's', 'ab\r\n\x00\x00\xff\x00'],
      ['PEXPIREAT', 's', '1234'],
    ]);
  });

  it('refuses a type it has no commands for', () => {
    const stream: TypedValue = { type: 'stream', encoding: 'stream', stamp: 0, clone: () => stream };
    expect(() => new SnapshotCommandWriter().writeKey('s', stream, undefined, 0, Infinity)).toThrow(SnapshotUnsupportedTypeError);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { crc64 } from '../../src/persistence/crc64.js';
import { RdbUnsupportedTypeError, writeRdb, type RdbOptions } from '../../src/persistence/rdb-writer.js';
import { NodeServer } from '../../src/server/node-server.js';
import { MutableString } from '../../src/store/values.js';
import { findTool, startRealRedis } from '../support/real-redis.js';

const NOW = 1_700_000_000_000;
const OPTIONS: RdbOptions = { redisVersion: '7.0.15', ctime: NOW / 1000, usedMem: 123456 };

function newNode(): NodeServer {
  return new NodeServer(new ConfigStore(), new FakeClock(NOW));
}

/** A minimal reader of what the writer produces, to check encodings byte by byte. */
function readRdb(file: Buffer) {
  let p = 9;
  const byte = () => file[p++]!;
  const length = (): { special: number } | number => {
    const first = byte();
    const kind = first >> 6;
    if (kind === 0) return first & 0x3f;
    if (kind === 1) return ((first & 0x3f) << 8) | byte();
    if (kind === 3) return { special: first & 0x3f };
    if (first === 0x80) {
      const n = file.readUInt32BE(p);
      p += 4;
      return n;
    }
    const n = Number(file.readBigUInt64BE(p));
    p += 8;
    return n;
  };
  const string = (): string => {
    const len = length();
    if (typeof len === 'number') {
      const s = file.toString('latin1', p, p + len);
      p += len;
      return s;
    }
    const size = [1, 2, 4][len.special]!;
    const value = size === 1 ? file.readInt8(p) : size === 2 ? file.readInt16LE(p) : file.readInt32LE(p);
    p += size;
    return String(value);
  };
  const aux: Record<string, string> = {};
  const dbs: { index: number; size: number; expires: number; keys: [string, string, number | null][] }[] = [];
  let expireAt: number | null = null;
  for (;;) {
    const op = byte();
    if (op === 0xfa) aux[string()] = string();
    else if (op === 0xfe) dbs.push({ index: length() as number, size: 0, expires: 0, keys: [] });
    else if (op === 0xfb) {
      dbs.at(-1)!.size = length() as number;
      dbs.at(-1)!.expires = length() as number;
    } else if (op === 0xfc) {
      expireAt = Number(file.readBigInt64LE(p));
      p += 8;
    } else if (op === 0x00) {
      dbs.at(-1)!.keys.push([string(), string(), expireAt]);
      expireAt = null;
    } else if (op === 0xff) break;
    else throw new Error(`unexpected opcode ${op} at ${p - 1}`);
  }
  return { magic: file.toString('latin1', 0, 9), aux, dbs, checksum: file.readBigUInt64LE(p), checksummed: p, end: p + 8 };
}

describe('writeRdb', () => {
  it('writes the header, the aux fields in Redis order, EOF and a valid CRC-64', () => {
    const node = newNode();
    const file = writeRdb(node.keyspace.dbs, {
      ...OPTIONS,
      replication: { streamDb: 0, replid: 'a'.repeat(40), offset: 1234 },
    });
    const rdb = readRdb(file);
    expect(rdb.magic).toBe('REDIS0010');
    expect(Object.entries(rdb.aux)).toEqual([
      ['redis-ver', '7.0.15'],
      ['redis-bits', '64'],
      ['ctime', String(NOW / 1000)],
      ['used-mem', '123456'],
      ['repl-stream-db', '0'],
      ['repl-id', 'a'.repeat(40)],
      ['repl-offset', '1234'],
      ['aof-base', '0'],
    ]);
    expect(rdb.dbs).toEqual([]);
    expect(rdb.end).toBe(file.length);
    expect(rdb.checksum).toBe(crc64(file.subarray(0, rdb.checksummed)));
  });

  it('writes SELECTDB + RESIZEDB for non-empty databases only, and expiry times before their keys', () => {
    const node = newNode();
    const db0 = node.keyspace.db(0);
    const db3 = node.keyspace.db(3);
    db0.set('plain', 'value');
    db0.set('ttl', 'x');
    db0.setExpire('ttl', NOW + 5000);
    db3.set('other', 'y');
    const rdb = readRdb(writeRdb(node.keyspace.dbs, OPTIONS));
    expect(rdb.dbs).toEqual([
      { index: 0, size: 2, expires: 1, keys: [['plain', 'value', null], ['ttl', 'x', NOW + 5000]] },
      { index: 3, size: 1, expires: 0, keys: [['other', 'y', null]] },
    ]);
  });

  it('int-encodes canonical 32-bit integers only, as rdbSaveRawString does', () => {
    const node = newNode();
    const db = node.keyspace.db(0);
    const cases = ['12', '-128', '-200', '32767', '100000', '-2147483648', '2147483648', '007', '+1', '-0', '', '1e3'];
    for (const value of cases) db.set(`k${value}`, value);
    const file = writeRdb(node.keyspace.dbs, OPTIONS);
    expect(readRdb(file).dbs[0]!.keys.map(([, v]) => v)).toEqual(cases);
    const after = (key: string) => file.subarray(file.indexOf(Buffer.from(key, 'latin1')) + key.length);
    expect([...after('k12').subarray(0, 2)]).toEqual([0xc0, 12]);
    expect([...after('k-200').subarray(0, 3)]).toEqual([0xc1, 0x38, 0xff]);
    expect([...after('k100000').subarray(0, 5)]).toEqual([0xc2, 0xa0, 0x86, 0x01, 0x00]);
    expect([...after('k007').subarray(0, 4)]).toEqual([3, 0x30, 0x30, 0x37]);
  });

  it('uses 6-bit, 14-bit and 32-bit length prefixes and writes binary values as they are', () => {
    const node = newNode();
    const db = node.keyspace.db(0);
    const binary = Buffer.from([0, 255, 13, 10, 128]).toString('latin1');
    db.set('short', 'a'.repeat(63));
    db.set('medium', 'b'.repeat(16383));
    db.set('long', 'c'.repeat(16384));
    db.set('binary', binary);
    db.set('mutable', new MutableString(Buffer.from('edited in place')));
    const file = writeRdb(node.keyspace.dbs, OPTIONS);
    const values = readRdb(file).dbs[0]!.keys.map(([, v]) => v.length);
    expect(values).toEqual([63, 16383, 16384, 5, 15]);
    expect(readRdb(file).dbs[0]!.keys[3]![1]).toBe(binary);
    expect(file.includes(Buffer.from([0x80, 0, 0, 0x40, 0]))).toBe(true);
  });

  it('writes eight zero bytes instead of the checksum when rdbchecksum is off', () => {
    const file = writeRdb(newNode().keyspace.dbs, { ...OPTIONS, checksum: false });
    expect(file.subarray(-8)).toEqual(Buffer.alloc(8));
  });

  it('leaves the keys out for a filtered snapshot', () => {
    const node = newNode();
    node.keyspace.db(0).set('k', 'v');
    expect(readRdb(writeRdb(node.keyspace.dbs, { ...OPTIONS, excludeData: true })).dbs).toEqual([]);
  });

  it('refuses a value type it has no encoding for, naming it', () => {
    const node = newNode();
    const stream = { type: 'stream' as const, encoding: 'stream', stamp: 0, clone: () => stream };
    node.keyspace.db(0).set('s', stream);
    expect(() => writeRdb(node.keyspace.dbs, OPTIONS)).toThrow(RdbUnsupportedTypeError);
    expect(() => writeRdb(node.keyspace.dbs, OPTIONS)).toThrow('RDB encoding of stream values is not implemented');
  });
});

describe('the RDB file read by the real Redis tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'understudy-rdb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A dataset with every string shape: ints, binary, big, TTLs, several databases. */
  function sampleFile(): Buffer {
    const node = newNode();
    const db0 = node.keyspace.db(0);
    db0.set('int', '42');
    db0.set('negative', '-70000');
    db0.set('text', 'hello world');
    db0.set('binary', Buffer.from([0, 1, 2, 255, 13, 10]).toString('latin1'));
    db0.set('big', 'x'.repeat(100_000));
    db0.set('empty', '');
    db0.set('ttl', 'soon');
    db0.setExpire('ttl', Date.now() + 3_600_000);
    node.keyspace.db(5).set('in-five', 'v5');
    return writeRdb(node.keyspace.dbs, {
      ...OPTIONS,
      ctime: Math.floor(Date.now() / 1000),
      replication: { streamDb: 0, replid: 'f'.repeat(40), offset: 0 },
    });
  }

  const checkRdb = findTool('redis-check-rdb');
  it.skipIf(checkRdb === null)('passes redis-check-rdb', () => {
    const path = join(dir, 'check.rdb');
    writeFileSync(path, sampleFile());
    const output = execFileSync(checkRdb!, [path], { encoding: 'utf8' });
    expect(output).toContain('Checksum OK');
    expect(output).toContain('RDB looks OK!');
    expect(output).toContain('[info] 8 keys read');
    expect(output).toContain('[info] 1 expires');
  });

  it.skipIf(checkRdb === null)('is rejected by redis-check-rdb when a byte is corrupted (the CRC is checked)', () => {
    const file = Buffer.from(sampleFile());
    file[file.indexOf(Buffer.from('hello world')) + 2] ^= 1;
    const path = join(dir, 'corrupt.rdb');
    writeFileSync(path, file);
    const result = spawnSync(checkRdb!, [path], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('RDB CRC error');
  });

  const redisServer = findTool('redis-server');
  it.skipIf(redisServer === null)('writes lists, sets, hashes and sorted sets that redis-server loads', async () => {
    const { createInProcessNode } = await import('../support/in-process.js');
    const n = createInProcessNode();
    n.call('rpush', 'list', 'a', 'b', '3');
    n.call('sadd', 'ints', '1', '2', '300');
    n.call('sadd', 'words', 'x', 'y');
    n.call('hset', 'hash', 'f1', 'v1', 'f2', '2');
    n.call('zadd', 'zset', '1.5', 'm1', '-inf', 'm2', '3', 'm3');
    const sub = mkdtempSync(join(dir, 'types-'));
    writeFileSync(join(sub, 'dump.rdb'), writeRdb(n.node.keyspace.dbs, OPTIONS));
    const redis = await startRealRedis(redisServer!, ['--dir', sub, '--dbfilename', 'dump.rdb']);
    try {
      const c = redis.client;
      expect(await c.lrange('list', 0, -1)).toEqual(['a', 'b', '3']);
      expect((await c.smembers('ints')).sort()).toEqual(['1', '2', '300']);
      expect((await c.smembers('words')).sort()).toEqual(['x', 'y']);
      expect(await c.hgetall('hash')).toEqual({ f1: 'v1', f2: '2' });
      expect(await c.zrange('zset', '0', '-1', 'WITHSCORES')).toEqual(['m2', '-inf', 'm1', '1.5', 'm3', '3']);
      expect(await c.dbsize()).toBe(5);
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(redisServer === null)('loads into redis-server with every key, value and TTL', async () => {
    const sub = mkdtempSync(join(dir, 'load-'));
    writeFileSync(join(sub, 'dump.rdb'), sampleFile());
    const redis = await startRealRedis(redisServer!, ['--dir', sub, '--dbfilename', 'dump.rdb']);
    try {
      const c = redis.client;
      expect(await c.dbsize()).toBe(7);
      expect(await c.get('int')).toBe('42');
      expect(await c.get('negative')).toBe('-70000');
      expect(await c.get('text')).toBe('hello world');
      expect(await c.getBuffer('binary')).toEqual(Buffer.from([0, 1, 2, 255, 13, 10]));
      expect(await c.strlen('big')).toBe(100_000);
      expect(await c.get('empty')).toBe('');
      const pttl = await c.pttl('ttl');
      expect(pttl).toBeGreaterThan(3_500_000);
      expect(pttl).toBeLessThanOrEqual(3_600_000);
      await c.select(5);
      expect(await c.get('in-five')).toBe('v5');
      expect(redis.output()).toContain('DB loaded from disk');
    } finally {
      await redis.stop();
    }
  });
});

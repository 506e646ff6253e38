import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { encodeCommand } from '@understudy/resp';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../../packages/node/test/support/node-process.js';
import { startProxyProcess, stopAllProxyProcesses, type ProxyProcess } from '../support/proxy-process.js';
import { RawSession, type Input } from './transcript.js';

/**
 * The proxy in front of a real node, driven by real clients. Most checks run the same raw script against the
 * node directly and through the proxy and compare the reply bytes: the proxy forwards bytes, so wherever the
 * node's replies are deterministic the client must not be able to tell the two apart.
 */

let node: NodeProcess;
let proxy: ProxyProcess;
/** A direct RESP2 connection to the node, to set up and inspect state behind the proxy's back. */
let admin: Redis;

beforeAll(async () => {
  node = await startNodeProcess();
  proxy = await startProxyProcess(['--upstream', `127.0.0.1:${node.port}`]);
  admin = node.client({ protocol: 2 });
});

afterAll(async () => {
  await stopAllProxyProcesses();
  await stopAllNodeProcesses();
});

/**
 * Runs `script` against the node directly, then through the proxy, each time from an empty dataset, and expects
 * the same results; returns the direct one (for the checks that it is the expected one at all).
 */
async function sameOnBoth<T>(script: (port: number) => Promise<T>): Promise<T> {
  await admin.flushall();
  const direct = await script(node.port);
  await admin.flushall();
  const proxied = await script(proxy.port);
  expect(proxied).toEqual(direct);
  return direct;
}

/** Each command's reply bytes on one connection, after an optional HELLO 3 (whose reply carries the connection id). */
function script(commands: readonly Input[], resp3 = false): (port: number) => Promise<string[]> {
  return async (port) => {
    const session = await RawSession.open(port);
    try {
      if (resp3) await session.call(['HELLO', '3']);
      const replies: string[] = [];
      for (const command of commands) replies.push(await session.call(command));
      return replies;
    } finally {
      session.close();
    }
  };
}

/** Command scripts with deterministic replies, one per family, errors included. */
const FAMILIES: Record<string, string[][]> = {
  strings: [
    ['SET', 's', 'hello'], ['GET', 's'], ['APPEND', 's', ' world'], ['STRLEN', 's'], ['GETRANGE', 's', '0', '-3'],
    ['SETRANGE', 's', '20', 'x'], ['GET', 's'], ['GET', 'missing'], ['SET', 's', 'v', 'NX'], ['SET', 's', 'v2', 'XX', 'GET'],
    ['SET', 's', 'v', 'EX', '0'], ['SET', 's', 'v', 'NX', 'XX'], ['MSET', 'a', '1', 'b', '2'], ['MGET', 'a', 'b', 'missing'],
    ['MSETNX', 'a', '1', 'c', '2'], ['INCR', 'a'], ['INCRBY', 'a', '-10'], ['DECR', 'a'], ['DECRBY', 'a', '5'],
    ['INCRBYFLOAT', 'b', '1.5'], ['INCRBYFLOAT', 'b', '1e400'], ['INCR', 's'], ['INCRBY', 'max', '9223372036854775807'],
    ['INCR', 'max'], ['GETDEL', 'b'], ['GETDEL', 'b'], ['SETNX', 'c', 'x'], ['SETNX', 'c', 'y'], ['GETSET', 'c', 'z'],
    ['SETEX', 'e', '100', 'x'], ['TTL', 'e'], ['GETEX', 'e', 'PERSIST'], ['TTL', 'e'], ['PSETEX', 'e', '-1', 'x'],
    ['SET', 'l1', 'ohmytext'], ['SET', 'l2', 'mynewtext'], ['LCS', 'l1', 'l2'], ['LCS', 'l1', 'l2', 'LEN'],
    ['LCS', 'l1', 'l2', 'IDX', 'WITHMATCHLEN'], ['SUBSTR', 'l1', '0', '1'], ['GET'], ['NOSUCHCOMMAND', 'x'],
  ],
  keys: [
    ['SET', 'k1', 'v'], ['SET', 'k2', 'v'], ['EXISTS', 'k1', 'k2', 'k3', 'k1'], ['TYPE', 'k1'], ['TYPE', 'missing'],
    ['RENAME', 'k1', 'k3'], ['RENAME', 'missing', 'x'], ['RENAMENX', 'k3', 'k2'], ['COPY', 'k2', 'k4'], ['COPY', 'k2', 'k4'],
    ['MOVE', 'k4', '1'], ['EXPIRE', 'k2', '100'], ['TTL', 'k2'], ['EXPIRE', 'k2', '50', 'GT'], ['EXPIRE', 'k2', '50', 'LT'],
    ['TTL', 'k2'], ['EXPIRE', 'k2', '50', 'NX', 'XX'], ['PEXPIREAT', 'k2', '32503680000000'], ['PEXPIRETIME', 'k2'],
    ['EXPIRETIME', 'k2'], ['PERSIST', 'k2'], ['PTTL', 'k2'], ['EXPIRETIME', 'missing'], ['TOUCH', 'k2', 'k3', 'x'],
    ['KEYS', 'k2'], ['SCAN', '0', 'MATCH', 'k3', 'COUNT', '1000'], ['DBSIZE'], ['OBJECT', 'ENCODING', 'k2'],
    ['SET', 'n', '123'], ['OBJECT', 'ENCODING', 'n'], ['DEL', 'k2', 'k3', 'k9'], ['UNLINK', 'n'],
    ['SELECT', '99'], ['SELECT', 'x'], ['DBSIZE'], ['EXPIRE', 'nothing', 'abc'],
  ],
  hashes: [
    ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'], ['HGET', 'h', 'f1'], ['HMGET', 'h', 'f1', 'nope', 'f2'], ['HGETALL', 'h'],
    ['HLEN', 'h'], ['HEXISTS', 'h', 'f1'], ['HSETNX', 'h', 'f1', 'x'], ['HSTRLEN', 'h', 'f2'], ['HINCRBY', 'h', 'n', '5'],
    ['HINCRBYFLOAT', 'h', 'x', '2.5'], ['HINCRBY', 'h', 'f1', '1'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HDEL', 'h', 'f1', 'nope'],
    ['HSCAN', 'h', '0'], ['HRANDFIELD', 'missing'], ['HSET', 'h'], ['SET', 's', 'x'], ['HGET', 's', 'f'],
  ],
  lists: [
    ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LPUSH', 'l', 'z'], ['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'], ['LINDEX', 'l', '2'],
    ['LSET', 'l', '1', 'A'], ['LINSERT', 'l', 'BEFORE', 'c', 'bb'], ['LPOS', 'l', 'c'], ['LREM', 'l', '0', 'bb'],
    ['LPOP', 'l'], ['RPOP', 'l', '2'], ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['RPOPLPUSH', 'l', 'm'], ['LRANGE', 'm', '0', '-1'],
    ['LTRIM', 'm', '0', '0'], ['LMPOP', '2', 'nope', 'm', 'LEFT', 'COUNT', '5'], ['RPUSH', 'q', '1', '2', '3'],
    ['BLPOP', 'nope', 'q', '0'], ['BRPOP', 'q', '0'], ['BLMPOP', '0', '1', 'q', 'RIGHT'], ['BRPOP', 'q', '0.01'], ['LPUSHX', 'nope', 'x'], ['LSET', 'nope', '0', 'x'],
    ['LINDEX', 'l', 'x'], ['SET', 's', 'x'], ['LPUSH', 's', 'x'],
  ],
  sets: [
    ['SADD', 's1', '1', '2', '3', '4'], ['SADD', 's2', '3', '4', '5'], ['SMEMBERS', 's1'], ['SCARD', 's1'],
    ['SISMEMBER', 's1', '2'], ['SMISMEMBER', 's1', '1', '9'], ['SINTER', 's1', 's2'], ['SUNION', 's1', 's2'],
    ['SDIFF', 's1', 's2'], ['SINTERCARD', '2', 's1', 's2'], ['SINTERSTORE', 'd', 's1', 's2'], ['SUNIONSTORE', 'd', 's1', 's2'],
    ['SDIFFSTORE', 'd', 's1', 's2'], ['SMEMBERS', 'd'], ['SMOVE', 's1', 's2', '1'], ['SREM', 's1', '2', '9'], ['SMEMBERS', 's1'],
    ['SPOP', 'missing'], ['SRANDMEMBER', 'missing', '3'], ['SSCAN', 's2', '0'], ['SADD', 's1'], ['SET', 'x', 'y'], ['SADD', 'x', 'z'],
  ],
  zsets: [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3.5', 'c'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZREVRANGE', 'z', '0', '1'],
    ['ZRANGEBYSCORE', 'z', '(1', '+inf', 'WITHSCORES'], ['ZRANK', 'z', 'c'], ['ZREVRANK', 'z', 'c'], ['ZSCORE', 'z', 'c'],
    ['ZMSCORE', 'z', 'a', 'nope'], ['ZINCRBY', 'z', '0.25', 'a'], ['ZCOUNT', 'z', '-inf', '2'], ['ZCARD', 'z'],
    ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c'], ['ZRANGEBYLEX', 'lex', '[b', '+'], ['ZLEXCOUNT', 'lex', '-', '+'],
    ['ZADD', 'z', 'XX', 'CH', 'GT', '10', 'a'], ['ZADD', 'z', 'INCR', '1', 'b'], ['ZADD', 'z', 'NX', 'XX', '1', 'a'],
    ['ZUNIONSTORE', 'u', '2', 'z', 'lex', 'WEIGHTS', '2', '1'], ['ZINTER', '2', 'z', 'lex', 'WITHSCORES'],
    ['ZRANGE', 'u', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'r', 'u', '0', '1'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z', '2'],
    ['ZMPOP', '1', 'u', 'MIN', 'COUNT', '2'], ['BZPOPMIN', 'lex', '0'], ['ZREM', 'lex', 'b', 'nope'], ['ZSCAN', 'lex', '0'],
    ['ZADD', 'z', 'x', 'a'], ['ZADD', 'z', 'nan', 'a'], ['ZRANGE', 'z', '0'],
  ],
  sort: [
    ['RPUSH', 'l', '3', '1', '2'], ['SORT', 'l'], ['SORT', 'l', 'DESC', 'LIMIT', '0', '2'], ['MSET', 'w_1', '30', 'w_2', '10', 'w_3', '20'],
    ['MSET', 'o_1', 'one', 'o_2', 'two', 'o_3', 'three'], ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*'],
    ['SORT', 'l', 'BY', 'nosort'], ['SORT', 'l', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['RPUSH', 'words', 'b', 'a', 'c'],
    ['SORT', 'words'], ['SORT', 'words', 'ALPHA'], ['SORT_RO', 'words', 'ALPHA', 'DESC'], ['SORT', 'l', 'LIMIT', 'x', '1'],
  ],
  bits: [
    ['SETBIT', 'b', '7', '1'], ['SETBIT', 'b', '100', '1'], ['GETBIT', 'b', '7'], ['GETBIT', 'b', '1000'], ['BITCOUNT', 'b'],
    ['BITCOUNT', 'b', '0', '0'], ['BITCOUNT', 'b', '0', '7', 'BIT'], ['BITPOS', 'b', '1'], ['BITPOS', 'b', '0', '1'],
    ['SET', 'x', 'abc'], ['BITOP', 'AND', 'd', 'b', 'x'], ['BITOP', 'OR', 'd', 'b', 'x'], ['BITOP', 'XOR', 'd', 'b', 'x'],
    ['BITOP', 'NOT', 'd', 'x'], ['GET', 'd'], ['BITFIELD', 'bf', 'SET', 'u8', '0', '200', 'INCRBY', 'u8', '0', '100', 'GET', 'i4', '0'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '100'], ['BITFIELD_RO', 'bf', 'GET', 'u8', '0'],
    ['SETBIT', 'b', '-1', '1'], ['SETBIT', 'b', '1', '2'], ['BITOP', 'NOT', 'd', 'x', 'b'],
  ],
};

describe('every command family, byte for byte through the proxy', () => {
  for (const [family, commands] of Object.entries(FAMILIES)) {
    for (const resp3 of [false, true]) {
      it(`${family} (RESP${resp3 ? 3 : 2})`, async () => {
        const replies = await sameOnBoth(script(commands, resp3));
        // The scripts exercise the commands, not the unknown-command path.
        const unknown = replies.filter((reply, i) => reply.startsWith('-ERR unknown command') && commands[i]![0] !== 'NOSUCHCOMMAND');
        expect(unknown).toEqual([]);
      });
    }
  }
});

describe('data through ioredis', () => {
  it('serves every family with the expected values', async () => {
    const c = proxy.client({ protocol: 2 });
    await c.flushall();
    expect(await c.set('s', 'v', 'EX', 100)).toBe('OK');
    expect(await c.get('s')).toBe('v');
    expect(await c.ttl('s')).toBe(100);
    expect(await c.hset('h', { a: '1', b: '2' })).toBe(2);
    expect(await c.hgetall('h')).toEqual({ a: '1', b: '2' });
    expect(await c.rpush('l', 'x', 'y')).toBe(2);
    expect(await c.lrange('l', 0, -1)).toEqual(['x', 'y']);
    expect(await c.sadd('set', 'm')).toBe(1);
    expect(await c.smembers('set')).toEqual(['m']);
    expect(await c.zadd('z', 2, 'two', 1, 'one')).toBe(2);
    expect(await c.zrange('z', '0', '-1', 'WITHSCORES')).toEqual(['one', '1', 'two', '2']);
    expect(await c.call('SORT', 'l', 'ALPHA', 'DESC')).toEqual(['y', 'x']);
    expect(await c.setbit('bits', 3, 1)).toBe(0);
    expect(await c.bitcount('bits')).toBe(1);
    // What the proxy wrote is what the node holds.
    expect(await admin.get('s')).toBe('v');
    expect(await admin.zscore('z', 'two')).toBe('2');
  });

  it('expires keys in real time', async () => {
    const c = proxy.client({ protocol: 2 });
    await c.set('short', 'v', 'PX', 50);
    await c.set('long', 'v');
    expect(await c.pexpire('long', 60_000)).toBe(1);
    await waitFor(async () => (await c.exists('short')) === 0, 5_000, 'the key to expire');
    expect(await c.get('short')).toBeNull();
    expect(await c.ttl('long')).toBeGreaterThan(50);
  });

  it('moves 10 MB values both ways', async () => {
    const c = proxy.client({ protocol: 2 });
    const big = randomBytes(10 * 1024 * 1024);
    expect(await c.set('big', big)).toBe('OK');
    expect((await c.getBuffer('big'))!.equals(big)).toBe(true);
    expect((await admin.getBuffer('big'))!.equals(big)).toBe(true);
    expect(await c.strlen('big')).toBe(big.length);
    expect((await c.getrangeBuffer('big', 5_000_000, 5_000_009)).equals(big.subarray(5_000_000, 5_000_010))).toBe(true);
    // A big reply in a pipeline, between small ones.
    const results = await c.pipeline().ping().getBuffer('big').ping().exec();
    expect(results!.map(([err]) => err)).toEqual([null, null, null]);
    expect((results![1]![1] as Buffer).equals(big)).toBe(true);
    expect(results![2]![1]).toBe('PONG');
    await c.del('big');
  });

  it('a client that stops reading gets every byte once it reads again (back-pressure, not loss)', async () => {
    const value = randomBytes(1024 * 1024);
    await admin.set('mb', value);
    const count = 64;
    const reply = Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from('\r\n')]);
    const socket = connect({ port: proxy.port, host: '127.0.0.1' });
    try {
      await once(socket, 'connect');
      socket.pause();
      socket.write(Buffer.concat(Array.from({ length: count }, () => Buffer.from('GET mb\r\n'))));
      // Long enough for the proxy to fill the socket buffers and stop reading upstream.
      await new Promise((r) => setTimeout(r, 300));
      const chunks: Buffer[] = [];
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        received += chunk.length;
      });
      socket.resume();
      await waitFor(() => received >= reply.length * count, 15_000, 'every reply');
      const all = Buffer.concat(chunks);
      expect(all.length).toBe(reply.length * count);
      for (let i = 0; i < count; i++) expect(all.subarray(i * reply.length, (i + 1) * reply.length).equals(reply)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('answers a pipeline of 10,000 commands in order', async () => {
    const c = proxy.client({ protocol: 2 });
    await c.set('word', 'text');
    const pipeline = c.pipeline();
    for (let i = 0; i < 10_000; i++) {
      if (i % 4 === 0) pipeline.incr('counter');
      else if (i % 4 === 1) pipeline.set(`key:${i}`, String(i));
      else if (i % 4 === 2) pipeline.get(`key:${i - 1}`);
      else pipeline.incr('word'); // an error, in its place
    }
    const results = (await pipeline.exec())!;
    expect(results).toHaveLength(10_000);
    for (let i = 0; i < 10_000; i++) {
      const [err, value] = results[i]!;
      if (i % 4 === 0) expect(value).toBe(i / 4 + 1);
      else if (i % 4 === 1) expect(value).toBe('OK');
      else if (i % 4 === 2) expect(value).toBe(String(i - 1));
      else expect(err!.message).toBe('ERR value is not an integer or out of range');
    }
  });

  it('answers 10,000 raw commands sent in one write byte for byte', async () => {
    const commands = Buffer.concat(Array.from({ length: 10_000 }, (_, i) => Buffer.from(i % 2 === 0 ? `*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n` : `GET n\r\n`)));
    const replies = await sameOnBoth(async (port) => {
      const session = await RawSession.open(port);
      try {
        return await session.call(commands, 10_000, 15_000);
      } finally {
        session.close();
      }
    });
    expect(replies.endsWith(':5000\r\n$4\r\n5000\r\n')).toBe(true);
  });
});

/** Polls the node until `count` clients are blocked. */
async function blockedClients(count: number): Promise<void> {
  await waitFor(async () => /blocked_clients:(\d+)/.exec(await admin.info('clients'))?.[1] === String(count), 5_000, `${count} blocked clients`);
}

describe('blocking commands', () => {
  it('BLPOP waits for a push from another proxied client', async () => {
    const waiter = proxy.client({ protocol: 2 });
    const pusher = proxy.client({ protocol: 2 });
    await pusher.del('queue');
    const popped = waiter.blpop('queue', 5);
    await blockedClients(1);
    expect(await pusher.rpush('queue', 'job')).toBe(1);
    expect(await popped).toEqual(['queue', 'job']);
    // The connection goes on after the blocking command.
    expect(await waiter.ping()).toBe('PONG');
  });

  it('BLMOVE and BZPOPMIN are served the same way', async () => {
    const waiter = proxy.client({ protocol: 2 });
    const zwaiter = proxy.client({ protocol: 2 });
    const moved = waiter.blmove('src', 'dst', 'LEFT', 'RIGHT', 5);
    const zpopped = zwaiter.bzpopmin('zq', 5);
    await blockedClients(2);
    await admin.rpush('src', 'a');
    await admin.zadd('zq', 7, 'm');
    expect(await moved).toBe('a');
    expect(await zpopped).toEqual(['zq', 'm', '7']);
    expect(await admin.lrange('dst', 0, -1)).toEqual(['a']);
  });

  it('BLPOP times out with a null reply, on time', async () => {
    const c = proxy.client({ protocol: 2 });
    const started = Date.now();
    expect(await c.blpop('never', 0.2)).toBeNull();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(3_000);
    // RESP3's null and RESP2's null array, as the node sends them.
    const replies = await sameOnBoth(async (port) => [await script([['BLPOP', 'never', '0.05']])(port), await script([['BLPOP', 'never', '0.05']], true)(port)]);
    expect(replies).toEqual([['*-1\r\n'], ['_\r\n']]);
  });

  it('a blocked client, then commands pipelined behind it', async () => {
    const replies = await sameOnBoth(async (port) => {
      const session = await RawSession.open(port);
      try {
        session.send(encodeAll([['BLPOP', 'bq', '5'], ['ECHO', 'after']]));
        await blockedClients(1);
        await admin.rpush('bq', 'x');
        return await session.read(2);
      } finally {
        session.close();
      }
    });
    expect(replies).toBe('*2\r\n$2\r\nbq\r\n$1\r\nx\r\n$5\r\nafter\r\n');
  });
});

/** Several commands as RESP multibulks, in one buffer (sent in one write). */
function encodeAll(commands: readonly string[][]): Buffer {
  return Buffer.concat(commands.map((args) => encodeCommand(args)));
}

describe('pub/sub', () => {
  for (const protocol of [2, 3] as const) {
    it(`SUBSCRIBE, PSUBSCRIBE, messages and UNSUBSCRIBE through ioredis (RESP${protocol})`, async () => {
      const sub = proxy.client({ protocol });
      const pub = proxy.client({ protocol: 2 });
      const received: string[] = [];
      sub.on('message', (channel: string, message: string) => received.push(`${channel}:${message}`));
      sub.on('pmessage', (pattern: string, channel: string, message: string) => received.push(`${pattern}:${channel}:${message}`));
      expect(await sub.subscribe('news', 'sport')).toBe(2);
      expect(await sub.psubscribe('n*')).toBe(3);
      expect(await pub.publish('news', 'one')).toBe(2);
      expect(await pub.publish('sport', 'two')).toBe(1);
      await waitFor(() => received.length === 3, 5_000, 'three deliveries');
      expect(received).toEqual(['news:one', 'n*:news:one', 'sport:two']);
      expect(await sub.unsubscribe('news')).toBe(2);
      // (With explicit names: ioredis 6 never resolves a bare PUNSUBSCRIBE while channels remain, against redis-server too.)
      expect(await sub.punsubscribe('n*')).toBe(1);
      expect(await pub.publish('news', 'unheard')).toBe(0);
      expect(await pub.publish('sport', 'three')).toBe(1);
      await waitFor(() => received.length === 4, 5_000, 'the fourth delivery');
      expect(received[3]).toBe('sport:three');
      expect(await sub.unsubscribe('sport')).toBe(0);
      // Out of subscribed mode, ordinary commands again.
      expect(await sub.set('after', 'x')).toBe('OK');
    });
  }

  for (const resp3 of [false, true]) {
    it(`the subscribed-mode conversation is byte for byte the node's (RESP${resp3 ? 3 : 2})`, async () => {
      const transcript = await sameOnBoth(async (port) => {
        const sub = await RawSession.open(port);
        const pub = await RawSession.open(port);
        try {
          const out: string[] = [];
          if (resp3) await sub.call(['HELLO', '3']);
          out.push(await sub.call(['SUBSCRIBE', 'a', 'b'], 2));
          out.push(await sub.call(['PSUBSCRIBE', 'p*'], 1));
          out.push(await sub.call(['PING'], 1));
          out.push(await sub.call(['PING', 'hi'], 1));
          // Not allowed in RESP2 subscribed mode; an ordinary command in RESP3.
          out.push(await sub.call(['GET', 'x'], 1));
          out.push(await pub.call(['PUBLISH', 'a', 'm1']));
          out.push(await sub.read(1));
          out.push(await pub.call(['PUBLISH', 'pa', 'm2']));
          out.push(await sub.read(1));
          // A message arriving while a command is in flight, then the command's reply.
          sub.send(encodeAll([['PING', 'x']]));
          out.push(await pub.call(['PUBLISH', 'b', 'm3']));
          out.push(await sub.read(2));
          out.push(await sub.call(['UNSUBSCRIBE'], 2));
          out.push(await sub.call(['PUNSUBSCRIBE', 'p*', 'other'], 2));
          out.push(await sub.call(['UNSUBSCRIBE'], 1));
          out.push(await sub.call(['PING'], 1));
          return out;
        } finally {
          sub.close();
          pub.close();
        }
      });
      expect(transcript[0]).toContain('subscribe');
      expect(transcript[6]).toContain('m1');
    });
  }
});

describe('transactions', () => {
  it('MULTI/EXEC, DISCARD and an EXECABORT, byte for byte', async () => {
    const replies = await sameOnBoth(
      script([
        ['MULTI'], ['SET', 't', '1'], ['INCR', 't'], ['GET', 't'], ['EXEC'], ['MULTI'], ['SET', 't', 'x'], ['DISCARD'], ['GET', 't'],
        ['MULTI'], ['NOSUCH'], ['SET', 't', '2'], ['EXEC'], ['EXEC'], ['DISCARD'], ['MULTI'], ['MULTI'], ['WATCH', 'x'], ['EXEC'],
      ]),
    );
    expect(replies[4]).toBe('*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n');
    expect(replies[12]).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
  });

  it('a WATCHed key written by another client makes EXEC return null', async () => {
    const c = proxy.client({ protocol: 2 });
    const other = proxy.client({ protocol: 2 });
    await c.set('w', '1');
    await c.watch('w');
    await other.set('w', '2');
    expect(await c.multi().set('w', '3').exec()).toBeNull();
    expect(await c.get('w')).toBe('2');
    // Without a conflict the same transaction runs.
    await c.watch('w');
    expect(await c.multi().set('w', '3').exec()).toEqual([[null, 'OK']]);
    expect(await admin.get('w')).toBe('3');
  });

  it('the WATCH conflict is byte for byte the node’s, in RESP2 and RESP3', async () => {
    const replies = await sameOnBoth(async (port) => {
      const out: string[] = [];
      for (const resp3 of [false, true]) {
        const c = await RawSession.open(port);
        try {
          if (resp3) await c.call(['HELLO', '3']);
          out.push(await c.call(['WATCH', 'k']), await c.call(['MULTI']), await c.call(['SET', 'k', 'mine']));
          await admin.set('k', `other${resp3}`);
          out.push(await c.call(['EXEC']), await c.call(['GET', 'k']));
        } finally {
          c.close();
        }
      }
      return out;
    });
    expect(replies[3]).toBe('*-1\r\n');
    expect(replies[8]).toBe('_\r\n');
  });
});

describe('connection state', () => {
  it('CLIENT REPLY OFF, SKIP and ON silence exactly what the node silences', async () => {
    const replies = await sameOnBoth(async (port) => {
      const c = await RawSession.open(port);
      try {
        const out: string[] = [];
        c.send(encodeAll([['CLIENT', 'REPLY', 'OFF'], ['SET', 'a', '1'], ['INCR', 'nope', 'x'], ['GET', 'a']]));
        out.push(await c.call(['CLIENT', 'REPLY', 'ON']));
        c.send(encodeAll([['CLIENT', 'REPLY', 'SKIP'], ['GET', 'a'], ['CLIENT', 'REPLY', 'SKIP'], ['CLIENT', 'REPLY', 'SKIP'], ['ECHO', 'skipped']]));
        out.push(await c.call(['ECHO', 'shown']));
        // SKIP while OFF keeps replies off.
        c.send(encodeAll([['CLIENT', 'REPLY', 'OFF'], ['CLIENT', 'REPLY', 'SKIP'], ['GET', 'a'], ['GET', 'a']]));
        out.push(await c.call(['CLIENT', 'REPLY', 'ON']));
        out.push(await c.call(['CLIENT', 'REPLY', 'bogus']));
        out.push(await c.call(['GET', 'a']));
        return out;
      } finally {
        c.close();
      }
    });
    expect(replies).toEqual(['+OK\r\n', '$5\r\nshown\r\n', '+OK\r\n', '-ERR syntax error\r\n', '$1\r\n1\r\n']);
  });

  it('CLIENT SETNAME/GETNAME and SELECT apply to the upstream connection', async () => {
    const c = proxy.client({ protocol: 2 });
    expect(await c.client('SETNAME', 'proxied-client')).toBe('OK');
    expect(await c.client('GETNAME')).toBe('proxied-client');
    expect(await admin.client('LIST')).toContain('name=proxied-client');
    expect(await c.select(3)).toBe('OK');
    await c.set('in3', 'x');
    expect(await admin.exists('in3')).toBe(0);
    const db3 = node.client({ protocol: 2, db: 3 });
    expect(await db3.get('in3')).toBe('x');
    await db3.flushdb();
    const replies = await sameOnBoth(
      script([['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'n'], ['CLIENT', 'GETNAME'], ['SELECT', '2'], ['SET', 'x', '1'], ['SELECT', '16']]),
    );
    expect(replies[3]).toBe('$1\r\nn\r\n');
  });

  it('HELLO switches the protocol of the proxied connection', async () => {
    const replies = await sameOnBoth(script([['HGETALL', 'nope'], ['HELLO', '4'], ['SET', 'x', '1.5'], ['INCRBYFLOAT', 'x', '1'], ['HSET', 'h', 'a', '1'], ['HGETALL', 'h']], true));
    expect(replies[0]).toBe('%0\r\n');
    expect(replies[1]).toBe('-NOPROTO unsupported protocol version\r\n');
    expect(replies[5]).toBe('%1\r\n$1\r\na\r\n$1\r\n1\r\n');
  });

  it('MONITOR through the proxy shows the commands others run', async () => {
    const watcher = proxy.client({ protocol: 2 });
    const monitor = await watcher.monitor();
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
    const c = proxy.client({ protocol: 2 });
    await c.set('monitored', 'value');
    await admin.get('monitored');
    // (ioredis's own connection handshake shows up first.)
    const ours = (): string[][] => seen.filter((args) => args[1] === 'monitored');
    await waitFor(() => ours().length >= 2, 5_000, 'two monitored commands');
    expect(ours()).toEqual([['set', 'monitored', 'value'], ['get', 'monitored']]);
    monitor.disconnect();
  });

  it('MONITOR through the proxy is the node’s stream (raw)', async () => {
    const m = await RawSession.open(proxy.port);
    try {
      expect(await m.call(['MONITOR'])).toBe('+OK\r\n');
      await admin.echo('seen by the monitor');
      expect(await m.read(1)).toMatch(/^\+\d+\.\d+ \[0 127\.0\.0\.1:\d+\] "echo" "seen by the monitor"\r\n$/);
      // QUIT still works from monitor mode.
      m.send('QUIT\r\n');
      expect(await m.closedWith()).toBe('+OK\r\n');
    } finally {
      m.close();
    }
  });

  it('CLIENT TRACKING in RESP3: the invalidation push reaches the proxied client', async () => {
    const replies = await sameOnBoth(async (port) => {
      const c = await RawSession.open(port);
      try {
        await c.call(['HELLO', '3']);
        const out = [await c.call(['CLIENT', 'TRACKING', 'ON']), await c.call(['SET', 'tk', '1']), await c.call(['GET', 'tk'])];
        await admin.set('tk', '2');
        out.push(await c.read(1));
        // The next read tracks the key again; the client's own write invalidates it too.
        out.push(await c.call(['GET', 'tk']));
        out.push(await c.call(['SET', 'tk', '3'], 2));
        out.push(await c.call(['CLIENT', 'TRACKING', 'OFF']));
        return out;
      } finally {
        c.close();
      }
    });
    expect(replies[3]).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\ntk\r\n');
  });

  it('CLIENT TRACKING in RESP3 through ioredis', async () => {
    const c = proxy.client({ protocol: 3 });
    const raw = await RawSession.open(proxy.port);
    try {
      await raw.call(['HELLO', '3']);
      expect(await raw.call(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'bc:'])).toBe('+OK\r\n');
      await c.set('bc:1', 'x');
      expect(await raw.read(1)).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$4\r\nbc:1\r\n');
    } finally {
      raw.close();
    }
  });

  it('QUIT answers OK and closes; nothing pipelined after it runs', async () => {
    const replies = await sameOnBoth(async (port) => {
      const c = await RawSession.open(port);
      // (Once a first reply came: the first write's own case is the next test.)
      await c.call(['PING']);
      c.send(encodeAll([['SET', 'q1', '1'], ['QUIT'], ['SET', 'q2', '2']]));
      const text = await c.closedWith();
      return [text, String(await admin.exists('q1', 'q2'))];
    });
    expect(replies).toEqual(['+OK\r\n+OK\r\n', '1']);
    const c = proxy.client({ protocol: 2 });
    expect(await c.quit()).toBe('OK');
  });

  it('commands in the first write, before the proxy\'s upstream connection is open, all run and answer', async () => {
    // The proxy connects upstream when the client connects: the client's first bytes usually arrive before that
    // connection is open, and wait. Repeated, since it is a race the client cannot control.
    for (let i = 0; i < 20; i++) {
      const c = await RawSession.open(proxy.port);
      c.send(encodeAll([['SET', `first:${i}`, 'x'], ['PING'], ['QUIT']]));
      expect(await c.closedWith()).toBe('+OK\r\n+PONG\r\n+OK\r\n');
    }
    expect(await admin.exists(...Array.from({ length: 20 }, (_, i) => `first:${i}`))).toBe(20);
    for (let i = 0; i < 20; i++) {
      const c = await RawSession.open(proxy.port);
      c.send('PING\r\n*1\r\n$x\r\n');
      expect(await c.closedWith()).toBe('+PONG\r\n-ERR Protocol error: invalid bulk length\r\n');
    }
  });

  it('inline commands, byte for byte', async () => {
    const replies = await sameOnBoth(
      script(['PING\r\n', 'SET inline "hello world"\r\n', 'GET inline\n', '\r\nECHO   spaced\r\n', "SET q 'a\\'b'\r\n", 'GET q\r\n', 'ping x y\r\n']),
    );
    expect(replies.slice(0, 3)).toEqual(['+PONG\r\n', '+OK\r\n', '$11\r\nhello world\r\n']);
  });
});

describe('reply bookkeeping: QUIT closes after exactly the replies the node sends', () => {
  /** The bytes a connection receives for `writes` (each sent once the previous one's `replies` are in) until it closes. */
  function conversation(writes: readonly { send: string; replies: number }[]): (port: number) => Promise<string[]> {
    return async (port) => {
      const c = await RawSession.open(port);
      try {
        // The upstream connection is open once a first command is answered (commands sent before wait for it).
        const out = [await c.call(['PING'])];
        for (const { send, replies } of writes) out.push(await c.call(send, replies));
        out.push(await c.closedWith());
        return out;
      } finally {
        c.close();
      }
    };
  }

  const cases: Record<string, { send: string; replies: number }[]> = {
    'CLIENT REPLY SKIP while replies are off': [{ send: 'CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nGET a\r\nGET b\r\nCLIENT REPLY ON\r\nQUIT\r\n', replies: 1 }],
    'a SUBSCRIBE of two channels queued in MULTI': [{ send: 'MULTI\r\nSUBSCRIBE a b\r\nQUIT\r\n', replies: 2 }],
    'RESET with replies off': [{ send: 'CLIENT REPLY OFF\r\nRESET\r\nPING\r\nQUIT\r\n', replies: 2 }],
    'CLIENT REPLY OFF sent before RESET was answered': [
      { send: 'RESET\r\nCLIENT REPLY OFF\r\n', replies: 1 },
      { send: 'GET a\r\nCLIENT REPLY ON\r\nQUIT\r\n', replies: 1 },
    ],
    'QUIT with replies off (no +OK)': [{ send: 'CLIENT REPLY OFF\r\nQUIT\r\n', replies: 0 }],
    'QUIT silenced by CLIENT REPLY SKIP (no +OK)': [{ send: 'CLIENT REPLY SKIP\r\nQUIT\r\n', replies: 0 }],
    'a bare SUNSUBSCRIBE of two shard channels (RESP2)': [
      { send: 'SSUBSCRIBE s1 s2\r\n', replies: 2 },
      { send: 'SUNSUBSCRIBE\r\nQUIT\r\n', replies: 2 },
    ],
  };
  for (const [what, writes] of Object.entries(cases)) {
    it(what, async () => {
      await sameOnBoth(conversation(writes));
    });
  }
});

describe('QUIT and the node', () => {
  let debugNode: NodeProcess;
  let debugProxy: ProxyProcess;
  beforeAll(async () => {
    debugNode = await startNodeProcess(['--enable-debug-command', 'yes']);
    debugProxy = await startProxyProcess(['--upstream', `127.0.0.1:${debugNode.port}`]);
  });

  it('once QUIT is answered, the node has let the connection go (tracking-redir-broken follows)', async () => {
    // Redis frees a client as it writes QUIT's +OK: what another client runs once that +OK arrived sees it gone
    // (the Tcl suite's "tracking-redir-broken ... when redirection client is terminated" relies on it). A busy
    // node (DEBUG SLEEP) makes the order deterministic: the QUIT's close and the next command reach it together.
    const run = async (port: number): Promise<string> => {
      const target = await RawSession.open(port);
      const tracked = await RawSession.open(port);
      const writer = await RawSession.open(port);
      const blocker = await RawSession.open(debugNode.port);
      try {
        await writer.call(['PING']);
        const id = /^:(\d+)\r\n$/.exec(await target.call(['CLIENT', 'ID']))![1]!;
        await target.call(['SUBSCRIBE', '__redis__:invalidate']);
        await tracked.call(['HELLO', '3']);
        await tracked.call(['CLIENT', 'TRACKING', 'on', 'REDIRECT', id]);
        await tracked.call(['GET', 'key1']);
        blocker.send('DEBUG SLEEP 0.3\r\n');
        // No reply can say the node is asleep (that is the point): give the command time to arrive.
        await new Promise((r) => setTimeout(r, 50));
        target.send('QUIT\r\n');
        expect(await target.closedWith()).toBe('+OK\r\n');
        await writer.call(['SET', 'key1', 'changed']);
        // The push, if any, comes before PING's reply.
        const first = await tracked.call(['PING']);
        return first === '+PONG\r\n' ? first : first + (await tracked.read(1));
      } finally {
        for (const c of [target, tracked, writer, blocker]) c.close();
      }
    };
    const direct = await run(debugNode.port);
    expect(direct).toMatch(/^>2\r\n\$21\r\ntracking-redir-broken\r\n:\d+\r\n\+PONG\r\n$/);
    // (The redirection's client id differs from run to run.)
    expect((await run(debugProxy.port)).replace(/:\d+/, ':ID')).toBe(direct.replace(/:\d+/, ':ID'));
  });
});

describe('AUTH against a node with requirepass', () => {
  let secured: NodeProcess;
  let guard: ProxyProcess;
  beforeAll(async () => {
    secured = await startNodeProcess(['--requirepass', 'sesame']);
    guard = await startProxyProcess(['--upstream', `127.0.0.1:${secured.port}`]);
  });

  it('refuses before AUTH and serves after, as the node does', async () => {
    const run = script([['GET', 'x'], ['AUTH', 'wrong'], ['AUTH', 'a', 'b', 'c'], ['AUTH', 'sesame'], ['SET', 'x', '1'], ['GET', 'x'], ['AUTH', 'default', 'sesame']]);
    const direct = await run(secured.port);
    expect(await run(guard.port)).toEqual(direct);
    expect(direct[0]).toBe('-NOAUTH Authentication required.\r\n');
    expect(direct[1]).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(direct[5]).toBe('$1\r\n1\r\n');
  });

  it('before AUTH, the node\'s smaller request limits apply: its protocol error, then the connection closes', async () => {
    for (const input of ['*20\r\n', `*2\r\n$3\r\nGET\r\n$20000\r\n${'a'.repeat(20_000)}\r\n`]) {
      const run = async (port: number): Promise<string> => {
        const c = await RawSession.open(port);
        try {
          await c.call(['PING']);
          c.send(input);
          return await c.closedWith();
        } finally {
          c.close();
        }
      };
      const direct = await run(secured.port);
      expect(direct).toMatch(/^-ERR Protocol error: unauthenticated (multi)?bulk length\r\n$/);
      expect(await run(guard.port)).toBe(direct);
    }
  });

  it('HELLO 3 AUTH and ioredis with a password', async () => {
    const helloFailed = script([['HELLO', '3', 'AUTH', 'default', 'nope'], ['PING']]);
    expect(await helloFailed(guard.port)).toEqual(await helloFailed(secured.port));
    const raw = await RawSession.open(guard.port);
    try {
      expect(await raw.call(['HELLO', '3', 'AUTH', 'default', 'sesame'])).toMatch(/^%7\r\n/);
      expect(await raw.call(['PING'])).toBe('+PONG\r\n');
    } finally {
      raw.close();
    }
    const c = guard.client({ password: 'sesame' });
    expect(await c.set('k', 'v')).toBe('OK');
    expect(await c.get('k')).toBe('v');
    const refused = guard.client({ protocol: 2, enableReadyCheck: false });
    await expect(refused.get('k')).rejects.toThrow('NOAUTH Authentication required.');
  });
});

describe('bad input', () => {
  /**
   * Sends `input` on a fresh connection, once a first PING was answered (the first write's own case is tested
   * above); the bytes that came back before the server closed it (or a timeout).
   */
  function badScript(input: string): (port: number) => Promise<string> {
    return async (port) => {
      const c = await RawSession.open(port);
      try {
        await c.call(['PING']);
        c.send(input);
        return await c.closedWith();
      } finally {
        c.close();
      }
    };
  }

  const cases: Record<string, string> = {
    'a bad bulk length': '*1\r\n$x\r\n',
    'a bulk length beyond proto-max-bulk-len': '*2\r\n$3\r\nGET\r\n$536870913\r\n',
    'a multibulk length beyond INT_MAX': '*2147483648\r\n',
    'a bad multibulk length': '*abc\r\n',
    "not a '$' where a bulk should be": '*2\r\n$3\r\nGET\r\n:1\r\n',
    'unbalanced quotes inline': 'PING\r\nSET a "b\r\n',
    'replies owed before the error': '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n*1\r\n$-2\r\n',
    'a too big inline request': 'x'.repeat(70 * 1024),
    'a too big inline request after a command': `PING\r\n${'y'.repeat(70 * 1024)}`,
  };
  for (const [what, input] of Object.entries(cases)) {
    it(`${what}: the node's protocol error, then the connection closes`, async () => {
      const bytes = await sameOnBoth(badScript(input));
      expect(bytes).toMatch(/-ERR Protocol error: [^\r]+\r\n$/);
    });
  }

  it('the proxy goes on serving the other clients', async () => {
    const before = proxy.client({ protocol: 2 });
    expect(await before.ping()).toBe('PONG');
    for (const input of Object.values(cases)) await badScript(input)(proxy.port);
    expect(await before.set('still', 'here')).toBe('OK');
    const after = proxy.client({ protocol: 2 });
    expect(await after.get('still')).toBe('here');
  });

  it('a command split across many writes is one command', async () => {
    const bytes = encodeAll([['SET', 'split', 'x'.repeat(1000)], ['GET', 'split']]);
    const replies = await sameOnBoth(async (port) => {
      const c = await RawSession.open(port);
      try {
        for (let i = 0; i < bytes.length; i += 7) {
          c.send(bytes.subarray(i, i + 7));
          await new Promise((r) => setImmediate(r));
        }
        return await c.read(2);
      } finally {
        c.close();
      }
    });
    expect(replies.startsWith('+OK\r\n$1000\r\n')).toBe(true);
  });
});

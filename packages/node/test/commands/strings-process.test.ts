import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** Sends inline commands on a fresh socket and collects the reply bytes until they end with `last`. */
function rawExchange(port: number, request: string, last: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.endsWith(last)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.write(request);
  });
}

/** String, bitmap and LCS commands against the real node process through ioredis (RESP2 and RESP3). */
describe('string commands over the network', () => {
  let node: NodeProcess;
  /** Every byte value once: values must round-trip unchanged. */
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('keeps binary values with all 256 byte values intact through SET, GET, APPEND, ranges and MGET', async () => {
    const r = node.client({ protocol: 2 });
    await r.flushall();
    expect(await r.set('bin', allBytes)).toBe('OK');
    expect(await r.getBuffer('bin')).toEqual(allBytes);
    expect(await r.strlen('bin')).toBe(256);
    expect(await r.append('bin', allBytes)).toBe(512);
    expect(await r.getBuffer('bin')).toEqual(Buffer.concat([allBytes, allBytes]));
    expect(await r.getrangeBuffer('bin', 250, 261)).toEqual(Buffer.concat([allBytes.subarray(250), allBytes.subarray(0, 6)]));
    expect(await r.setrange('bin', 510, allBytes.subarray(128, 132))).toBe(514);
    const edited = await r.getBuffer('bin');
    expect(edited!.subarray(510)).toEqual(allBytes.subarray(128, 132));
    await r.set(allBytes, allBytes); // a binary key too
    expect(await r.mgetBuffer(allBytes, 'missing')).toEqual([allBytes, null]);
    expect(await r.getdelBuffer(allBytes)).toEqual(allBytes);
    expect(await r.exists(allBytes)).toBe(0);
  });

  it('bitmaps over binary values', async () => {
    const r = node.client({ protocol: 2 });
    await r.set('bytes', allBytes);
    // Every byte value once: each bit position is set in half of them.
    expect(await r.bitcount('bytes')).toBe(1024);
    expect(await r.bitpos('bytes', 1)).toBe(15); // the first byte is 0, the second 00000001
    expect(await r.bitop('NOT', 'inverted', 'bytes')).toBe(256);
    expect(await r.getBuffer('inverted')).toEqual(Buffer.from(allBytes.map((b) => 255 - b)));
    expect(await r.setbit('bytes', 0, 1)).toBe(0);
    expect(await r.getbit('bytes', 0)).toBe(1);
    expect(await r.call('BITFIELD', 'bf', 'SET', 'i8', '0', '-5', 'INCRBY', 'i8', '0', '10', 'GET', 'u8', '0')).toEqual([0, 5, 5]);
  });

  it('counters and floats, pipelined', async () => {
    const r = node.client({ protocol: 2 });
    await r.del('counter');
    const pipeline = r.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.incr('counter');
    const results = await pipeline.exec();
    expect(results!.at(-1)).toEqual([null, 1000]);
    expect(await r.incrby('counter', '9223372036854774807')).toBe(9223372036854775807);
    await expect(r.incr('counter')).rejects.toThrow('ERR increment or decrement would overflow');
    await r.set('f', '1');
    expect(await r.incrbyfloat('f', '-1.1')).toBe('-0.1');
    await expect(r.incrbyfloat('f', 'inf')).rejects.toThrow('ERR increment would produce NaN or Infinity');
  });

  it('expiry options against real time', async () => {
    const r = node.client({ protocol: 2 });
    await r.set('t', 'v', 'EX', 100);
    expect(await r.ttl('t')).toBeGreaterThan(95);
    expect(await r.getex('t', 'PERSIST')).toBe('v');
    expect(await r.ttl('t')).toBe(-1);
    expect(await r.getex('t', 'PX', 50_000)).toBe('v');
    expect(await r.pttl('t')).toBeGreaterThan(45_000);
    expect(await r.getex('t', 'PXAT', Date.now() - 1000)).toBe('v');
    expect(await r.exists('t')).toBe(0);
    expect(await r.set('n', 'v', 'NX', 'GET')).toBeNull();
    expect(await r.set('n', 'w', 'NX', 'GET')).toBe('v');
  });

  it('a big edited value is sent as it was when read, though a pipelined edit follows', async () => {
    const r = node.client({ protocol: 2 });
    const a = 'a'.repeat(200_000);
    const b = 'b'.repeat(200_000);
    const results = await r.pipeline().del('big').setrange('big', 0, a).get('big').setrange('big', 0, b).get('big').exec();
    expect(results!.slice(1).map(([, value]) => value)).toEqual([200_000, a, 200_000, b]);
  });

  it('answers in RESP3: null for missing keys, a map for LCS IDX', async () => {
    const r = node.client({ protocol: 3 });
    await r.mset('a', 'ohmytext', 'b', 'mynewtext');
    expect(await r.get('missing')).toBeNull();
    expect(await r.mget('a', 'missing')).toEqual(['ohmytext', null]);
    expect(await r.lcs('a', 'b')).toBe('mytext');
    // ioredis flattens RESP3 maps into arrays.
    expect(await r.call('LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toEqual([
      'matches',
      [[[4, 7], [5, 8], 4]],
      'len',
      6,
    ]);
    expect(await r.bitfield('bf3', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 0, 5)).toEqual([null]);
  });

  it('writes the RESP3 types Redis writes (raw bytes)', async () => {
    const reply = await rawExchange(
      node.port,
      'HELLO 3\r\nMSET a ohmytext b mynewtext\r\nGET missing\r\nLCS a b IDX MINMATCHLEN 4\r\nPING\r\n',
      '+PONG\r\n',
    );
    const afterHello = reply.slice(reply.indexOf('+OK\r\n'));
    expect(afterHello).toBe('+OK\r\n_\r\n%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n+PONG\r\n');
  });
});

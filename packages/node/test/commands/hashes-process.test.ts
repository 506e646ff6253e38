import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../support/raw-socket.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** Hash commands against the real node process through ioredis (RESP2 and RESP3). */
describe('hash commands over the network', () => {
  let node: NodeProcess;
  /** Every byte value once: fields and values must round-trip unchanged. */
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('keeps binary fields and values intact and answers RESP2 shapes', async () => {
    const r = node.client({ protocol: 2 });
    await r.flushall();
    expect(await r.hset('h', allBytes, allBytes, 'n', '1')).toBe(2);
    expect(await r.hgetBuffer('h', allBytes)).toEqual(allBytes);
    expect(await r.hstrlen('h', allBytes)).toBe(256);
    expect(await r.hmget('h', 'n', 'missing')).toEqual(['1', null]);
    expect(await r.hincrby('h', 'n', 41)).toBe(42);
    expect(await r.hincrbyfloat('h', 'f', '10.5')).toBe('10.5');
    const all = (await r.callBuffer('HGETALL', 'h')) as Buffer[];
    expect(all.slice(0, 2)).toEqual([allBytes, allBytes]);
    expect(await r.call('HGETALL', 'h')).toHaveLength(6); // a flat array in RESP2
    expect((await r.hkeys('h')).length).toBe(3);
    expect(await r.hrandfield('h', 2, 'WITHVALUES')).toHaveLength(4);
    expect(await r.hdel('h', allBytes, 'n', 'f')).toBe(3);
    expect(await r.exists('h')).toBe(0);
    await expect(r.hset('h', 'a')).rejects.toThrow("ERR wrong number of arguments for 'hset' command");
  });

  it('answers RESP3 maps for HGETALL and [field, value] pairs for HRANDFIELD WITHVALUES (raw bytes)', async () => {
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('HELLO 3\r\nFLUSHALL\r\nHSET h a 1 b 2\r\nHGETALL h\r\nHGETALL missing\r\nHDEL h b\r\n');
      raw.send('HRANDFIELD h -2 WITHVALUES\r\nHRANDFIELD h 1\r\nHGET h missing\r\nHRANDFIELD missing\r\nPING\r\n');
      const reply = await raw.waitFor((text) => text.endsWith('+PONG\r\n'));
      expect(reply.slice(reply.indexOf('+OK\r\n'))).toBe(
        '+OK\r\n:2\r\n%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n%0\r\n:1\r\n' +
          '*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*1\r\n$1\r\na\r\n_\r\n_\r\n+PONG\r\n',
      );
    } finally {
      raw.close();
    }
  });

  it('works through ioredis in RESP3', async () => {
    const r = node.client({ protocol: 3 });
    await r.flushall();
    await r.hset('h', 'a', '1', 'b', '2', 'c', '3');
    expect(await r.hgetall('h')).toEqual({ a: '1', b: '2', c: '3' });
    expect(await r.hincrbyfloat('h', 'a', '0.5')).toBe('1.5');
    expect(await r.hget('h', 'missing')).toBeNull();
    expect(await r.hrandfield('h', -4)).toHaveLength(4);
    expect(await r.object('ENCODING', 'h')).toBe('listpack');
  });

  it('walks a hashtable-encoded hash with HSCAN', async () => {
    const r = node.client();
    await r.flushall();
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`field:${i}`, String(i));
    await r.hset('big', ...args);
    expect(await r.object('ENCODING', 'big')).toBe('hashtable');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = await r.hscan('big', cursor, 'MATCH', 'field:1*', 'COUNT', 50);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(111);
  });
});

import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawConnection } from '../support/raw-socket.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** Sorted set commands against the real node process (ioredis RESP2 and RESP3, raw bytes for reply shapes). */
describe('sorted set commands over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  async function waitBlocked(r: Redis, n: number): Promise<void> {
    await vi.waitFor(async () => expect(await r.info('clients')).toContain(`blocked_clients:${n}\r\n`), {
      timeout: 5000,
      interval: 10,
    });
  }

  it('answers RESP2: scores as %.17g bulks, WITHSCORES flat', async () => {
    const r = node.client({ protocol: 2 });
    await r.flushall();
    expect(await r.zadd('z', 0.1, 'a', 2, 'b', '-inf', 'c')).toBe(3);
    expect(await r.zscore('z', 'a')).toBe('0.10000000000000001');
    expect(await r.zrange('z', '0', '-1', 'WITHSCORES')).toEqual(['c', '-inf', 'a', '0.10000000000000001', 'b', '2']);
    expect(await r.zincrby('z', 1, 'b')).toBe('3');
    expect(await r.zrangebyscore('z', '(0', '+inf')).toEqual(['a', 'b']);
    expect(await r.zunionstore('u', 2, 'z', 'z')).toBe(3);
    expect(await r.zpopmax('u')).toEqual(['b', '6']);
    expect(await r.object('ENCODING', 'z')).toBe('listpack');
  });

  it('answers RESP3: doubles and [member, score] pairs', async () => {
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('HELLO 3\r\nDEL r3\r\nZADD r3 1.5 a 2 b\r\nZRANGE r3 0 -1 WITHSCORES\r\nZSCORE r3 a\r\nZPOPMIN r3 1\r\nZRANDMEMBER r3 1 WITHSCORES\r\nPING\r\n');
      const text = await raw.waitFor((t) => t.endsWith('+PONG\r\n'));
      const tail = text.slice(text.indexOf(':2\r\n*2\r\n*2\r\n'));
      expect(tail).toBe(
        ':2\r\n' + '*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n' + ',1.5\r\n' + '*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n' +
          '*1\r\n*2\r\n$1\r\nb\r\n,2\r\n' + '+PONG\r\n',
      );
    } finally {
      raw.close();
    }
  });

  it('BZPOPMIN blocks until a ZADD from another client, and times out with a null', async () => {
    const r = node.client();
    const waiter = node.client();
    await r.flushall();
    const popped = waiter.bzpopmin('bz', 0);
    await waitBlocked(r, 1);
    await r.zadd('bz', 5, 'x', 1, 'y');
    expect(await popped).toEqual(['bz', 'y', '1']);
    await waitBlocked(r, 0);
    expect(await waiter.call('BZMPOP', '0.05', '1', 'nothing', 'MIN')).toBeNull();
    expect(await r.zrange('bz', '0', '-1')).toEqual(['x']);
  });

  it('walks a skiplist-encoded set with ZSCAN', async () => {
    const r = node.client();
    await r.flushall();
    const args: (string | number)[] = [];
    for (let i = 0; i < 300; i++) args.push(i, `m${i}`);
    await r.zadd('big', ...args);
    expect(await r.object('ENCODING', 'big')).toBe('skiplist');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = await r.zscan('big', cursor, 'COUNT', 50);
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(await r.zrank('big', 'm250')).toBe(250);
    expect(await r.zrevrank('big', 'm250')).toBe(49);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawConnection } from '../support/raw-socket.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** Set commands and SORT against the real node process through ioredis (RESP2 and RESP3). */
describe('set commands over the network', () => {
  let node: NodeProcess;
  /** Every byte value once: members must round-trip unchanged. */
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('keeps binary members intact and answers RESP2 shapes', async () => {
    const r = node.client({ protocol: 2 });
    await r.flushall();
    expect(await r.sadd('s', allBytes, 'a', '1')).toBe(3);
    expect(await r.sismember('s', allBytes)).toBe(1);
    expect(await r.smismember('s', 'a', 'zz')).toEqual([1, 0]);
    const members = (await r.smembersBuffer('s')) as Buffer[];
    expect(members).toHaveLength(3);
    expect(members.some((m) => m.equals(allBytes))).toBe(true);
    expect(await r.srem('s', allBytes)).toBe(1);
    expect((await r.sunion('s', 'missing')).sort()).toEqual(['1', 'a']);
    expect(await r.sintercard(1, 's')).toBe(2);
    expect(await r.smove('s', 'd', 'a')).toBe(1);
    expect(await r.spop('s', 5)).toEqual(['1']);
    expect(await r.exists('s')).toBe(0);
    await expect(r.sadd('s')).rejects.toThrow("ERR wrong number of arguments for 'sadd' command");
  });

  it('answers RESP3 sets for SMEMBERS, SPOP with a count and SUNION (raw bytes)', async () => {
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('HELLO 3\r\nFLUSHALL\r\nSADD s 2 1\r\nSMEMBERS s\r\nSUNION s missing\r\nSMEMBERS missing\r\n');
      raw.send('SRANDMEMBER s 0\r\nSPOP missing\r\nSPOP s 5\r\nPING\r\n');
      const reply = await raw.waitFor((text) => text.endsWith('+PONG\r\n'));
      expect(reply.slice(reply.indexOf('+OK\r\n'))).toBe(
        '+OK\r\n:2\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n~0\r\n' +
          '*0\r\n_\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n+PONG\r\n',
      );
    } finally {
      raw.close();
    }
  });

  it('works through ioredis in RESP3, SORT included', async () => {
    const r = node.client({ protocol: 3 });
    await r.flushall();
    await r.sadd('s', '3', '1', '2');
    expect(await r.smembers('s')).toEqual(['1', '2', '3']);
    expect(await r.object('ENCODING', 's')).toBe('intset');
    await r.mset('w_1', '3', 'w_2', '2', 'w_3', '1');
    expect(await r.sort('s', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*')).toEqual(['3', '1', '2', '2', '1', '3']);
    expect(await r.sort('s', 'DESC', 'STORE', 'out')).toBe(3);
    expect(await r.call('SORT_RO', 's', 'LIMIT', '0', '1')).toEqual(['1']);
    await r.sadd('s', 'x');
    expect(await r.object('ENCODING', 's')).toBe('hashtable');
  });

  it('walks a hashtable-encoded set with SSCAN', async () => {
    const r = node.client();
    await r.flushall();
    const members: string[] = [];
    for (let i = 0; i < 1000; i++) members.push(`member:${i}`);
    await r.sadd('big', ...members);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, items] = await r.sscan('big', cursor, 'MATCH', 'member:1*', 'COUNT', 50);
      for (const item of items) seen.add(item);
      cursor = next;
    } while (cursor !== '0');
    expect(seen.size).toBe(111);
  });
});

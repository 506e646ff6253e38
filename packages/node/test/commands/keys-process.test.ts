import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../support/node-process.js';

/** The generic key commands against the real node process, through ioredis (RESP2 and RESP3). */
describe('generic key commands over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('DEL, EXISTS, TYPE, RENAME, COPY, MOVE and KEYS', async () => {
    const r = node.client({ protocol: 2 });
    await r.flushall();
    await r.mset('a', '1', 'b', '2');
    expect(await r.exists('a', 'b', 'c')).toBe(2);
    expect(await r.type('a')).toBe('string');
    expect(await r.rename('a', 'c')).toBe('OK');
    await expect(r.rename('a', 'x')).rejects.toThrow('ERR no such key');
    expect(await r.renamenx('c', 'b')).toBe(0);
    expect(await r.copy('c', 'd')).toBe(1);
    expect(await r.move('d', 5)).toBe(1);
    expect((await r.keys('*')).sort()).toEqual(['b', 'c']);
    expect(await r.del('b', 'c', 'zz')).toBe(2);
    expect(await r.randomkey()).toBeNull();
  });

  it('expires keys in real time and reports TTLs', async () => {
    const r = node.client({ protocol: 2 });
    await r.set('t', 'v');
    expect(await r.pexpire('t', 150)).toBe(1);
    const pttl = await r.pttl('t');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    await waitFor(async () => (await r.exists('t')) === 0, 5000, 'key t to expire');
    expect(await r.ttl('t')).toBe(-2);
    await r.set('p', 'v', 'EX', 100);
    expect(await r.persist('p')).toBe(1);
    expect(await r.ttl('p')).toBe(-1);
    await expect(r.call('expire', 'p', '10', 'NX', 'XX')).rejects.toThrow(
      'ERR NX and XX, GT or LT options at the same time are not compatible',
    );
  });

  it('SCAN walks everything with ioredis scanStream, under RESP3 too', async () => {
    const r = node.client({ protocol: 3 });
    await r.flushdb();
    const pipeline = r.pipeline();
    for (let i = 0; i < 500; i++) pipeline.set(`key:${i}`, 'x');
    await pipeline.exec();
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const stream = r.scanStream({ match: 'key:*', count: 20 });
      stream.on('data', (keys: string[]) => keys.forEach((k) => seen.add(k)));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(seen.size).toBe(500);
    await expect(r.scan('nope')).rejects.toThrow('ERR invalid cursor');
  });

  it('OBJECT and RANDOMKEY answer null in RESP3 for a missing key', async () => {
    const r = node.client({ protocol: 3 });
    await r.flushdb();
    expect(await r.object('ENCODING', 'missing')).toBeNull();
    expect(await r.randomkey()).toBeNull();
    await r.set('n', '42');
    expect(await r.object('ENCODING', 'n')).toBe('int');
    expect(await r.object('REFCOUNT', 'n')).toBe(2147483647);
    expect((await r.object('HELP')) as string[]).toContain('REFCOUNT <key>');
  });

  it('publishes keyspace events for the generic commands', async () => {
    const r = node.client({ protocol: 2 });
    const sub = node.client({ protocol: 2 });
    await r.config('SET', 'notify-keyspace-events', 'Eg');
    const events: string[] = [];
    sub.on('pmessage', (_pattern: string, channel: string, key: string) => events.push(`${channel.split(':')[1]} ${key}`));
    await sub.psubscribe('__keyevent@0__:*');
    await r.set('e1', 'v');
    await r.expire('e1', 100);
    await r.persist('e1');
    await r.rename('e1', 'e2');
    await r.del('e2');
    await waitFor(() => events.length >= 5, 5000, 'keyspace events');
    expect(events).toEqual(['expire e1', 'persist e1', 'rename_from e1', 'rename_to e2', 'del e2']);
    await r.config('SET', 'notify-keyspace-events', '');
  });
});

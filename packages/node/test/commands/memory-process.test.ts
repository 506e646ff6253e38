import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../support/node-process.js';

/** Memory accounting and eviction against the real node process, through ioredis (RESP2 and RESP3). */
describe('memory and eviction over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  /** One INFO field. */
  async function infoField(r: ReturnType<NodeProcess['client']>, name: string): Promise<string> {
    const text = await r.info();
    const line = text.split('\r\n').find((l) => l.startsWith(`${name}:`));
    return line!.slice(name.length + 1);
  }

  it('evicts under allkeys-lru, announces evicted events, and refuses writes under noeviction', async () => {
    const r = node.client({ protocol: 2 });
    const sub = node.client({ protocol: 2 });
    await r.flushall();
    await r.config('SET', 'notify-keyspace-events', 'Ee');
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const events: string[] = [];
    sub.on('pmessage', (_pattern: string, channel: string, key: string) => events.push(`${channel} ${key}`));
    await sub.psubscribe('*');
    await r.set('foo', 'bar');
    await r.config('SET', 'maxmemory', '1');
    await waitFor(async () => events.length === 1, 5000, 'the evicted event');
    expect(events).toEqual(['__keyevent@0__:evicted foo']);
    expect(Number(await infoField(r, 'evicted_keys'))).toBeGreaterThanOrEqual(1);
    await r.config('SET', 'maxmemory-policy', 'noeviction');
    await expect(r.set('x', 'y')).rejects.toThrow("OOM command not allowed when used memory > 'maxmemory'.");
    expect(await r.get('x')).toBeNull();
    await r.config('SET', 'maxmemory', '0');
    expect(await infoField(r, 'maxmemory_policy')).toBe('noeviction');
    sub.disconnect();
  });

  it('MEMORY USAGE and MEMORY STATS in RESP2 and RESP3, and used_memory follows the data', async () => {
    const r2 = node.client({ protocol: 2 });
    const r3 = node.client({ protocol: 3 });
    await r2.flushall();
    const before = Number(await infoField(r2, 'used_memory'));
    await r2.set('big', 'x'.repeat(100_000));
    const after = Number(await infoField(r2, 'used_memory'));
    expect(after - before).toBeGreaterThan(100_000);
    expect(after - before).toBeLessThan(101_000);
    const usage = (await r2.call('MEMORY', 'USAGE', 'big')) as number;
    expect(usage).toBeGreaterThan(100_000);
    expect(await r3.call('MEMORY', 'USAGE', 'big', 'SAMPLES', '0')).toBe(usage);
    const flat = (await r2.call('MEMORY', 'STATS')) as unknown[];
    expect(flat[0]).toBe('peak.allocated');
    const map = (await r3.call('MEMORY', 'STATS')) as unknown;
    // ioredis turns RESP3 maps into flat arrays or objects depending on version: find the key count either way.
    const entries = Array.isArray(map) ? map : Object.entries(map as object).flat();
    expect(entries[entries.indexOf('keys.count') + 1]).toBe(1);
    await r2.del('big');
    expect(Number(await infoField(r2, 'used_memory'))).toBe(before);
  });
});

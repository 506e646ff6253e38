import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawConnection } from '../support/raw-socket.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** List commands and blocking pops against the real node process (ioredis, RESP2 and RESP3, raw bytes). */
describe('list commands over the network', () => {
  let node: NodeProcess;
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  /** Polls INFO clients until blocked_clients is `n`. */
  async function waitBlocked(r: Redis, n: number): Promise<void> {
    await vi.waitFor(
      async () => expect(await r.info('clients')).toContain(`blocked_clients:${n}\r\n`),
      { timeout: 5000, interval: 10 },
    );
  }

  it('keeps binary elements intact and answers RESP2 shapes', async () => {
    const r = node.client();
    await r.flushall();
    expect(await r.rpush('l', allBytes, 'b', 'c')).toBe(3);
    expect(await r.lindexBuffer('l', 0)).toEqual(allBytes);
    expect(await r.lrange('l', 1, -1)).toEqual(['b', 'c']);
    expect(await r.lpos('l', 'c')).toBe(2);
    expect(await r.call('LPOP', 'l', '2')).toHaveLength(2);
    expect(await r.call('LMPOP', '1', 'l', 'LEFT')).toEqual(['l', ['c']]);
    expect(await r.exists('l')).toBe(0);
  });

  it('BLPOP waits without holding the node and is served by another client', async () => {
    const r = node.client();
    const waiter = node.client();
    await r.flushall();
    const popped = waiter.blpop('q', 0);
    await waitBlocked(r, 1);
    expect(await r.ping()).toBe('PONG'); // the node still serves others
    await r.rpush('q', 'x');
    expect(await popped).toEqual(['q', 'x']);
    await waitBlocked(r, 0);
  });

  it('times out with no other traffic (RESP2 *-1, RESP3 _) and runs pipelined commands afterwards', async () => {
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('BLPOP nothing 0.05\r\nPING\r\nHELLO 3\r\n');
      raw.send('BLMOVE nothing d LEFT LEFT 0.05\r\nBRPOP nothing 0.05\r\nPING\r\n');
      const text = await raw.waitFor((t) => t.split('+PONG\r\n').length === 3);
      expect(text.startsWith('*-1\r\n+PONG\r\n%')).toBe(true);
      expect(text.endsWith('_\r\n_\r\n+PONG\r\n')).toBe(true);
    } finally {
      raw.close();
    }
  });

  it('a served client replies, then runs the commands it pipelined while blocked', async () => {
    const r = node.client();
    await r.flushall();
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('BRPOP q 0\r\nLLEN q\r\n');
      await waitBlocked(r, 1);
      expect(raw.text()).toBe('');
      await r.rpush('q', 'a', 'b');
      const text = await raw.waitFor((t) => t.endsWith(':1\r\n'));
      expect(text).toBe('*2\r\n$1\r\nq\r\n$1\r\nb\r\n:1\r\n');
    } finally {
      raw.close();
    }
  });

  it('drops the later reply of a blocking command sent under CLIENT REPLY SKIP', async () => {
    const r = node.client();
    await r.flushall();
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('CLIENT REPLY SKIP\r\nBLPOP q 0\r\nPING\r\n');
      await waitBlocked(r, 1);
      await r.rpush('q', 'a');
      await raw.waitFor((t) => t.endsWith('+PONG\r\n'));
      expect(raw.text()).toBe('+PONG\r\n');
      expect(await r.exists('q')).toBe(0);
    } finally {
      raw.close();
    }
  });

  it('forgets a blocked client that disconnects', async () => {
    const r = node.client();
    await r.flushall();
    const raw = await RawConnection.open(node.port);
    raw.send('BLPOP q 0\r\n');
    await waitBlocked(r, 1);
    raw.close();
    await waitBlocked(r, 0);
    await r.rpush('q', 'kept');
    expect(await r.lrange('q', 0, -1)).toEqual(['kept']);
  });

  it('under CLIENT PAUSE WRITE a BLPOP waits for the pause, then for the key', async () => {
    const r = node.client();
    const waiter = node.client();
    await r.flushall();
    await r.client('PAUSE', '10000', 'WRITE');
    const popped = waiter.blpop('q', 0);
    await waitBlocked(r, 1);
    await r.client('UNPAUSE');
    await waitBlocked(r, 1);
    await r.lpush('q', 'after');
    expect(await popped).toEqual(['q', 'after']);
  });

  it('CLIENT UNBLOCK releases a waiting client', async () => {
    const r = node.client();
    const waiter = node.client();
    const id = (await waiter.client('ID')) as number;
    const popped = waiter.call('BLMPOP', '0', '1', 'q', 'LEFT');
    await waitBlocked(r, 1);
    expect(await r.client('UNBLOCK', id, 'ERROR')).toBe(1);
    await expect(popped).rejects.toThrow('UNBLOCKED client unblocked via CLIENT UNBLOCK');
  });

  it('works through ioredis in RESP3', async () => {
    const r = node.client({ protocol: 3 });
    const waiter = node.client({ protocol: 3 });
    await r.flushall();
    const popped = waiter.call('BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '2');
    await waitBlocked(r, 1);
    await r.rpush('b', '1', '2', '3');
    expect(await popped).toEqual(['b', ['3', '2']]);
    expect(await r.lpop('nothing')).toBeNull();
    expect(await r.call('LPOS', 'b', '1', 'COUNT', '0')).toEqual([0]);
  });
});

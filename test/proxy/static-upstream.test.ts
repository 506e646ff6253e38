import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeProcess, waitFor, type NodeProcess } from '../../packages/node/test/support/node-process.js';
import { startProxyProcess, type ProxyProcess } from '../support/proxy-process.js';

/** A proxy with a fixed upstream: the primary restarting is a pause for commands, not an error (within the hold timeout). */

const started: (NodeProcess | ProxyProcess)[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

async function nodeAndProxy(holdTimeoutMs: number): Promise<{ node: NodeProcess; proxy: ProxyProcess }> {
  const node = await startNodeProcess(['--save', '', '--appendonly', 'no']);
  started.push(node);
  const proxy = await startProxyProcess(['--upstream', `127.0.0.1:${node.port}`, '--hold-timeout-ms', String(holdTimeoutMs)]);
  started.push(proxy);
  return { node, proxy };
}

describe('proxy: a static upstream that goes away', () => {
  it('holds commands while the primary is down and sends them once it is back on its port', async () => {
    const { node, proxy } = await nodeAndProxy(15_000);
    const client = proxy.client({ maxRetriesPerRequest: 0 });
    expect(await client.set('k', 'before')).toBe('OK');
    await node.stop();
    // Sent while nothing listens: it never reaches a primary until one is back, so it can wait and succeed.
    const pending = client.set('k', 'after');
    let settled = false;
    void pending.finally(() => (settled = true));
    const again = await startNodeProcess(['--save', '', '--appendonly', 'no', '--port', String(node.port)]);
    started.push(again);
    expect(await pending).toBe('OK');
    expect(settled).toBe(true);
    expect(await again.client().get('k')).toBe('after');
  });

  it('refuses held commands with a clear error once the hold timeout passes', async () => {
    const { node, proxy } = await nodeAndProxy(300);
    const client = proxy.client({ maxRetriesPerRequest: 0 });
    expect(await client.ping()).toBe('PONG');
    await node.stop();
    await expect(client.set('k', 'v')).rejects.toThrow(/no primary is available/);
    // The connection to the proxy stays usable.
    await expect(client.get('k')).rejects.toThrow(/no primary is available/);
  });

  it('tells a RESP3 client with CLIENT TRACKING to drop its whole cache when its upstream connection changes', async () => {
    const { node, proxy } = await nodeAndProxy(15_000);
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    try {
      socket.write('*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n*3\r\n$6\r\nCLIENT\r\n$8\r\nTRACKING\r\n$2\r\non\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n');
      await waitFor(() => received.endsWith('+OK\r\n_\r\n'), 5000, 'HELLO, TRACKING and GET answered');
      received = '';
      await node.stop();
      const again = await startNodeProcess(['--save', '', '--appendonly', 'no', '--port', String(node.port)]);
      started.push(again);
      socket.write('*1\r\n$4\r\nPING\r\n');
      // The cache built on the old connection is void: a null invalidation first, then PING's answer.
      await waitFor(() => received.includes('+PONG\r\n'), 10_000, 'PING through the new connection');
      expect(received).toBe('>2\r\n$10\r\ninvalidate\r\n_\r\n+PONG\r\n');
    } finally {
      socket.destroy();
    }
  });
});

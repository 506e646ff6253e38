import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, type NodeProcess } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

/** Client-side caching against the real process: RESP3 push frames and RESP2 REDIRECT to a subscriber. */
describe('CLIENT TRACKING (process)', () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNodeProcess();
  });
  afterAll(async () => {
    await node.stop();
  });

  it('RESP3: the reader gets a >2 invalidate push after another client writes the key', async () => {
    const writer = node.client();
    const raw = await RawConnection.open(node.port);
    try {
      await writer.set('cached', 'v1');
      raw.send('HELLO 3\r\nCLIENT TRACKING on\r\nGET cached\r\n');
      await raw.waitFor((t) => t.endsWith('$2\r\nv1\r\n'));
      await writer.set('cached', 'v2');
      const text = await raw.waitFor((t) => t.includes('>2\r\n'));
      expect(text.endsWith('+OK\r\n$2\r\nv1\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\ncached\r\n')).toBe(true);
      // Its own write: the reply first, then the invalidation.
      raw.send('GET cached\r\nSET cached v3\r\n');
      const after = await raw.waitFor((t) => t.split('>2\r\n').length === 3);
      expect(after.endsWith('$2\r\nv2\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\ncached\r\n')).toBe(true);
    } finally {
      raw.close();
    }
  });

  it('RESP2: REDIRECT sends invalidations to a client subscribed to __redis__:invalidate', async () => {
    // ioredis 6 speaks RESP3 unless told otherwise: this one is a RESP2 connection.
    const tracked = node.client({ protocol: 2 });
    const writer = node.client();
    const subscriber = await RawConnection.open(node.port);
    try {
      subscriber.send('CLIENT ID\r\nSUBSCRIBE __redis__:invalidate\r\n');
      const subscribed = await subscriber.waitFor((t) => t.includes('__redis__:invalidate\r\n:1\r\n'));
      const redirectId = Number(/^:(\d+)\r\n/.exec(subscribed)![1]);
      expect(await tracked.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(redirectId))).toBe('OK');
      expect(await tracked.call('CLIENT', 'GETREDIR')).toBe(redirectId);
      expect(await tracked.call('CLIENT', 'INFO')).toMatch(new RegExp(` flags=t .* redir=${redirectId} `));
      await writer.set('r2', '1');
      await tracked.get('r2');
      await writer.set('r2', '2');
      const text = await subscriber.waitFor((t) => t.endsWith('$2\r\nr2\r\n'));
      expect(text.endsWith('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$2\r\nr2\r\n')).toBe(true);
      // A flush: a null array in place of the keys.
      await tracked.get('r2');
      await writer.flushdb();
      const flushed = await subscriber.waitFor((t) => t.endsWith('*-1\r\n'));
      expect(flushed.endsWith('$20\r\n__redis__:invalidate\r\n*-1\r\n')).toBe(true);
    } finally {
      subscriber.close();
    }
  });

  it('BCAST with a prefix: one push per event-loop turn with the changed keys', async () => {
    const writer = node.client();
    const raw = await RawConnection.open(node.port);
    try {
      raw.send('HELLO 3\r\nCLIENT TRACKING on BCAST PREFIX user:\r\n');
      await raw.waitFor((t) => t.endsWith('+OK\r\n'));
      await writer.mset('user:1', 'a', 'other', 'b');
      const text = await raw.waitFor((t) => t.includes('>2\r\n'));
      expect(text.endsWith('>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\nuser:1\r\n')).toBe(true);
      expect(await writer.info('stats')).toMatch(/tracking_total_prefixes:1\r\n/);
    } finally {
      raw.close();
    }
  });
});

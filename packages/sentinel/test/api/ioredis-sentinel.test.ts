import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../../../node/test/support/node-process.js';
import { startSentinelApi, type SentinelApi } from '../../src/api/index.js';
import { FakeModel, masterView, peerView } from './fake-model.js';

/**
 * ioredis in sentinel mode, as an application uses it: it asks the Sentinel API (a fake model behind a real
 * listener) where the master is, connects to a real data node there, and follows a +switch-master event to the
 * new one.
 */

let first: NodeProcess;
let second: NodeProcess;
let model: FakeModel;
let api: SentinelApi;
const clients: Redis[] = [];

beforeAll(async () => {
  [first, second] = await Promise.all([startNodeProcess(['--port', '0']), startNodeProcess(['--port', '0'])]);
});

afterAll(async () => {
  await stopAllNodeProcesses();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await api?.close();
});

async function startApi(): Promise<void> {
  model = new FakeModel();
  model.masterList = [masterView({ name: 'mymaster', ip: '127.0.0.1', port: first.port })];
  api = await startSentinelApi(model, { host: '127.0.0.1', port: 0 });
  // ioredis reads SENTINEL SENTINELS after each resolution to learn the other sentinels; this one lists the
  // API's own address, which ioredis already knows (so no connection to a sentinel that does not exist).
  model.peerLists.set('mymaster', [peerView({ ip: '127.0.0.1', port: api.port })]);
}

function sentinelClient(protocol: 2 | 3, extra: Record<string, unknown> = {}): Redis {
  const redis = new Redis({
    sentinels: [{ host: '127.0.0.1', port: api.port }],
    name: 'mymaster',
    protocol,
    maxRetriesPerRequest: 3,
    ...extra,
  });
  redis.on('error', () => {});
  clients.push(redis);
  return redis;
}

describe('ioredis in sentinel mode resolves the master through the API', () => {
  for (const protocol of [2, 3] as const) {
    it(`RESP${protocol}: reads and writes reach the node the API names`, async () => {
      await startApi();
      const redis = sentinelClient(protocol);
      expect(await redis.set('through-sentinel', String(protocol))).toBe('OK');
      // The key is on the first node, read back directly.
      const direct = first.client();
      expect(await direct.get('through-sentinel')).toBe(String(protocol));
      const info = await redis.info('server');
      expect(info).toContain(`tcp_port:${first.port}\r\n`);
    });
  }

  it('follows +switch-master to the new master (failoverDetector)', async () => {
    await startApi();
    const redis = sentinelClient(3, { failoverDetector: true });
    await redis.set('before', '1');
    expect(await redis.info('server')).toContain(`tcp_port:${first.port}\r\n`);
    // The failover detector holds a subscription to +switch-master on the API.
    await waitFor(async () => (await countSubscribers()) >= 1, 5_000, 'the +switch-master subscription');
    // The master moves: the API now names the second node, and says so on +switch-master.
    model.masterList = [masterView({ name: 'mymaster', ip: '127.0.0.1', port: second.port })];
    model.emit('+switch-master', `mymaster 127.0.0.1 ${first.port} 127.0.0.1 ${second.port}`);
    await waitFor(
      async () => {
        try {
          return (await redis.info('server')).includes(`tcp_port:${second.port}\r\n`);
        } catch {
          return false;
        }
      },
      10_000,
      'ioredis to reconnect to the new master',
    );
    await redis.set('after', '2');
    expect(await second.client().get('after')).toBe('2');
    expect(await first.client().get('after')).toBe(null);
  });
});

/** How many clients of the API are subscribed (CLIENT LIST flags=P), read through a plain client. */
async function countSubscribers(): Promise<number> {
  const probe = new Redis({ port: api.port, host: '127.0.0.1', protocol: 2, enableReadyCheck: false, lazyConnect: true });
  try {
    await probe.connect();
    const list = (await probe.call('CLIENT', 'LIST')) as string;
    return list.split('\n').filter((l) => / flags=P /.test(l)).length;
  } finally {
    probe.disconnect();
  }
}

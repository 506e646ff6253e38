import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RespValue } from '@understudy/resp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadyProcesses } from '../../../node/test/support/ready-process.js';
import { findTool, freePort, startRealRedis, type RealRedis } from '../../../node/test/support/real-redis.js';
import { startSentinelApi, type SentinelApi } from '../../src/api/index.js';
import { FakeModel, masterView, peerView, replicaView } from './fake-model.js';
import { pairs, plain, RespTestClient } from './support.js';

/**
 * The reply shapes of the API side by side with a real redis-sentinel 7.0.15 (redis-server --sentinel) that
 * monitors a real redis-server with one replica, next to a second real sentinel: field names and their order,
 * INFO keys, error texts and help texts. Skipped when redis-server is not installed.
 */

const REDIS_SERVER = findTool('redis-server');

interface RealSentinel {
  readonly port: number;
  stop(): Promise<void>;
}

const realSentinels = new ReadyProcesses();

async function startRealSentinel(masterPort: number, deadMasterPort: number): Promise<RealSentinel> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'understudy-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 2`,
      'sentinel down-after-milliseconds mymaster 5000',
      `sentinel monitor dead 127.0.0.1 ${deadMasterPort} 2`,
      'sentinel down-after-milliseconds dead 100',
      '',
    ].join('\n'),
  );
  const started = await realSentinels.start({
    name: 'redis-sentinel',
    command: REDIS_SERVER!,
    args: [conf, '--sentinel'],
    ready: /Sentinel ID is/,
    timeoutMs: 10_000,
  });
  return {
    port,
    async stop() {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until `ok` holds for its value (never a fixed sleep), with a deadline. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keysOf = (v: RespValue): string[] => pairs(v).map(([k]) => k);
const items = (v: RespValue): RespValue[] => (v.type === 'array' ? v.items : []);

describe.skipIf(REDIS_SERVER === null)('the same replies as a real redis-sentinel 7.0.15', () => {
  let master: RealRedis;
  let replica: RealRedis;
  let deadPort: number;
  const sentinels: RealSentinel[] = [];
  let real: RespTestClient;
  let ours: RespTestClient;
  let api: SentinelApi;
  let model: FakeModel;

  beforeAll(async () => {
    master = await startRealRedis(REDIS_SERVER!, []);
    replica = await startRealRedis(REDIS_SERVER!, ['--replicaof', '127.0.0.1', String(master.port)]);
    deadPort = await freePort();
    sentinels.push(await startRealSentinel(master.port, deadPort), await startRealSentinel(master.port, deadPort));
    real = await RespTestClient.open(sentinels[0]!.port);

    model = new FakeModel();
    model.masterList = [
      masterView({ port: master.port }),
      masterView({ name: 'dead', port: deadPort, flags: ['master', 's_down', 'disconnected'], sdownSince: 1_000_000 - 50, numSlaves: 0, numOtherSentinels: 0 }),
    ];
    model.replicaLists.set('mymaster', [replicaView({ port: replica.port, masterPort: master.port })]);
    model.peerLists.set('mymaster', [peerView()]);
    // What a lone sentinel of a quorum-2 group answers: 1 usable of 1 voter.
    model.quorum.set('dead', { usable: 1, quorum: 2, voters: 1 });
    model.failoverAnswer = { ok: false, error: 'NOGOODSLAVE No suitable replica to promote' };
    api = await startSentinelApi(model, { host: '127.0.0.1', port: 0 });
    ours = await RespTestClient.open(api.port);
  }, 60_000);

  afterAll(async () => {
    real?.close();
    ours?.close();
    await api?.close();
    for (const s of sentinels) await s.stop();
    await replica?.stop();
    await master?.stop();
  });

  it('SENTINEL MASTER of a healthy master: the same field names in the same order', async () => {
    const theirs = await eventually(
      () => real.call('SENTINEL', 'MASTER', 'mymaster'),
      (v) => pairs(v).some(([k, val]) => k === 'num-other-sentinels' && val === '1'),
      'the real sentinels to find each other',
    );
    expect(pairs(theirs).find(([k]) => k === 'flags')).toEqual(['flags', 'master']);
    expect(keysOf(await ours.call('SENTINEL', 'MASTER', 'mymaster'))).toEqual(keysOf(theirs));
  });

  it('SENTINEL MASTER of a master in SDOWN: s-down-time where Redis puts it, the same flags', async () => {
    const theirs = await eventually(
      () => real.call('SENTINEL', 'MASTER', 'dead'),
      (v) => pairs(v).some(([k]) => k === 's-down-time'),
      'the dead master to be SDOWN',
    );
    const mine = await ours.call('SENTINEL', 'MASTER', 'dead');
    expect(keysOf(mine)).toEqual(keysOf(theirs));
    const flags = (v: RespValue): string | undefined => pairs(v).find(([k]) => k === 'flags')?.[1];
    expect(flags(mine)).toBe(flags(theirs));
  });

  it('SENTINEL MASTERS, REPLICAS and SENTINELS: the same field names in the same order', async () => {
    const masters = await real.call('SENTINEL', 'MASTERS');
    const ourMasters = await ours.call('SENTINEL', 'MASTERS');
    expect(items(ourMasters).map(keysOf).sort()).toEqual(items(masters).map(keysOf).sort());

    const replicas = await eventually(
      () => real.call('SENTINEL', 'REPLICAS', 'mymaster'),
      (v) => items(v).length === 1 && pairs(items(v)[0]!).some(([k, val]) => k === 'master-link-status' && val === 'ok'),
      'the real sentinel to discover the replica',
    );
    const ourReplicas = await ours.call('SENTINEL', 'REPLICAS', 'mymaster');
    expect(keysOf(items(ourReplicas)[0]!)).toEqual(keysOf(items(replicas)[0]!));
    expect(pairs(items(ourReplicas)[0]!).find(([k]) => k === 'name')).toEqual(pairs(items(replicas)[0]!).find(([k]) => k === 'name'));

    const peers = await eventually(
      () => real.call('SENTINEL', 'SENTINELS', 'mymaster'),
      (v) => items(v).length === 1,
      'the real sentinels to find each other',
    );
    const ourPeers = await ours.call('SENTINEL', 'SENTINELS', 'mymaster');
    expect(keysOf(items(ourPeers)[0]!)).toEqual(keysOf(items(peers)[0]!));
    const flagsOf = (v: RespValue): string | undefined => pairs(items(v)[0]!).find(([k]) => k === 'flags')?.[1];
    expect(flagsOf(ourPeers)).toBe(flagsOf(peers));
  });

  it('INFO: the same sections in the same order, the same keys (but Understudy\'s grpc_port)', async () => {
    const sectionKeys = (text: string): string[] =>
      text.split('\r\n').filter((l) => l !== '').map((l) => (l.startsWith('#') ? l : l.slice(0, l.indexOf(':'))));
    const theirs = sectionKeys(plain(await real.call('INFO')) as string);
    const mine = sectionKeys(plain(await ours.call('INFO')) as string).filter((k) => k !== 'grpc_port');
    // One master line per master: compare the master lines apart.
    expect(mine.filter((k) => !k.startsWith('master'))).toEqual(theirs.filter((k) => !k.startsWith('master')));
    expect(mine.filter((k) => k.startsWith('master'))).toHaveLength(2);
    const theirSentinel = plain(await real.call('INFO', 'sentinel')) as string;
    const mySentinel = plain(await ours.call('INFO', 'sentinel')) as string;
    const masterLine = (text: string, name: string): string | undefined =>
      text.split('\r\n').find((l) => l.includes(`:name=${name},`))?.replace(/^master\d+:/, '');
    expect(masterLine(mySentinel, 'dead')).toBe(masterLine(theirSentinel, 'dead'));
    expect(mySentinel.replace(/master\d+:.*\r\n/g, '')).toBe(theirSentinel.replace(/master\d+:.*\r\n/g, ''));
    expect(plain(await ours.call('INFO', 'keyspace'))).toBe(plain(await real.call('INFO', 'keyspace')));
  });

  it('the same bytes for errors, help texts and fixed replies', async () => {
    const cases = [
      'ECHO hi\r\n',
      'GET x\r\n',
      'quit\r\n',
      'PING a b\r\n',
      'PING\r\n',
      'PING hello\r\n',
      'SENTINEL\r\n',
      'SENTINEL foo\r\n',
      'sentinel masters x\r\n',
      'SENTINEL MASTER nope\r\n',
      'SENTINEL REPLICAS nope\r\n',
      'SENTINEL SENTINELS nope\r\n',
      'SENTINEL CKQUORUM nope\r\n',
      'SENTINEL CKQUORUM dead\r\n',
      'SENTINEL FAILOVER nope\r\n',
      'SENTINEL FAILOVER dead\r\n',
      'SENTINEL GET-MASTER-ADDR-BY-NAME nope\r\n',
      'SENTINEL is-master-down-by-addr 127.0.0.1 x 0 *\r\n',
      'SENTINEL is-master-down-by-addr 127.0.0.9 1 0 *\r\n',
      'SENTINEL RESET nothing-matches\r\n',
      'SENTINEL PENDING-SCRIPTS\r\n',
      'SENTINEL CONFIG GET *\r\n',
      'SENTINEL CONFIG FOO x\r\n',
      'SENTINEL HELP\r\n',
      'sentinel help\r\n',
      'SENTINEL MONITOR x\r\n',
      'CLIENT\r\n',
      'CLIENT SETINFO LIB-NAME x\r\n',
      'CLIENT SETNAME "a b"\r\n',
      'CLIENT GETNAME\r\n',
      'CLIENT SETNAME app\r\n',
      'CLIENT GETNAME\r\n',
      'CLIENT SETNAME ""\r\n',
      'CLIENT GETNAME\r\n',
      'CLIENT HELP\r\n',
      'CLIENT TRACKINGINFO\r\n',
      'CLIENT GETREDIR\r\n',
      'CLIENT NO-EVICT maybe\r\n',
      'CLIENT KILL 1.2.3.4:5\r\n',
      'CLIENT KILL ID 0\r\n',
      'CLIENT KILL TYPE foo\r\n',
      'CLIENT KILL USER nobody\r\n',
      'CLIENT LIST TYPE foo\r\n',
      'CLIENT LIST ID x\r\n',
      'CLIENT UNBLOCK 99999\r\n',
      'CLIENT CACHING yes\r\n',
      'AUTH x\r\n',
      'AUTH a b\r\n',
      'AUTH default whatever\r\n',
      'AUTH a b c\r\n',
      'HELLO 4\r\n',
      'HELLO x\r\n',
      'HELLO 3 foo\r\n',
      'HELLO 3 AUTH nobody pw\r\n',
      'PUBLISH chan msg\r\n',
      'ROLE x\r\n',
      '*1\r\n$7\r\nNOTACMD\r\n',
    ];
    // Send each case to both, one at a time, and compare the complete replies.
    const a = await RespTestClient.open(sentinels[0]!.port);
    const b = await RespTestClient.open(api.port);
    try {
      for (const send of cases) {
        const [x, y] = await Promise.all([oneReply(a, send), oneReply(b, send)]);
        expect(y, send).toBe(x);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('subscribe mode: the same confirmations, PING answer and refusals, in RESP2 and RESP3', async () => {
    for (const protocol of ['2', '3']) {
      const a = await RespTestClient.open(sentinels[0]!.port);
      const b = await RespTestClient.open(api.port);
      try {
        for (const c of [a, b]) await c.call('HELLO', protocol);
        // Each command and how many replies it causes.
        for (const [send, count] of [
          ['SUBSCRIBE +switch-master +sdown\r\n', 2],
          ['PSUBSCRIBE +o*\r\n', 1],
          ['PING\r\n', 1],
          ['PING x\r\n', 1],
          ['SENTINEL MYID x\r\n', 1],
          ['HELLO x\r\n', 1],
          ['UNSUBSCRIBE +sdown\r\n', 1],
          ['UNSUBSCRIBE\r\n', 1],
          ['PUNSUBSCRIBE\r\n', 1],
          ['UNSUBSCRIBE\r\n', 1],
          ['PUNSUBSCRIBE\r\n', 1],
          ['PING\r\n', 1],
        ] as const) {
          const [x, y] = await Promise.all([replies(a, send, count), replies(b, send, count)]);
          expect(y, `RESP${protocol} ${send}`).toBe(x);
        }
      } finally {
        a.close();
        b.close();
      }
    }
  });

  it('CLIENT INFO / CLIENT LIST: the same fields in the same order', async () => {
    const fieldsOf = (line: string): string[] => line.trim().split(' ').map((kv) => kv.slice(0, kv.indexOf('=')));
    const theirs = plain(await real.call('CLIENT', 'INFO')) as string;
    const mine = plain(await ours.call('CLIENT', 'INFO')) as string;
    expect(fieldsOf(mine)).toEqual(fieldsOf(theirs));
    expect(mine.endsWith('\n')).toBe(theirs.endsWith('\n'));
    const theirList = (plain(await real.call('CLIENT', 'LIST')) as string).split('\n').filter(Boolean);
    const myList = (plain(await ours.call('CLIENT', 'LIST')) as string).split('\n').filter(Boolean);
    expect(fieldsOf(myList[0]!)).toEqual(fieldsOf(theirList[0]!));
  });

  it('HELLO 3 and RESP3 framing of SENTINEL MASTER', async () => {
    const a = await RespTestClient.open(sentinels[0]!.port);
    const b = await RespTestClient.open(api.port);
    try {
      const helloA = await a.call('HELLO', '3');
      const helloB = await b.call('HELLO', '3');
      const keys = (v: RespValue): string[] => (v.type === 'map' ? v.entries.map(([k]) => String(plain(k))) : []);
      expect(keys(helloB)).toEqual(keys(helloA));
      expect(keys(helloB)).toEqual(['server', 'version', 'proto', 'id', 'mode', 'modules']);
      const ma = await a.call('SENTINEL', 'MASTER', 'dead');
      const mb = await b.call('SENTINEL', 'MASTER', 'dead');
      expect(mb.type).toBe('map');
      expect(ma.type).toBe('map');
      expect(keysOf(mb)).toEqual(keysOf(ma));
      const addrA = await a.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nope');
      const addrB = await b.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nope');
      expect(addrB).toEqual(addrA);
      expect(plain(await b.call('INFO', 'sentinel'))).toMatch(/^# Sentinel/);
      expect((await b.call('INFO', 'sentinel')).type).toBe((await a.call('INFO', 'sentinel')).type);
    } finally {
      a.close();
      b.close();
    }
  });
});

/** Sends `send` and returns the bytes of exactly one reply (a whole RESP value). */
async function oneReply(c: RespTestClient, send: string): Promise<string> {
  return replies(c, send, 1);
}

/** Sends `send` and returns the bytes of its `count` replies. */
async function replies(c: RespTestClient, send: string, count: number): Promise<string> {
  const start = c.text().length;
  c.send(send);
  for (let i = 0; i < count; i++) await c.next();
  return c.text().slice(start);
}

import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../packages/node/test/support/node-process.js';
import { HaGroup, MASTER_NAME } from '../support/ha-group.js';
import { startProxyProcess, type ProxyProcess } from '../support/proxy-process.js';

/**
 * The proxy's acceptance around failovers (issue 6): a group of 3 nodes and 3 sentinels, a proxy following the
 * sentinels' topology streams, and plain ioredis clients connected to the proxy (no sentinel support needed).
 */

let group: HaGroup | null = null;
let proxy: ProxyProcess | null = null;

afterEach(async () => {
  await proxy?.stop();
  await group?.stop();
  proxy = null;
  group = null;
});

async function formedGroup(nodeArgs: string[] = []): Promise<{ group: HaGroup; proxy: ProxyProcess }> {
  const g = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500, nodeArgs });
  group = g;
  await g.formed();
  const p = await startProxyProcess(['--sentinels', g.sentinels.map((s) => `127.0.0.1:${s.grpcPort}`).join(','), '--master-name', MASTER_NAME]);
  proxy = p;
  return { group: g, proxy: p };
}

/** A sequential writer through `client`, recording acknowledged writes, errors and reconnections. */
function startWriter(client: Redis): { acked: number[]; errors: string[]; reconnects: () => number; stop: () => Promise<void> } {
  const acked: number[] = [];
  const errors: string[] = [];
  let reconnects = 0;
  client.on('reconnecting', () => reconnects++);
  let writing = true;
  const done = (async () => {
    for (let n = 0; writing; n++) {
      try {
        if ((await client.set(`ledger:${n}`, String(n))) === 'OK') acked.push(n);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  })();
  return {
    acked,
    errors,
    reconnects: () => reconnects,
    stop: async () => {
      writing = false;
      await done;
    },
  };
}

async function lostWrites(g: HaGroup, acked: number[]): Promise<number[]> {
  const primary = g.node((await g.masterPorts())[0]!);
  const values = await g.client(primary).mget(acked.map((n) => `ledger:${n}`));
  return acked.filter((n, i) => values[i] !== String(n));
}

describe('proxy: failovers behind one endpoint', () => {
  it('a planned failover (SENTINEL FAILOVER) under a steady write load: a pause, no error, no lost write, no reconnection', async () => {
    const { group: g, proxy: p } = await formedGroup();
    const app = p.client({ maxRetriesPerRequest: 0 });
    const writer = startWriter(app);
    try {
      await waitFor(() => writer.acked.length > 200, 10_000, 'writes before the failover');
      const oldPort = g.nodes[0]!.port;
      expect(await g.sentinels[0]!.client().call('SENTINEL', 'FAILOVER', MASTER_NAME)).toBe('OK');
      await waitFor(async () => (await g.masterPorts()).every((port) => port !== oldPort), 10_000, 'the switch');
      const switchedAt = writer.acked.length;
      await waitFor(() => writer.acked.length > switchedAt + 200, 10_000, 'writes after the switch');
    } finally {
      await writer.stop();
    }
    expect(writer.errors).toEqual([]);
    expect(writer.reconnects()).toBe(0);
    expect(await lostWrites(g, writer.acked)).toEqual([]);
    // The writes after the switch went to the new primary through the same connection.
    expect(await app.call('ROLE').then((role) => (role as unknown[])[0])).toBe('master');
  });

  it('an unplanned failover (kill -9): in-flight commands fail with outcome unknown, the connection stays and writes resume', async () => {
    const { group: g, proxy: p } = await formedGroup(['--min-replicas-to-write', '1']);
    const app = p.client({ maxRetriesPerRequest: 0 });
    const writer = startWriter(app);
    try {
      await waitFor(() => writer.acked.length > 200, 10_000, 'writes before the kill');
      const old = g.nodes[0]!;
      await old.process.stop();
      const before = writer.acked.length;
      await waitFor(() => writer.acked.length > before + 200, 20_000, 'writes after the failover');
    } finally {
      await writer.stop();
    }
    expect(writer.reconnects()).toBe(0);
    // At most the one write in flight at the kill fails with an unknown outcome, and says so. The others that fail
    // are refused by the new primary itself until its replica is attached again (min-replicas-to-write 1, as in
    // Redis): never run, never acknowledged.
    const unknown = writer.errors.filter((error) => /may or may not have run/.test(error));
    expect(unknown.length).toBeLessThanOrEqual(1);
    expect(writer.errors.filter((error) => !/may or may not have run/.test(error) && !/^NOREPLICAS/.test(error))).toEqual([]);
    expect(await lostWrites(g, writer.acked)).toEqual([]);
  });

  it('a transaction open across an unplanned failover is aborted, never half-applied; subscriptions follow the new primary', async () => {
    const { group: g, proxy: p } = await formedGroup();
    const tx = p.client({ maxRetriesPerRequest: 0 });
    const subscriber = p.client({ maxRetriesPerRequest: 0 });
    const messages: string[] = [];
    subscriber.on('message', (_channel, message) => messages.push(message));
    await subscriber.subscribe('news');
    expect(await tx.call('MULTI')).toBe('OK');
    expect(await tx.call('SET', 'half', 'applied')).toBe('QUEUED');
    const old = g.nodes[0]!;
    await old.process.stop();
    await waitFor(async () => (await g.masterPorts()).every((port) => port !== old.port), 15_000, 'the failover');
    // Until EXEC or DISCARD, the transaction is refused; EXEC aborts it.
    await expect(tx.call('SET', 'more', 'x')).rejects.toThrow(/transaction was open|primary changed/);
    await expect(tx.call('EXEC')).rejects.toThrow(/EXECABORT/);
    expect(await tx.get('half')).toBeNull();
    // The proxy subscribed again on the new primary: a message published there arrives.
    const publisher = g.client(g.node((await g.masterPorts())[0]!));
    await waitFor(async () => {
      await publisher.publish('news', 'after the failover');
      return messages.includes('after the failover');
    }, 10_000, 'a message through the re-subscribed connection');
  });
});

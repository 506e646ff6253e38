import { grpc, sentinelPackage, type Topology__Output } from '@understudy/grpc';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../packages/node/test/support/node-process.js';
import { HaGroup, MASTER_NAME } from '../support/ha-group.js';

let group: HaGroup | null = null;

afterEach(async () => {
  await group?.stop();
  group = null;
});

describe('sentinels: planned failover, events and the topology watch', () => {
  it('SENTINEL FAILOVER under a steady write load: no client error, no acknowledged write lost', async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500 });
    await group.formed();
    const app = group.sentinelClient();
    const acked: number[] = [];
    let errors = 0;
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        try {
          await app.set(`ledger:${n}`, String(n));
          acked.push(n);
        } catch {
          errors++;
        }
      }
    })();
    await waitFor(() => acked.length > 200, 10_000, 'writes before the failover');
    const oldPort = group.nodes[0]!.port;
    expect(await group.sentinels[0]!.client().call('SENTINEL', 'FAILOVER', MASTER_NAME)).toBe('OK');
    await waitFor(async () => (await group!.masterPorts()).every((p) => p !== oldPort), 10_000, 'the switch');
    const switchedAt = acked.length;
    await waitFor(() => acked.length > switchedAt + 200, 10_000, 'writes after the failover');
    writing = false;
    await writer;
    expect(errors).toBe(0);
    const primary = group.node((await group.masterPorts())[0]!);
    const reader = group.client(primary);
    const values = await reader.mget(acked.map((n) => `ledger:${n}`));
    const lost = acked.filter((n, i) => values[i] !== String(n));
    expect(lost).toEqual([]);
    const oldRole = await group.role(group.node(oldPort));
    expect(oldRole).toEqual({ role: 'slave', primaryPort: primary.port });
  });

  it('publishes Redis event names and streams the topology to watchers', async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500 });
    await group.formed();
    // Every sentinel publishes what it saw itself: one that learns of the switch from the leader before its own
    // ODOWN never publishes +odown, so listen to all three.
    const events: string[] = [];
    const subscribers = group.sentinels.map((sentinel) => new Redis({ host: '127.0.0.1', port: sentinel.port }));
    for (const subscriber of subscribers) {
      subscriber.on('pmessage', (_pattern, channel, message) => events.push(`${channel} ${message}`));
      await subscriber.psubscribe('*');
    }
    const watcher = new (sentinelPackage().Sentinel)(`127.0.0.1:${group.sentinels[2]!.grpcPort}`, grpc.credentials.createInsecure());
    const updates: Topology__Output[] = [];
    const watch = watcher.WatchTopology({ masterName: MASTER_NAME });
    watch.on('data', (update: Topology__Output) => updates.push(update));
    watch.on('error', () => {});
    try {
      await waitFor(() => updates.length > 0, 5000, 'the first topology');
      expect(updates[0]).toMatchObject({ masterName: MASTER_NAME, configEpoch: 0, primary: { host: '127.0.0.1', port: group.nodes[0]!.port } });
      expect(updates[0]!.replicas).toHaveLength(2);
      const old = group.nodes[0]!;
      await old.process.stop();
      await waitFor(() => updates.some((u) => u.configEpoch === 1 && u.primary?.port !== old.port), 15_000, 'the new topology');
      const switched = updates.find((u) => u.configEpoch === 1)!;
      await waitFor(() => events.some((e) => e.startsWith('+switch-master ')), 5000, '+switch-master');
      expect(events).toContain(`+switch-master ${MASTER_NAME} 127.0.0.1 ${old.port} 127.0.0.1 ${switched.primary!.port}`);
      expect(events.some((e) => e === `+sdown master ${MASTER_NAME} 127.0.0.1 ${old.port}`)).toBe(true);
      expect(events.some((e) => e.startsWith(`+odown master ${MASTER_NAME} 127.0.0.1 ${old.port} #quorum`))).toBe(true);
      expect(events.some((e) => e.startsWith('+new-epoch 1'))).toBe(true);
    } finally {
      watch.cancel();
      watcher.close();
      for (const subscriber of subscribers) subscriber.disconnect();
    }
  });
});

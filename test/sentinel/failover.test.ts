import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../packages/node/test/support/node-process.js';
import { HaGroup, type GroupNode } from '../support/ha-group.js';

/**
 * The sentinels' acceptance (issue 5): 3 sentinels, a primary and 2 replicas as real processes. Each fault —
 * kill -9, SIGSTOP, cut off — must end with exactly one replica promoted, the other following it, the old
 * primary back as a replica of the new one, and an ioredis client in sentinel mode writing again.
 */

let group: HaGroup | null = null;

afterEach(async () => {
  await group?.stop();
  group = null;
});

/** Resolves with the command's result, or rejects after `ms` (a client stuck on a stopped node). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no reply within ${ms} ms`)), ms))]);
}

/** Waits until all sentinels name one new primary, which is a primary, and every other live node follows it. */
async function failedOver(g: HaGroup, old: GroupNode): Promise<GroupNode> {
  let promoted: GroupNode | null = null;
  await waitFor(
    async () => {
      const ports = await g.masterPorts();
      if (!ports.every((p) => p === ports[0]) || ports[0] === old.port) return false;
      promoted = g.node(ports[0]!);
      return true;
    },
    15_000,
    'every sentinel to name a new primary',
  );
  const others = g.nodes.filter((n) => n !== old && n !== promoted);
  await waitFor(
    async () => {
      if ((await g.role(promoted!)).role !== 'master') return false;
      for (const node of others) {
        const role = await g.role(node);
        if (role.role !== 'slave' || role.primaryPort !== promoted!.port) return false;
      }
      return true;
    },
    10_000,
    'the other replica to follow the promoted one',
  );
  return promoted!;
}

async function writesAgain(app: Redis, key: string): Promise<void> {
  await waitFor(
    async () => {
      try {
        return (await within(app.set(key, 'after'), 1000)) === 'OK';
      } catch {
        return false;
      }
    },
    15_000,
    'the sentinel-mode client to write again',
  );
}

async function demoted(g: HaGroup, old: GroupNode, promoted: GroupNode): Promise<void> {
  await waitFor(
    async () => {
      const role = await g.role(old);
      return role.role === 'slave' && role.primaryPort === promoted.port;
    },
    15_000,
    'the old primary to come back as a replica of the new one',
  );
}

describe('sentinels: failover of real processes (3 sentinels, a primary, 2 replicas)', () => {
  it('kill -9 of the primary: one replica promoted, the other repointed, the restarted old primary demoted', async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500 });
    await group.formed();
    const app = group.sentinelClient();
    expect(await app.set('before', 'kill')).toBe('OK');
    await waitFor(async () => (await group!.client(group!.nodes[1]!).get('before')) === 'kill', 5000, 'the write to reach a replica');
    const old = group.nodes[0]!;
    await old.process.stop();
    const promoted = await failedOver(group, old);
    await writesAgain(app, 'after-kill');
    expect(await app.get('before')).toBe('kill');
    await group.restart(old);
    await demoted(group, old, promoted);
    await waitFor(async () => (await group!.client(old).get('after-kill')) === 'after', 10_000, 'the demoted node to hold the new primary\'s data');
  });

  it('SIGSTOP of the primary: replaced while hung; on SIGCONT it is demoted and its clients move to the new primary', async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500, nodeArgs: ['--min-replicas-to-write', '1'] });
    await group.formed();
    const app = group.sentinelClient();
    expect(await app.set('before', 'stop')).toBe('OK');
    const old = group.nodes[0]!;
    process.kill(old.process.pid, 'SIGSTOP');
    try {
      // The client's connection to the hung primary stays open: this write waits in its socket.
      const stuck = app.set('during-stop', 'sent');
      const promoted = await failedOver(group, old);
      const fresh = group.sentinelClient();
      await writesAgain(fresh, 'after-stop');
      process.kill(old.process.pid, 'SIGCONT');
      await demoted(group, old, promoted);
      // The write sent to the hung primary ends up acknowledged only by the new primary (the old one closed the
      // connection on demotion and ioredis sent it again): acknowledged means it is there.
      expect(await within(stuck, 15_000)).toBe('OK');
      expect(await fresh.get('during-stop')).toBe('sent');
      await writesAgain(app, 'after-resume');
    } finally {
      process.kill(old.process.pid, 'SIGCONT');
    }
  });

  it('a primary cut off from sentinels and replicas is replaced, and demoted when the cut heals', async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500 });
    await group.formed();
    const app = group.sentinelClient();
    expect(await app.set('before', 'cut')).toBe('OK');
    const old = group.nodes[0]!;
    await group.setIsolated(old, true);
    const promoted = await failedOver(group, old);
    await writesAgain(app, 'after-cut');
    await group.setIsolated(old, false);
    await demoted(group, old, promoted);
  });

  it('two failovers back to back, the first primary back empty in between: no acknowledged write lost, one primary', { timeout: 60_000 }, async () => {
    group = await HaGroup.start({ replicas: 2, sentinels: 3, downAfterMs: 500, nodeArgs: ['--min-replicas-to-write', '1'] });
    await group.formed();
    const app = group.sentinelClient();
    const acked: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        try {
          if ((await within(app.set(`ledger:${n}`, String(n)), 5000)) === 'OK') acked.push(n);
        } catch {
          // Unknown outcome: not in the ledger.
        }
      }
    })();
    try {
      await waitFor(() => acked.length > 100, 10_000, 'writes before the first failover');
      const first = group.nodes[0]!;
      await first.process.stop();
      const second = await failedOver(group, first);
      // The first primary returns empty (no persistence) and must be demoted, then the new primary dies too.
      await group.restart(first);
      await demoted(group, first, second);
      const before = acked.length;
      await waitFor(() => acked.length > before + 50, 10_000, 'writes on the second primary');
      await second.process.stop();
      const third = await failedOver(group, second);
      const now = acked.length;
      await waitFor(() => acked.length > now + 100, 15_000, 'writes on the third primary');
      writing = false;
      await writer;
      const values = await group.client(third).mget(acked.map((n) => `ledger:${n}`));
      expect(acked.filter((n, i) => values[i] !== String(n))).toEqual([]);
      const roles = await Promise.all(group.nodes.filter((n) => n !== second).map((n) => group!.role(n)));
      expect(roles.filter((r) => r.role === 'master')).toHaveLength(1);
    } finally {
      writing = false;
      await writer;
    }
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../node/test/support/seeded-random.js';
import { GROUP, SimCluster } from './sim/sim-cluster.js';

function cluster(seed = 1, overrides: Partial<ConstructorParameters<typeof SimCluster>[0]> = {}): SimCluster {
  return new SimCluster({ sentinels: 3, replicas: 2, quorum: 2, downAfterMs: 500, failoverTimeoutMs: 5000, random: seededRandom(seed), ...overrides });
}

/** Runs until `done` holds (checked every 10 ms of simulated time) or `limitMs` passes; returns when it held. */
function runUntilTrue(sim: SimCluster, done: () => boolean, limitMs: number): number {
  const start = sim.now;
  while (sim.now - start < limitMs) {
    if (done()) return sim.now;
    sim.runUntil(sim.now + 10);
  }
  throw new Error(`not within ${limitMs} ms: ${sim.convergence()}`);
}

function channels(sim: SimCluster, index = 0): string[] {
  return sim.sentinels[index]!.events.map((e) => e.channel);
}

describe('sentinel core: failover scenarios (fake clock, in-memory network)', () => {
  it('discovers peers and replicas through the primary, then stays quiet', () => {
    const sim = cluster();
    sim.runUntil(2000);
    for (const sentinel of sim.sentinels) {
      const group = sentinel.core.group(GROUP)!;
      expect(group.peers.size).toBe(2);
      expect(group.replicas.size).toBe(2);
    }
    expect(sim.promotions.size).toBe(0);
    expect(channels(sim)).not.toContain('+sdown');
  });

  it('a crashed primary: one replica promoted with a majority, the other repointed, within down-after + a few periods', () => {
    const sim = cluster();
    sim.runUntil(2000);
    sim.node('n1:6379').state = 'crashed';
    const converged = runUntilTrue(sim, () => sim.primaries().length === 1 && sim.primaries()[0]!.key !== 'n1:6379' && sim.convergence() === null, 5000);
    expect(converged - 2000).toBeLessThan(1000);
    expect(sim.promotions.size).toBe(1);
    expect(sim.violations).toEqual([]);
    const all = sim.sentinels.flatMap((s) => s.events.map((e) => e.channel));
    for (const channel of ['+sdown', '+odown', '+new-epoch', '+try-failover', '+elected-leader', '+selected-slave', '+promoted-slave', '+switch-master', '+failover-end']) {
      expect(all).toContain(channel);
    }
    // Every sentinel announces the switch, whether it led the failover or learned of it.
    for (const sentinel of sim.sentinels) expect(sentinel.events.map((e) => e.channel)).toContain('+switch-master');
  });

  it('the old primary comes back as a replica of the new one (restart without persistence: epoch 0)', () => {
    const sim = cluster(2);
    sim.runUntil(2000);
    const old = sim.node('n1:6379');
    old.state = 'crashed';
    runUntilTrue(sim, () => sim.promotions.size === 1, 5000);
    old.restart();
    runUntilTrue(sim, () => sim.convergence() === null && old.role === 'slave', 5000);
    expect(old.primary).toBe(sim.promotions.get(1));
    expect(sim.sentinels.flatMap((s) => s.events.map((e) => e.channel))).toContain('+convert-to-slave');
    expect(sim.violations).toEqual([]);
  });

  it('a hung primary counts as down, and is demoted when it wakes up', () => {
    const sim = cluster(3);
    sim.runUntil(2000);
    const old = sim.node('n1:6379');
    old.state = 'hung';
    runUntilTrue(sim, () => sim.promotions.size === 1, 5000);
    old.state = 'up';
    runUntilTrue(sim, () => sim.convergence() === null, 5000);
    expect(old.role).toBe('slave');
    expect(old.epoch).toBe(1);
  });

  it('a primary cut off from sentinels and replicas is replaced, and demoted after the heal', () => {
    const sim = cluster(4);
    sim.runUntil(2000);
    sim.network.isolate('n1:6379', sim.endpoints());
    runUntilTrue(sim, () => sim.promotions.size === 1, 5000);
    sim.network.heal();
    runUntilTrue(sim, () => sim.convergence() === null, 5000);
    expect(sim.primaries()).toHaveLength(1);
    expect(sim.violations).toEqual([]);
  });

  it('a sentinel in a minority never fails over: cut off from its peers, it sees the primary down but cannot act', () => {
    const sim = cluster(5);
    sim.runUntil(2000);
    const lonely = sim.sentinels[0]!;
    sim.network.isolate(lonely.id, sim.endpoints());
    sim.runUntil(12_000);
    expect(lonely.events.map((e) => e.channel)).toContain('+sdown');
    expect(lonely.events.map((e) => e.channel)).not.toContain('+odown');
    expect(sim.promotions.size).toBe(0);
    expect(sim.node('n1:6379').role).toBe('master');
  });

  it('a sentinel alone with the primary cannot fail over; the majority side does, once', () => {
    const sim = cluster(6);
    sim.runUntil(2000);
    const [s1, s2, s3] = sim.sentinels.map((s) => s.id) as [string, string, string];
    sim.network.partition([[s1, 'n1:6379'], [s2, s3, 'n2:6380', 'n3:6381']]);
    runUntilTrue(sim, () => sim.promotions.size === 1, 5000);
    sim.runUntil(sim.now + 5000);
    expect(sim.promotions.size).toBe(1);
    expect(sim.sentinel(s1).events.map((e) => e.channel)).not.toContain('+elected-leader');
    sim.network.heal();
    runUntilTrue(sim, () => sim.convergence() === null, 5000);
    expect(sim.violations).toEqual([]);
  });

  it('a planned failover (SENTINEL FAILOVER) pauses the primary, promotes at its offset, and demotes it first', () => {
    const sim = cluster(7);
    sim.runUntil(2000);
    const leader = sim.sentinels[1]!;
    let outcome: string | null = 'not run';
    sim.input(leader, (core) => (outcome = core.failover(sim.now, GROUP)));
    expect(outcome).toBeNull();
    runUntilTrue(sim, () => sim.promotions.size === 1 && sim.convergence() === null, 3000);
    const channels = leader.events.map((e) => e.channel);
    expect(channels.indexOf('+elected-leader')).toBeLessThan(channels.indexOf('+promoted-slave'));
    expect(sim.node('n1:6379').role).toBe('slave');
    expect(sim.node('n1:6379').paused).toBe(false);
    // A second request while one runs is refused as Redis refuses it.
    sim.input(leader, (core) => (outcome = core.failover(sim.now, GROUP)));
    expect(outcome === null || outcome === 'INPROG Failover already in progress').toBe(true);
  });

  it('SENTINEL FAILOVER without a suitable replica: NOGOODSLAVE', () => {
    const sim = cluster(8, { replicas: 0 });
    sim.runUntil(2000);
    let outcome: string | null = null;
    sim.input(sim.sentinels[0]!, (core) => (outcome = core.failover(sim.now, GROUP)));
    expect(outcome).toBe('NOGOODSLAVE No suitable replica to promote');
  });

  it('two failovers back to back: each under a newer epoch, never two primaries in one epoch', () => {
    const sim = cluster(9);
    sim.runUntil(2000);
    sim.node('n1:6379').state = 'crashed';
    runUntilTrue(sim, () => sim.promotions.size === 1 && sim.convergence() === null, 5000);
    sim.runUntil(sim.now + 1000);
    sim.node(sim.promotions.get(1)!).state = 'crashed';
    runUntilTrue(sim, () => sim.promotions.size === 2 && sim.convergence() === null, 10_000);
    const epochs = [...sim.promotions.keys()];
    expect(epochs[1]).toBeGreaterThan(epochs[0]!);
    expect(sim.violations).toEqual([]);
  });

  it('promotes the replica with the highest offset when priorities are equal', () => {
    const sim = cluster(10);
    sim.runUntil(2000);
    // n3 stops receiving the log; n2 keeps up.
    sim.network.cutLink('n1:6379', 'n3:6381', false);
    sim.runUntil(2500);
    sim.node('n1:6379').state = 'crashed';
    runUntilTrue(sim, () => sim.promotions.size === 1, 5000);
    expect(sim.promotions.get(1)).toBe('n2:6380');
  });
});

import { seededRandom } from '../../../../node/test/support/seeded-random.js';
import { SimCluster } from './sim-cluster.js';

/** Random fault schedules for the simulation: faults during a window, then everything healed. */

const FAULT_WINDOW_MS = 8000;
const SETTLE_LIMIT_MS = 20_000;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function playSchedule(seed: number): { sim: SimCluster; description: string[] } {
  const random = seededRandom(seed);
  const sentinels = random() < 0.25 ? 5 : 3;
  const sim = new SimCluster({
    sentinels,
    replicas: 1 + Math.floor(random() * 3),
    quorum: Math.floor(sentinels / 2) + 1,
    downAfterMs: 100 + Math.floor(random() * 400),
    failoverTimeoutMs: 3000,
    random,
  });
  const description: string[] = [];
  const faults = 1 + Math.floor(random() * 6);
  for (let i = 0; i < faults; i++) {
    const at = 1000 + random() * FAULT_WINDOW_MS;
    const kind = pick(random, ['crash', 'restart', 'hang', 'wake', 'isolate-node', 'isolate-sentinel', 'partition', 'lossy', 'heal', 'pause-sentinel', 'failover'] as const);
    const node = pick(random, sim.nodes);
    const sentinel = pick(random, sim.sentinels);
    description.push(`${Math.round(at)} ${kind} ${kind.includes('sentinel') || kind === 'failover' ? sentinel.id.slice(0, 2) : node.key}`);
    sim.schedule(at, () => {
      switch (kind) {
        case 'crash':
          node.state = 'crashed';
          break;
        case 'restart':
          if (node.state === 'crashed') node.restart();
          break;
        case 'hang':
          if (node.state === 'up') node.state = 'hung';
          break;
        case 'wake':
          if (node.state === 'hung') node.state = 'up';
          break;
        case 'isolate-node':
          sim.network.isolate(node.key, sim.endpoints());
          break;
        case 'isolate-sentinel':
          sim.network.isolate(sentinel.id, sim.endpoints());
          break;
        case 'partition': {
          const sides: string[][] = [[], []];
          for (const endpoint of sim.endpoints()) sides[random() < 0.5 ? 0 : 1]!.push(endpoint);
          sim.network.partition(sides);
          break;
        }
        case 'lossy':
          sim.network.dropRate = 0.3;
          break;
        case 'heal':
          sim.network.heal();
          break;
        case 'pause-sentinel':
          sim.pause(sentinel);
          sim.schedule(sim.now + random() * 3000, () => sim.resume(sentinel));
          break;
        case 'failover':
          sim.input(sentinel, (core) => core.failover(sim.now, 'mymaster'));
          break;
      }
    });
  }
  const healAt = 1000 + FAULT_WINDOW_MS + 3000;
  sim.runUntil(healAt);
  sim.network.heal();
  for (const node of sim.nodes) if (node.state === 'crashed') node.restart();
  for (const node of sim.nodes) node.state = 'up';
  for (const sentinel of sim.sentinels) sim.resume(sentinel);
  return { sim, description };
}

export function settle(sim: SimCluster): string | null {
  const start = sim.now;
  let problem = sim.convergence();
  while (problem !== null && sim.now - start < SETTLE_LIMIT_MS) {
    sim.runUntil(sim.now + 50);
    problem = sim.convergence();
  }
  return problem;
}


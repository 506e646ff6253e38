import { describe, expect, it } from 'vitest';
import { playSchedule, settle } from './sim/schedules.js';

/**
 * Thousands of random fault schedules against real sentinel cores (fake clock, in-memory network): crashes,
 * hangs and restarts of nodes, paused sentinels, partitions, isolated endpoints, lossy links and operator
 * failovers, all healed at the end. On every schedule: never two primaries in one epoch, no promotion without a
 * majority's votes, no sentinel voting twice in an epoch (checked as the run goes), and once healed the group
 * converges on one primary that every node follows.
 */

describe('sentinel core: random fault schedules', () => {
  it('keeps every invariant and converges after healing, over 1,500 schedules', () => {
    const failures: string[] = [];
    let failovers = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const { sim, description } = playSchedule(seed);
      const problem = settle(sim);
      failovers += sim.promotions.size;
      if (sim.violations.length > 0 || problem !== null) {
        failures.push(`seed ${seed} [${description.join('; ')}]: ${[...sim.violations, problem ?? ''].join(' | ')}`);
      }
      if (failures.length >= 5) break;
    }
    expect(failures).toEqual([]);
    // The schedules really exercise failover, not only quiet runs.
    expect(failovers).toBeGreaterThan(500);
  });
});

import { describe, expect, it } from 'vitest';
import { NodeInstance } from '../../src/core/node-instance.js';
import { selectReplica, unfitReason, type SelectionLimits } from '../../src/core/selection.js';
import type { NodeFacts } from '../../src/core/types.js';

const NOW = 10_000;
const LIMITS: SelectionLimits = { now: NOW, downAfterMs: 1000, factsFreshMs: 500, primaryDownForMs: 1000, configEpoch: 3 };

function replica(port: number, facts: Partial<NodeFacts> = {}, answeredAt = NOW - 100): NodeInstance {
  const node = new NodeInstance('127.0.0.1', port, 0, 0);
  node.answered(answeredAt, {
    runId: `run-${port}`,
    role: 'slave',
    epoch: 3,
    offset: 100,
    grpcPort: port + 10000,
    priority: 100,
    primaryHost: '127.0.0.1',
    primaryPort: 6379,
    linkUp: true,
    linkDownMs: 0,
    replicas: [],
    sentinels: [],
    ...facts,
  });
  return node;
}

describe('replica selection (DESIGN.md §4)', () => {
  it('lowest priority first, then highest offset, then smallest run id', () => {
    expect(selectReplica([replica(1, { priority: 100, offset: 900 }), replica(2, { priority: 10, offset: 5 })], LIMITS)!.port).toBe(2);
    expect(selectReplica([replica(1, { offset: 5 }), replica(2, { offset: 900 })], LIMITS)!.port).toBe(2);
    expect(selectReplica([replica(2, { runId: 'b' }), replica(1, { runId: 'a' })], LIMITS)!.port).toBe(1);
  });

  it('never a replica with priority 0, one that is down, one with stale facts, or one cut off far longer than the primary', () => {
    expect(unfitReason(replica(1, { priority: 0 }), LIMITS)).toBe('priority 0');
    expect(unfitReason(replica(1, {}, NOW - 1500), LIMITS)).toBe('down');
    expect(unfitReason(replica(1, {}, NOW - 600), LIMITS)).toBe('stale facts');
    expect(unfitReason(replica(1, { linkUp: false, linkDownMs: 20_000 }), LIMITS)).toBe('link down too long');
    expect(unfitReason(replica(1, { linkUp: false, linkDownMs: 5_000 }), LIMITS)).toBeNull();
    expect(selectReplica([replica(1, { priority: 0 })], LIMITS)).toBeNull();
  });

  it('a primary of an older epoch only when no replica is fit; one of the current epoch never', () => {
    const stale = replica(1, { role: 'master', epoch: 1, offset: 5000 });
    expect(selectReplica([stale, replica(2, { offset: 1 })], LIMITS)!.port).toBe(2);
    expect(selectReplica([stale], LIMITS)!.port).toBe(1);
    expect(unfitReason(replica(1, { role: 'master', epoch: 3 }), LIMITS)).toBe('not a replica');
  });
});

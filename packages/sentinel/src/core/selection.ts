import type { NodeInstance } from './node-instance.js';

/** What rules a replica out of promotion, as of `now`. */
export interface SelectionLimits {
  readonly now: number;
  readonly downAfterMs: number;
  readonly factsFreshMs: number;
  /** How long the primary has been down: a replica whose link has been down much longer holds old data. */
  readonly primaryDownForMs: number;
  readonly configEpoch: number;
}

/** Why a replica cannot be promoted, or null when it can (sentinel.c sentinelSelectSlave's filters). */
export function unfitReason(replica: NodeInstance, limits: SelectionLimits): string | null {
  const facts = replica.facts;
  if (facts === null) return 'never answered';
  if (replica.silentFor(limits.now, limits.downAfterMs)) return 'down';
  if (limits.now - replica.factsAt > limits.factsFreshMs) return 'stale facts';
  // A node still acting as primary under an older epoch (a restarted or cut-off old primary) is a last resort:
  // when no replica is fit, promoting it under a new epoch beats leaving the group without a primary.
  if (facts.role !== 'slave' && facts.epoch >= limits.configEpoch) return 'not a replica';
  if (facts.priority === 0) return 'priority 0';
  if (!facts.linkUp && facts.linkDownMs > limits.primaryDownForMs + 10 * limits.downAfterMs) return 'link down too long';
  return null;
}

/**
 * The best replica to promote (DESIGN.md §4): never one that is down or has priority 0; then replicas before
 * stale primaries, the lowest priority, the highest offset, the smallest run id. null when none is fit.
 */
export function selectReplica(replicas: Iterable<NodeInstance>, limits: SelectionLimits): NodeInstance | null {
  let best: NodeInstance | null = null;
  for (const replica of replicas) {
    if (unfitReason(replica, limits) !== null) continue;
    if (best === null || better(replica, best)) best = replica;
  }
  return best;
}

function better(a: NodeInstance, b: NodeInstance): boolean {
  const fa = a.facts!;
  const fb = b.facts!;
  if (fa.role !== fb.role) return fa.role === 'slave';
  if (fa.priority !== fb.priority) return fa.priority < fb.priority;
  if (fa.offset !== fb.offset) return fa.offset > fb.offset;
  return fa.runId < fb.runId;
}

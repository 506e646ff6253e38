import type { MonitorConfig } from './config.js';

/**
 * The periods a group's monitoring runs at, derived from its down-after-milliseconds. Redis probes once a
 * second whatever down-after is; probing five times per down-after period lets a 500 ms setting detect a
 * failure in 500-600 ms instead of up to 1.5 s.
 */
export interface Timing {
  /** How often each node is probed and, while the primary looks down, each peer asked. */
  readonly probePeriodMs: number;
  /** A peer's "down" answer counts towards ODOWN this long (Redis: 5 ask periods). */
  readonly replyValidityMs: number;
  /** An election not won by then is abandoned (Redis: min(10 s, failover-timeout)). */
  readonly electionTimeoutMs: number;
  /** The random delay before starting a failover, so sentinels that see ODOWN together do not split the vote. */
  readonly desyncMs: number;
  /** A replica's probe facts older than this rule it out of promotion (it may be partitioned). */
  readonly factsFreshMs: number;
  /** Deadline of a promote or follow call. */
  readonly controlTimeoutMs: number;
}

export function timingFor(config: MonitorConfig): Timing {
  const probePeriodMs = Math.min(1000, Math.max(10, Math.round(config.downAfterMs / 5)));
  return {
    probePeriodMs,
    replyValidityMs: 5 * probePeriodMs,
    electionTimeoutMs: Math.min(config.failoverTimeoutMs, Math.max(1000, 10 * probePeriodMs)),
    desyncMs: probePeriodMs,
    factsFreshMs: 5 * probePeriodMs,
    controlTimeoutMs: Math.min(config.failoverTimeoutMs, Math.max(1000, config.downAfterMs)),
  };
}

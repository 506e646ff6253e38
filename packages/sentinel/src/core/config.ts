/** One primary group a sentinel monitors (redis-sentinel's `sentinel monitor` and the per-master settings). */
export interface MonitorConfig {
  readonly name: string;
  /** The primary's RESP address as first configured; the core tracks where it moves after failovers. */
  readonly host: string;
  readonly port: number;
  /** Sentinels that must see the primary down before a failover may start (ODOWN). */
  readonly quorum: number;
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  /** Replicas repointed to a new primary at the same time. */
  readonly parallelSyncs: number;
}

/** Redis's defaults for the per-master settings (sentinel.c SENTINEL_DEFAULT_*). */
export const MONITOR_DEFAULTS = {
  downAfterMs: 30_000,
  failoverTimeoutMs: 180_000,
  parallelSyncs: 1,
} as const;

import type { NodeInstance } from './node-instance.js';

/**
 * The states of one failover, named as Redis names them where Redis has them (SENTINEL MASTER's
 * failover-state): waiting for votes, pausing the primary (planned failover only), promoting, repointing.
 */
export type FailoverState = 'wait_start' | 'pause_primary' | 'send_slaveof_noone' | 'reconf_slaves';

/** One failover this sentinel runs under `epoch`. */
export class FailoverRun {
  state: FailoverState = 'wait_start';
  /** The replica chosen for promotion, once elected. */
  promoted: NodeInstance | null = null;
  /** Nodes still to repoint to the new primary, and those being repointed now (by node key). */
  toRepoint: NodeInstance[] = [];
  readonly inFlight = new Set<string>();
  /** Planned: the old primary's offset when its writes paused, which the promoted replica reached (-1: none). */
  pauseOffset = -1;

  constructor(
    readonly epoch: number,
    readonly startedAt: number,
    /** Planned (SENTINEL FAILOVER with the primary up): pause its writes and let the replica catch up first. */
    readonly planned: boolean,
    readonly oldMaster: NodeInstance,
    readonly electionDeadline: number,
  ) {}
}

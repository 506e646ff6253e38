import type { MasterView, PeerView, QuorumCheck, ReplicaView, SentinelEvent } from '../core/view.js';

/** The outcome of SENTINEL FAILOVER: OK, or Redis's error (INPROG, NOGOODSLAVE). */
export type FailoverOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * What the RESP Sentinel API reads and asks of the sentinel. The running sentinel implements it over its core
 * and clock; API tests use a small fake.
 */
export interface SentinelModel {
  readonly myId: string;
  /** The sentinel's clock (ms): views' times are on it. */
  now(): number;
  currentEpoch(): number;
  masters(): MasterView[];
  /** undefined: no master of that name. */
  master(name: string): MasterView | undefined;
  replicas(name: string): ReplicaView[] | undefined;
  sentinels(name: string): PeerView[] | undefined;
  ckquorum(name: string): QuorumCheck | undefined;
  /** The address clients should use now (SENTINEL GET-MASTER-ADDR-BY-NAME). */
  masterAddress(name: string): { host: string; port: number } | undefined;
  /** A planned failover (SENTINEL FAILOVER). */
  failover(name: string): FailoverOutcome;
  /** SENTINEL RESET pattern: forgets replicas, peers and failover state of matching masters; returns how many. */
  reset(pattern: string): number;
  /** SENTINEL IS-MASTER-DOWN-BY-ADDR ip port current-epoch runid: [down, leader runid or "*", leader epoch]. */
  isMasterDownByAddr(ip: string, port: number, currentEpoch: number, runId: string): [boolean, string, number];
  /** Every event published from now on (Redis's +sdown, +switch-master, ...); returns the unsubscribe. */
  onEvent(listener: (event: SentinelEvent) => void): () => void;
}

import type { Address } from './view.js';

/** A data node as the core addresses it: its RESP address (its identity) and gRPC port (0: not known yet). */
export interface NodeRef extends Address {
  readonly grpcPort: number;
}

/** A peer sentinel: its id and where to call it. */
export interface PeerRef {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly grpcPort: number;
}

/** A sentinel's announcement about itself and one primary group (the proto's SentinelHello). */
export interface Hello {
  readonly sentinelId: string;
  readonly host: string;
  readonly port: number;
  readonly grpcPort: number;
  readonly currentEpoch: number;
  readonly masterName: string;
  readonly masterHost: string;
  readonly masterPort: number;
  readonly configEpoch: number;
}

export interface ReplicaFact {
  readonly ip: string;
  readonly port: number;
  readonly grpcPort: number;
  readonly offset: number;
}

/** What a probe of a node returned (the proto's ProbeReply). */
export interface NodeFacts {
  readonly runId: string;
  readonly role: 'master' | 'slave';
  readonly epoch: number;
  readonly offset: number;
  readonly grpcPort: number;
  readonly priority: number;
  readonly primaryHost: string;
  readonly primaryPort: number;
  readonly linkUp: boolean;
  readonly linkDownMs: number;
  readonly replicas: readonly ReplicaFact[];
  readonly sentinels: readonly Hello[];
}

/** SENTINEL is-master-down-by-addr, between sentinels. candidateId "*": a question only, not a vote request. */
export interface IsDownRequest {
  readonly masterName: string;
  readonly masterHost: string;
  readonly masterPort: number;
  readonly currentEpoch: number;
  readonly candidateId: string;
  readonly from: Hello | null;
}

export interface IsDownReply {
  readonly down: boolean;
  /** "*" when the callee has not voted. */
  readonly leaderId: string;
  readonly leaderEpoch: number;
}

/** What the core asks its driver to do. Every call's outcome comes back through the matching core input. */
export type Action =
  | { readonly kind: 'probe'; readonly group: string; readonly target: NodeRef; readonly hello: Hello; readonly timeoutMs: number }
  | { readonly kind: 'ask'; readonly group: string; readonly peer: PeerRef; readonly request: IsDownRequest; readonly timeoutMs: number }
  | { readonly kind: 'hello'; readonly peer: PeerRef; readonly hello: Hello }
  | {
      readonly kind: 'promote';
      readonly group: string;
      readonly target: NodeRef;
      readonly epoch: number;
      /** -1: at once; else the offset the replica must reach first (planned failover). */
      readonly waitForOffset: number;
      readonly timeoutMs: number;
    }
  | {
      readonly kind: 'follow';
      readonly group: string;
      readonly target: NodeRef;
      readonly primary: NodeRef;
      readonly epoch: number;
      /** The new primary holds the target's log up to here (planned failover's demotion); 0: unknown. */
      readonly caughtUpOffset: number;
      readonly timeoutMs: number;
    }
  | { readonly kind: 'pause'; readonly group: string; readonly target: NodeRef; readonly epoch: number; readonly timeoutMs: number; readonly resume: boolean }
  | { readonly kind: 'event'; readonly channel: string; readonly message: string }
  /** The group's primary, epoch or replicas changed: tell topology watchers. */
  | { readonly kind: 'topology'; readonly group: string };

/** The outcome of a control call (promote, follow, pause): the node's offset for pause, or why it failed. */
export type ControlOutcome = { readonly ok: true; readonly offset: number } | { readonly ok: false; readonly error: string };

/** The key a node is known by: its RESP address. */
export function nodeKey(address: Address): string {
  return `${address.host}:${address.port}`;
}

import type { MonitorConfig } from '../../../src/core/config.js';
import { SentinelCore } from '../../../src/core/sentinel-core.js';
import { nodeKey, type Action, type ControlOutcome, type IsDownReply, type ReplicaFact } from '../../../src/core/types.js';
import { EventQueue } from './event-queue.js';
import { Network } from './network.js';
import { SimNode } from './sim-node.js';

export interface SimOptions {
  readonly sentinels: number;
  readonly replicas: number;
  readonly quorum: number;
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  readonly random: () => number;
  readonly tickMs?: number;
}

interface SimSentinel {
  readonly id: string;
  readonly core: SentinelCore;
  /** A paused sentinel (SIGSTOP) takes no input: what arrives meanwhile waits in `deferred` until it resumes. */
  alive: boolean;
  readonly deferred: ((core: SentinelCore) => void)[];
  readonly events: { at: number; channel: string; message: string }[];
}

export const GROUP = 'mymaster';

/**
 * Sentinels (real cores) and simulated nodes on an in-memory network with a fake clock. Every call is delivered
 * after a random delay if its link is up, answered if the callee is up, and otherwise fails at its deadline.
 * The safety invariants are checked as the run goes: `violations` collects every breach.
 */
export class SimCluster {
  now = 0;
  readonly queue = new EventQueue();
  readonly network: Network;
  readonly nodes: SimNode[] = [];
  readonly sentinels: SimSentinel[] = [];
  readonly violations: string[] = [];
  /** epoch -> the node promoted under it. */
  readonly promotions = new Map<number, string>();
  /** "voter/epoch" -> the candidate it voted for. */
  private readonly votes = new Map<string, string>();
  private readonly tickMs: number;
  private readonly random: () => number;

  constructor(readonly options: SimOptions) {
    this.random = options.random;
    this.network = new Network(options.random);
    this.tickMs = options.tickMs ?? 10;
    const master = new SimNode('n1', 6379, { role: 'master', primary: null });
    this.nodes.push(master);
    for (let i = 0; i < options.replicas; i++) this.nodes.push(new SimNode(`n${i + 2}`, 6380 + i, { role: 'slave', primary: master.key }));
    const monitor: MonitorConfig = {
      name: GROUP,
      host: master.host,
      port: master.port,
      quorum: options.quorum,
      downAfterMs: options.downAfterMs,
      failoverTimeoutMs: options.failoverTimeoutMs,
      parallelSyncs: 1,
    };
    for (let i = 0; i < options.sentinels; i++) {
      const id = `s${i + 1}`.padEnd(40, '0');
      const core = new SentinelCore({ id, host: `s${i + 1}`, port: 26379, grpcPort: 36379 }, [monitor], options.random, 0);
      this.sentinels.push({ id, core, alive: true, deferred: [], events: [] });
    }
    for (const sentinel of this.sentinels) this.scheduleTick(sentinel, this.random() * this.tickMs);
    this.scheduleReplication(5);
  }

  endpoints(): string[] {
    return [...this.sentinels.map((s) => s.id), ...this.nodes.map((n) => n.key)];
  }

  node(key: string): SimNode {
    return this.nodes.find((n) => n.key === key)!;
  }

  sentinel(id: string): SimSentinel {
    return this.sentinels.find((s) => s.id === id)!;
  }

  runUntil(time: number): void {
    while (this.queue.nextTime() <= time) {
      const event = this.queue.pop()!;
      this.now = event.at;
      event.run();
    }
    this.now = time;
  }

  /** At `time`, do `change` (a fault, a heal, an operator's command). */
  schedule(time: number, change: () => void): void {
    this.queue.at(time, change);
  }

  /** Feeds one input to a sentinel and carries out what it decided. */
  input(sentinel: SimSentinel, feed: (core: SentinelCore) => void): void {
    if (!sentinel.alive) {
      sentinel.deferred.push(feed);
      return;
    }
    feed(sentinel.core);
    this.recordVote(sentinel);
    this.dispatch(sentinel, sentinel.core.takeActions());
  }

  pause(sentinel: SimSentinel): void {
    sentinel.alive = false;
  }

  /** SIGCONT: everything that arrived while it was paused is taken in, in order, at the current time. */
  resume(sentinel: SimSentinel): void {
    if (sentinel.alive) return;
    sentinel.alive = true;
    const waiting = sentinel.deferred.splice(0);
    for (const feed of waiting) this.input(sentinel, feed);
  }

  private scheduleTick(sentinel: SimSentinel, at: number): void {
    this.queue.at(at, () => {
      this.input(sentinel, (core) => core.tick(this.now));
      this.scheduleTick(sentinel, this.now + this.tickMs);
    });
  }

  /** Writes advance each answering primary's offset; replicas that reach their primary copy it. */
  private scheduleReplication(everyMs: number): void {
    this.queue.at(this.now + everyMs, () => {
      for (const node of this.nodes) if (node.answers && node.role === 'master' && !node.paused) node.offset++;
      for (const node of this.nodes) {
        if (!node.answers || node.role !== 'slave' || node.primary === null) continue;
        const primary = this.nodes.find((n) => n.key === node.primary);
        if (primary?.answers && primary.role === 'master' && this.network.delivers(primary.key, node.key)) node.offset = Math.max(node.offset, primary.offset);
      }
      this.scheduleReplication(everyMs);
    });
  }

  private replicasOf(primary: SimNode): ReplicaFact[] {
    return this.nodes
      .filter((n) => n.answers && n.role === 'slave' && n.primary === primary.key && this.network.delivers(n.key, primary.key))
      .map((n) => ({ ip: n.host, port: n.port, grpcPort: n.port + 10000, offset: n.offset }));
  }

  /**
   * A call from `from` to `to`: the request and the reply each cross the network; `handle` runs at the callee
   * (undefined: it does not answer); `done` gets the reply, or null at the deadline.
   */
  private call<T>(from: string, to: string, timeoutMs: number, handle: () => T | undefined, done: (reply: T | null) => void): void {
    let finished = false;
    const finish = (reply: T | null): void => {
      if (finished) return;
      finished = true;
      done(reply);
    };
    this.queue.at(this.now + timeoutMs, () => finish(null));
    if (!this.network.delivers(from, to)) return;
    this.queue.at(this.now + this.network.delay(), () => {
      const reply = handle();
      if (reply === undefined || !this.network.delivers(to, from)) return;
      this.queue.at(this.now + this.network.delay(), () => finish(reply));
    });
  }

  private dispatch(sentinel: SimSentinel, actions: Action[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'probe': {
          const node = this.node(nodeKey(action.target));
          this.call(sentinel.id, node.key, action.timeoutMs, () => (node.answers ? node.probe(action.hello, this.replicasOf(node)) : undefined), (facts) =>
            this.input(sentinel, (core) => core.probeResult(this.now, action.group, node.key, facts)),
          );
          break;
        }
        case 'ask': {
          const peer = this.sentinels.find((s) => s.id === action.peer.id);
          if (peer === undefined) break;
          this.call<IsDownReply>(
            sentinel.id,
            peer.id,
            action.timeoutMs,
            () => {
              if (!peer.alive) return undefined;
              let reply: IsDownReply | undefined;
              this.input(peer, (core) => (reply = core.isMasterDown(this.now, action.request) ?? undefined));
              return reply;
            },
            (reply) => this.input(sentinel, (core) => core.askResult(this.now, action.group, peer.id, reply)),
          );
          break;
        }
        case 'hello': {
          const peer = this.sentinels.find((s) => s.id === action.peer.id);
          if (peer === undefined || !this.network.delivers(sentinel.id, peer.id)) break;
          this.queue.at(this.now + this.network.delay(), () => this.input(peer, (core) => core.hello(this.now, action.hello)));
          break;
        }
        case 'promote':
          this.checkMandate(sentinel, action.epoch);
          this.control(sentinel, action.group, 'promote', nodeKey(action.target), action.timeoutMs, (node) => {
            const outcome = node.promote(action.epoch);
            if (outcome.ok) this.recordPromotion(action.epoch, node.key);
            return outcome;
          });
          break;
        case 'follow':
          this.control(sentinel, action.group, 'follow', nodeKey(action.target), action.timeoutMs, (node) => node.follow(action.epoch, nodeKey(action.primary)));
          break;
        case 'pause':
          this.control(sentinel, action.group, 'pause', nodeKey(action.target), action.timeoutMs || 1000, (node) => node.pause(action.epoch, action.resume));
          break;
        case 'event':
          sentinel.events.push({ at: this.now, channel: action.channel, message: action.message });
          break;
        case 'topology':
          break;
      }
    }
  }

  private control(sentinel: SimSentinel, group: string, kind: 'promote' | 'follow' | 'pause', key: string, timeoutMs: number, act: (node: SimNode) => ControlOutcome): void {
    const node = this.node(key);
    this.call(sentinel.id, key, timeoutMs, () => (node.answers ? act(node) : undefined), (outcome) =>
      this.input(sentinel, (core) => core.controlResult(this.now, group, kind, key, outcome ?? { ok: false, error: 'deadline exceeded' })),
    );
  }

  // ---- invariants -----------------------------------------------------------------------------------------

  private recordVote(sentinel: SimSentinel): void {
    const group = sentinel.core.group(GROUP)!;
    if (group.voteEpoch === 0) return;
    const key = `${sentinel.id}/${group.voteEpoch}`;
    const earlier = this.votes.get(key);
    if (earlier === undefined) this.votes.set(key, group.voteLeader);
    else if (earlier !== group.voteLeader) this.violations.push(`${this.now}: ${sentinel.id} voted twice in epoch ${group.voteEpoch}`);
  }

  /** A promote under `epoch` must come from a sentinel a majority of all sentinels voted for in that epoch. */
  private checkMandate(sentinel: SimSentinel, epoch: number): void {
    let votes = 0;
    for (const voter of this.sentinels) if (this.votes.get(`${voter.id}/${epoch}`) === sentinel.id) votes++;
    if (votes <= this.sentinels.length / 2) this.violations.push(`${this.now}: ${sentinel.id} promotes in epoch ${epoch} with ${votes} votes`);
  }

  private recordPromotion(epoch: number, key: string): void {
    const earlier = this.promotions.get(epoch);
    if (earlier !== undefined && earlier !== key) this.violations.push(`${this.now}: two primaries in epoch ${epoch}: ${earlier} and ${key}`);
    this.promotions.set(epoch, key);
  }

  /** Whether everything agrees: every live sentinel names the same primary, which is one, and the rest follow it. */
  convergence(): string | null {
    const live = this.sentinels.filter((s) => s.alive);
    const views = new Set(live.map((s) => `${nodeKey(s.core.group(GROUP)!.masterAddress())}@${s.core.group(GROUP)!.configEpoch}`));
    if (views.size !== 1) return `sentinels disagree: ${[...views].join(', ')}`;
    const primary = nodeKey(live[0]!.core.group(GROUP)!.masterAddress());
    for (const node of this.nodes) {
      if (!node.answers) continue;
      if (node.key === primary && node.role !== 'master') return `${node.key} is the config primary but a ${node.role}`;
      if (node.key !== primary && (node.role !== 'slave' || node.primary !== primary)) return `${node.key} is ${node.role} of ${node.primary}, not a replica of ${primary}`;
    }
    return null;
  }

  /** The live nodes that act as primaries. */
  primaries(): SimNode[] {
    return this.nodes.filter((n) => n.answers && n.role === 'master');
  }
}

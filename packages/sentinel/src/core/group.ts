import type { MonitorConfig } from './config.js';
import { describeMaster, describeReplica, describeSentinel } from './events.js';
import { FailoverRun } from './failover-run.js';
import { NodeInstance } from './node-instance.js';
import { Peer } from './peer.js';
import { selectReplica, type SelectionLimits } from './selection.js';
import { timingFor, type Timing } from './timing.js';
import { nodeKey, type Action, type ControlOutcome, type Hello, type IsDownReply, type IsDownRequest, type NodeFacts } from './types.js';
import type { Address } from './view.js';

/** What a group needs from the sentinel it belongs to. */
export interface GroupContext {
  readonly myId: string;
  readonly me: { readonly host: string; readonly port: number; readonly grpcPort: number };
  currentEpoch(): number;
  /** Raises the current epoch to `epoch` if it is higher (announcing +new-epoch). */
  raiseEpoch(epoch: number): void;
  emit(action: Action): void;
  random(): number;
}

/**
 * One monitored primary group (Redis's master sentinelRedisInstance with its replicas and peer sentinels), and
 * every decision about it: probing, SDOWN/ODOWN, elections, failover, adopting newer configs and repairing
 * nodes that disagree with the current one. Pure: time comes in as `now`, decisions go out through ctx.emit.
 *
 * Safety rests on three rules (DESIGN.md §4): a sentinel acts on a group only under an epoch for which a
 * majority of the group's sentinels voted for it, each sentinel votes once per epoch, and every control call
 * carries that epoch, which nodes use to refuse calls older than the newest they obeyed.
 */
export class MasterGroup {
  readonly timing: Timing;
  master: NodeInstance;
  configEpoch = 0;
  readonly replicas = new Map<string, NodeInstance>();
  readonly peers = new Map<string, Peer>();
  odownSince = 0;
  /** Whom this sentinel voted for, in which epoch (Redis's master->leader / leader_epoch). */
  voteLeader = '*';
  voteEpoch = 0;
  failover: FailoverRun | null = null;
  /** No failover of our own starts before then (after a failed attempt, or after voting for another). */
  failoverBlockedUntil = 0;
  /** The desynchronised moment our failover starts once ODOWN holds (0: not scheduled). */
  private failoverStartAt = 0;

  constructor(
    readonly config: MonitorConfig,
    private readonly ctx: GroupContext,
    now: number,
  ) {
    this.timing = timingFor(config);
    this.master = new NodeInstance(config.host, config.port, 0, now);
  }

  get name(): string {
    return this.config.name;
  }

  /** This sentinel's hello for the group, as left on nodes and sent to peers. */
  hello(): Hello {
    const { me } = this.ctx;
    return {
      sentinelId: this.ctx.myId,
      host: me.host,
      port: me.port,
      grpcPort: me.grpcPort,
      currentEpoch: this.ctx.currentEpoch(),
      masterName: this.name,
      masterHost: this.master.host,
      masterPort: this.master.port,
      configEpoch: this.configEpoch,
    };
  }

  /** Every node of the group: the primary first. */
  nodes(): NodeInstance[] {
    return [this.master, ...this.replicas.values()];
  }

  node(key: string): NodeInstance | undefined {
    return nodeKey(this.master) === key ? this.master : this.replicas.get(key);
  }

  /** Sentinels that vote on this group: the known peers and this one. */
  voters(): number {
    return this.peers.size + 1;
  }

  /** Votes needed to lead a failover: a majority of the voters, and never fewer than the quorum. */
  votesNeeded(): number {
    return Math.max(this.config.quorum, Math.floor(this.voters() / 2) + 1);
  }

  // ---- the periodic step --------------------------------------------------------------------------------

  tick(now: number): void {
    this.probe(now);
    this.updateSdown(now);
    this.askPeers(now);
    this.updateOdown(now);
    if (this.failover !== null) this.advanceFailover(now);
    else {
      this.maybeStartFailover(now);
      this.repair(now);
    }
  }

  private probe(now: number): void {
    const hello = this.hello();
    for (const node of this.nodes()) {
      if (node.probeSentAt !== 0 || now - node.lastProbeAt < this.timing.probePeriodMs) continue;
      node.probeSent(now);
      this.ctx.emit({ kind: 'probe', group: this.name, target: node.ref, hello, timeoutMs: this.config.downAfterMs });
    }
  }

  private updateSdown(now: number): void {
    for (const node of this.nodes()) {
      const down = node.silentFor(now, this.config.downAfterMs) || this.masterReportsReplica(node, now);
      if (down && node.sdownSince === 0) {
        node.sdownSince = now;
        this.event('+sdown', this.describe(node));
      } else if (!down && node.sdownSince !== 0) {
        node.sdownSince = 0;
        this.event('-sdown', this.describe(node));
      }
    }
  }

  /** A configured primary that has reported itself a replica for longer than down-after is as good as down. */
  private masterReportsReplica(node: NodeInstance, now: number): boolean {
    return node === this.master && node.facts?.role === 'slave' && now - node.roleReportedTime > this.config.downAfterMs + 2 * this.timing.probePeriodMs;
  }

  /** While the primary looks down, or while we run an election, ask every peer (with our candidacy, if any). */
  private askPeers(now: number): void {
    const electing = this.failover?.state === 'wait_start' ? this.failover : null;
    if (this.master.sdownSince === 0 && electing === null) return;
    for (const peer of this.peers.values()) {
      if (peer.askPending || now - peer.lastAskAt < this.timing.probePeriodMs) continue;
      // A peer that already voted in our epoch need not be asked again for its vote.
      peer.askPending = true;
      peer.lastAskAt = now;
      const request: IsDownRequest = {
        masterName: this.name,
        masterHost: this.master.host,
        masterPort: this.master.port,
        currentEpoch: electing?.epoch ?? this.ctx.currentEpoch(),
        candidateId: electing !== null ? this.ctx.myId : '*',
        from: this.hello(),
      };
      this.ctx.emit({ kind: 'ask', group: this.name, peer: peer.ref, request, timeoutMs: this.timing.electionTimeoutMs });
    }
  }

  /** How many sentinels, this one included, see the primary down now. */
  downVotes(now: number): number {
    if (this.master.sdownSince === 0) return 0;
    let count = 1;
    for (const peer of this.peers.values()) if (peer.seesDown(now, this.timing.replyValidityMs)) count++;
    return count;
  }

  private updateOdown(now: number): void {
    const count = this.downVotes(now);
    const odown = count >= this.config.quorum;
    if (odown && this.odownSince === 0) {
      this.odownSince = now;
      this.event('+odown', `${describeMaster(this.name, this.master)} #quorum ${count}/${this.config.quorum}`);
    } else if (!odown && this.odownSince !== 0) {
      this.odownSince = 0;
      this.failoverStartAt = 0;
      this.event('-odown', describeMaster(this.name, this.master));
    }
  }

  private maybeStartFailover(now: number): void {
    if (this.odownSince === 0 || now < this.failoverBlockedUntil) return;
    if (this.failoverStartAt === 0) this.failoverStartAt = now + Math.floor(this.ctx.random() * this.timing.desyncMs);
    if (now >= this.failoverStartAt) this.startFailover(now, false);
  }

  /** Starts a failover under a new epoch: we vote for ourselves and ask the peers for their votes. */
  private startFailover(now: number, planned: boolean): void {
    this.failoverStartAt = 0;
    const epoch = this.ctx.currentEpoch() + 1;
    this.ctx.raiseEpoch(epoch);
    this.voteLeader = this.ctx.myId;
    this.voteEpoch = epoch;
    this.failover = new FailoverRun(epoch, now, planned, this.master, now + this.timing.electionTimeoutMs);
    this.event('+try-failover', describeMaster(this.name, this.master));
    // Ask at once rather than at the next period.
    for (const peer of this.peers.values()) peer.lastAskAt = 0;
    this.askPeers(now);
    this.advanceFailover(now);
  }

  private votesForMe(epoch: number): number {
    let votes = this.voteLeader === this.ctx.myId && this.voteEpoch === epoch ? 1 : 0;
    for (const peer of this.peers.values()) if (peer.leaderId === this.ctx.myId && peer.leaderEpoch === epoch) votes++;
    return votes;
  }

  private advanceFailover(now: number): void {
    const run = this.failover!;
    switch (run.state) {
      case 'wait_start':
        if (this.votesForMe(run.epoch) >= this.votesNeeded()) this.elected(now, run);
        else if (now > run.electionDeadline) this.abort(now, '-failover-abort-not-elected');
        return;
      case 'reconf_slaves':
        this.reconfigureReplicas(now, run);
        return;
      default:
        // Waiting for a control call's outcome; the driver's deadline bounds it.
        if (now - run.startedAt > this.config.failoverTimeoutMs) this.abort(now, '-failover-abort-timeout');
    }
  }

  private elected(now: number, run: FailoverRun): void {
    this.event('+elected-leader', describeMaster(this.name, this.master));
    this.event('+failover-state-select-slave', describeMaster(this.name, this.master));
    const chosen = selectReplica(this.replicas.values(), this.selectionLimits(now));
    if (chosen === null) {
      this.abort(now, '-failover-abort-no-good-slave');
      return;
    }
    run.promoted = chosen;
    this.event('+selected-slave', this.describe(chosen));
    if (run.planned && this.master.sdownSince === 0) {
      run.state = 'pause_primary';
      this.control(this.master, { kind: 'pause', group: this.name, target: this.master.ref, epoch: run.epoch, timeoutMs: this.config.failoverTimeoutMs, resume: false });
    } else {
      this.sendPromote(run, -1);
    }
  }

  private sendPromote(run: FailoverRun, waitForOffset: number): void {
    const chosen = run.promoted!;
    run.state = 'send_slaveof_noone';
    this.event('+failover-state-send-slaveof-noone', this.describe(chosen));
    const timeoutMs = waitForOffset >= 0 ? this.config.failoverTimeoutMs : this.timing.controlTimeoutMs;
    this.control(chosen, { kind: 'promote', group: this.name, target: chosen.ref, epoch: run.epoch, waitForOffset, timeoutMs });
  }

  private control(node: NodeInstance, action: Action): void {
    node.controlPending = true;
    this.ctx.emit(action);
  }

  /** The outcome of a pause, promote or follow call to the node `key`. */
  controlResult(now: number, kind: 'pause' | 'promote' | 'follow', key: string, outcome: ControlOutcome): void {
    const node = this.node(key);
    if (node !== undefined) node.controlPending = false;
    const run = this.failover;
    if (run === null || node === undefined) return;
    if (kind === 'pause' && run.state === 'pause_primary' && node === run.oldMaster) {
      // A primary that cannot be paused is unreachable: there is nothing to wait for, promote at once.
      run.pauseOffset = outcome.ok ? outcome.offset : -1;
      this.sendPromote(run, run.pauseOffset);
    } else if (kind === 'promote' && run.state === 'send_slaveof_noone' && node === run.promoted) {
      if (outcome.ok) this.promoted(now, run);
      else this.abort(now, '-failover-abort-slave-timeout');
    } else if (kind === 'follow' && run.state === 'reconf_slaves' && run.inFlight.delete(key)) {
      if (outcome.ok) this.event('+slave-reconf-done', this.describe(node));
      this.reconfigureReplicas(now, run);
    }
  }

  /** The chosen replica is primary under the run's epoch: switch our config to it, tell the peers, repoint the rest. */
  private promoted(now: number, run: FailoverRun): void {
    const chosen = run.promoted!;
    this.event('+promoted-slave', this.describe(chosen));
    this.event('+failover-state-reconf-slaves', describeMaster(this.name, this.master));
    const oldMaster = this.master;
    this.switchMaster(now, chosen, run.epoch);
    run.state = 'reconf_slaves';
    // The old primary first in a planned failover: its paused clients are closed and re-resolve at once.
    const rest = [...this.replicas.values()].filter((node) => node !== oldMaster);
    run.toRepoint = run.planned ? [oldMaster, ...rest] : [...rest, oldMaster];
    const hello = this.hello();
    for (const peer of this.peers.values()) this.ctx.emit({ kind: 'hello', peer: peer.ref, hello });
    this.reconfigureReplicas(now, run);
  }

  private reconfigureReplicas(now: number, run: FailoverRun): void {
    while (run.inFlight.size < this.config.parallelSyncs && run.toRepoint.length > 0) {
      const node = run.toRepoint.shift()!;
      // A node that is down now is repointed by the repair step when it returns.
      if (node.sdownSince !== 0 || !this.replicas.has(nodeKey(node))) continue;
      run.inFlight.add(nodeKey(node));
      this.event('+slave-reconf-sent', this.describe(node));
      const caughtUpOffset = node === run.oldMaster && run.pauseOffset > 0 ? run.pauseOffset : 0;
      this.control(node, { kind: 'follow', group: this.name, target: node.ref, primary: this.master.ref, epoch: run.epoch, caughtUpOffset, timeoutMs: this.timing.controlTimeoutMs });
    }
    if (run.inFlight.size === 0 && run.toRepoint.length === 0) {
      this.failover = null;
      this.event('+failover-end', describeMaster(this.name, this.master));
    } else if (now - run.startedAt > this.config.failoverTimeoutMs) {
      this.failover = null;
      this.event('+failover-end-for-timeout', describeMaster(this.name, this.master));
    }
  }

  private abort(now: number, reason: string): void {
    const run = this.failover!;
    this.failover = null;
    this.event(reason, describeMaster(this.name, this.master));
    // The old primary was paused for a planned failover that did not happen: let it serve writes again.
    if (run.planned && run.state !== 'wait_start' && run.oldMaster === this.master) {
      this.ctx.emit({ kind: 'pause', group: this.name, target: this.master.ref, epoch: run.epoch, timeoutMs: 0, resume: true });
    }
    this.failoverBlockedUntil = now + Math.floor(this.timing.electionTimeoutMs * (1 + this.ctx.random()));
  }

  selectionLimits(now: number): SelectionLimits {
    return {
      now,
      downAfterMs: this.config.downAfterMs,
      factsFreshMs: this.timing.factsFreshMs,
      primaryDownForMs: this.master.sdownSince === 0 ? 0 : now - this.master.sdownSince,
      configEpoch: this.configEpoch,
    };
  }

  // ---- inputs ---------------------------------------------------------------------------------------------

  probeResult(now: number, key: string, facts: NodeFacts | null): void {
    const node = this.node(key);
    if (node === undefined) return;
    if (facts === null) {
      node.probeFailed(now);
      return;
    }
    node.answered(now, facts);
    for (const hello of facts.sentinels) if (hello.masterName === this.name) this.hearHello(now, hello);
    if (facts.role === 'master' && facts.epoch > this.configEpoch && node !== this.master) {
      // Only an elected leader promotes under an epoch: a primary of a newer epoch is the group's config.
      this.adopt(now, node, facts.epoch);
    } else if (node === this.master && facts.role === 'master') {
      this.configEpoch = Math.max(this.configEpoch, facts.epoch);
      this.discoverReplicas(now, facts);
    }
  }

  private discoverReplicas(now: number, facts: NodeFacts): void {
    for (const fact of facts.replicas) {
      const key = nodeKey({ host: fact.ip, port: fact.port });
      if (this.replicas.has(key) || this.master.is({ host: fact.ip, port: fact.port })) continue;
      const replica = new NodeInstance(fact.ip, fact.port, fact.grpcPort, now);
      this.replicas.set(key, replica);
      this.event('+slave', this.describe(replica));
      this.ctx.emit({ kind: 'topology', group: this.name });
    }
  }

  /** A peer's hello (left on a node, or sent directly): a new peer, a newer epoch, maybe a newer config. */
  hearHello(now: number, hello: Hello): void {
    if (hello.sentinelId === this.ctx.myId || hello.masterName !== this.name) return;
    let peer = this.peers.get(hello.sentinelId);
    if (peer === undefined) {
      peer = new Peer(hello.sentinelId, hello, now);
      this.peers.set(hello.sentinelId, peer);
      this.event('+sentinel', describeSentinel(peer.id, peer, this.name, this.master));
    } else {
      peer.heard(now, hello);
    }
    this.ctx.raiseEpoch(hello.currentEpoch);
    if (hello.configEpoch > this.configEpoch) {
      this.event('+config-update-from', describeSentinel(peer.id, peer, this.name, this.master));
      const address = { host: hello.masterHost, port: hello.masterPort };
      this.adopt(now, this.node(nodeKey(address)) ?? new NodeInstance(address.host, address.port, 0, now), hello.configEpoch);
    }
  }

  askResult(now: number, peerId: string, reply: IsDownReply | null): void {
    const peer = this.peers.get(peerId);
    if (peer === undefined) return;
    if (reply === null) {
      peer.askPending = false;
      peer.lastFailedReply = now;
      return;
    }
    peer.replied(now, reply);
    this.ctx.raiseEpoch(reply.leaderEpoch);
    if (this.failover?.state === 'wait_start') this.advanceFailover(now);
  }

  /** A peer asks whether we see the primary down and, with a candidate, for our vote in its epoch. */
  isMasterDown(now: number, request: IsDownRequest): IsDownReply {
    if (request.from !== null) this.hearHello(now, request.from);
    this.ctx.raiseEpoch(request.currentEpoch);
    const down = this.master.is({ host: request.masterHost, port: request.masterPort }) && this.master.sdownSince !== 0;
    if (request.candidateId === '*') return { down, leaderId: '*', leaderEpoch: 0 };
    if (this.voteEpoch < request.currentEpoch) {
      this.voteLeader = request.candidateId;
      this.voteEpoch = request.currentEpoch;
      this.event('+vote-for-leader', `${request.candidateId} ${request.currentEpoch}`);
      // Give the leader we voted for the time to finish before trying ourselves.
      if (request.candidateId !== this.ctx.myId) {
        this.failoverBlockedUntil = Math.max(this.failoverBlockedUntil, now + 2 * this.timing.electionTimeoutMs);
      }
    }
    return { down, leaderId: this.voteLeader, leaderEpoch: this.voteEpoch };
  }

  /** SENTINEL FAILOVER: a failover without agreement on ODOWN, planned (catch-up first) while the primary answers. */
  requestFailover(now: number): string | null {
    if (this.failover !== null) return 'INPROG Failover already in progress';
    if (selectReplica(this.replicas.values(), this.selectionLimits(now)) === null) return 'NOGOODSLAVE No suitable replica to promote';
    this.startFailover(now, this.master.sdownSince === 0);
    return null;
  }

  // ---- config changes -------------------------------------------------------------------------------------

  /** Makes `node` the group's primary under `epoch` (ours after a promotion, or a newer one we learned of). */
  private adopt(now: number, node: NodeInstance, epoch: number): void {
    const run = this.failover;
    if (run !== null && run.epoch === epoch && run.promoted === node && run.state === 'send_slaveof_noone') {
      // Our own promotion, seen by a probe before the promote call's reply.
      this.promoted(now, run);
      return;
    }
    if (this.failover !== null && this.failover.epoch < epoch) {
      this.failover = null;
      this.event('-failover-abort-superseded', describeMaster(this.name, this.master));
    }
    if (node === this.master) {
      this.configEpoch = epoch;
      return;
    }
    this.switchMaster(now, node, epoch);
  }

  private switchMaster(now: number, node: NodeInstance, epoch: number): void {
    const old = this.master;
    this.replicas.delete(nodeKey(node));
    this.replicas.set(nodeKey(old), old);
    this.master = node;
    this.configEpoch = epoch;
    node.forgive(now);
    // Its last probe may predate the promotion: give it a probe period to report itself a primary.
    node.roleReportedTime = now;
    node.sdownSince = 0;
    this.odownSince = 0;
    this.failoverStartAt = 0;
    this.failoverBlockedUntil = 0;
    for (const peer of this.peers.values()) peer.down = false;
    this.event('+switch-master', `${this.name} ${old.host} ${old.port} ${node.host} ${node.port}`);
    this.ctx.emit({ kind: 'topology', group: this.name });
  }

  /**
   * Nodes that disagree with the current config are repointed (Redis's +convert-to-slave and +fix-slave-config):
   * an old primary that returns, a replica following the wrong primary. Only while the config primary answers
   * as a primary, so a sentinel never points nodes at a primary it cannot see working.
   */
  private repair(now: number): void {
    const master = this.master;
    if (master.sdownSince !== 0 || master.facts?.role !== 'master' || now - master.factsAt > this.timing.factsFreshMs) return;
    for (const node of this.replicas.values()) {
      const facts = node.facts;
      if (facts === null || node.sdownSince !== 0 || node.controlPending || now < node.nextRepairAt) continue;
      if (now - node.factsAt > this.timing.factsFreshMs || facts.epoch > this.configEpoch) continue;
      let event: string | null = null;
      if (facts.role === 'master') event = '+convert-to-slave';
      else if (!master.is({ host: facts.primaryHost, port: facts.primaryPort })) event = '+fix-slave-config';
      if (event === null) continue;
      node.nextRepairAt = now + Math.max(1000, this.config.downAfterMs);
      this.event(event, this.describe(node));
      this.control(node, { kind: 'follow', group: this.name, target: node.ref, primary: master.ref, epoch: this.configEpoch, caughtUpOffset: 0, timeoutMs: this.timing.controlTimeoutMs });
    }
  }

  /** SENTINEL RESET: forget replicas, peers, votes in flight and failover state; rediscover from the primary. */
  reset(now: number): void {
    this.replicas.clear();
    this.peers.clear();
    this.failover = null;
    this.failoverStartAt = 0;
    this.failoverBlockedUntil = 0;
    this.odownSince = 0;
    this.master = new NodeInstance(this.master.host, this.master.port, this.master.grpcPort, now);
    this.event('+reset-master', describeMaster(this.name, this.master));
    this.ctx.emit({ kind: 'topology', group: this.name });
  }

  // ---- helpers --------------------------------------------------------------------------------------------

  describe(node: NodeInstance): string {
    return node === this.master ? describeMaster(this.name, node) : describeReplica(node, this.name, this.master);
  }

  private event(channel: string, message: string): void {
    this.ctx.emit({ kind: 'event', channel, message });
  }

  /** Where clients should write now (Redis answers with the promoted replica once it has been promoted). */
  masterAddress(): Address {
    return { host: this.master.host, port: this.master.port };
  }
}

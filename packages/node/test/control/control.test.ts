import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { grpc, type SentinelHello } from '@understudy/grpc';
import type { Redis } from 'ioredis';
import { stopAllNodeProcesses, waitFor, type NodeProcess } from '../support/node-process.js';
import { follow, infoField, infoNumber, startReplicationNode } from '../support/replication.js';
import { closeControlClients, controlClient, failure, grpcPortOf, type ControlClient } from './control-client.js';

afterEach(async () => {
  closeControlClients();
  await stopAllNodeProcesses();
});
afterAll(stopAllNodeProcesses);

interface ControlledNode {
  readonly process: NodeProcess;
  readonly redis: Redis;
  readonly grpcPort: number;
  readonly control: ControlClient;
}

async function startControlledNode(extra: string[] = []): Promise<ControlledNode> {
  const process = await startReplicationNode(['--grpc-port', '0', ...extra]);
  const redis = process.client();
  const grpcPort = await grpcPortOf(redis);
  return { process, redis, grpcPort, control: controlClient(grpcPort) };
}

/** A primary and one replica following it, link up. */
async function primaryAndReplica(): Promise<[ControlledNode, ControlledNode]> {
  const primary = await startControlledNode();
  const replica = await startControlledNode();
  await follow(replica.redis, primary.process);
  return [primary, replica];
}

function hello(sentinelId: string): SentinelHello {
  return { sentinelId, host: '127.0.0.1', port: 26379, grpcPort: 36379, currentEpoch: 3, masterName: 'mymaster', configEpoch: 2 };
}

/** Resolves once the connection is gone for good (the client is made not to reconnect); fails after 5 s. */
function closed(redis: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the connection stayed open')), 5000);
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('NodeControl (real processes)', () => {
  it("probes a primary (its replicas, with their gRPC ports and acknowledged offsets) and a replica (its link)", async () => {
    const [primary, replica] = await primaryAndReplica();
    await replica.redis.config('SET', 'replica-priority', '7');
    await primary.redis.set('k', 'v');
    const target = await infoNumber(primary.redis, 'master_repl_offset', 'replication');
    // Acknowledgements come once a second: poll the probe until the replica's shows the write.
    await waitFor(async () => (await primary.control.probe()).replicas[0]?.offset === target, 5000, 'the acknowledged offset');
    const probe = await primary.control.probe();
    expect(probe).toMatchObject({
      runId: await infoField(primary.redis, 'run_id', 'server'),
      role: 'master',
      epoch: 0,
      replid: await infoField(primary.redis, 'master_replid', 'replication'),
      offset: target,
      port: primary.process.port,
      grpcPort: primary.grpcPort,
      priority: 100,
      primaryHost: '',
      linkUp: false,
      sentinels: [],
    });
    expect(probe.replicas).toEqual([{ ip: '127.0.0.1', port: replica.process.port, grpcPort: replica.grpcPort, offset: target, state: 'online' }]);

    await waitFor(async () => (await infoNumber(replica.redis, 'slave_repl_offset', 'replication')) === target, 5000, 'the write on the replica');
    expect(await replica.control.probe()).toMatchObject({
      role: 'slave',
      offset: target,
      port: replica.process.port,
      grpcPort: replica.grpcPort,
      priority: 7,
      primaryHost: '127.0.0.1',
      primaryPort: primary.process.port,
      linkUp: true,
      linkDownMs: 0,
      replicas: [],
    });
  });

  it("carries the sentinels' hellos between callers, never back to their author", async () => {
    const node = await startControlledNode();
    const other = controlClient(node.grpcPort);
    expect((await node.control.probe({ hello: hello('a') })).sentinels).toEqual([]);
    expect((await other.probe({ hello: hello('b') })).sentinels.map((h) => h.sentinelId)).toEqual(['a']);
    const seenByA = (await node.control.probe({ hello: { ...hello('a'), configEpoch: 4 } })).sentinels;
    expect(seenByA).toEqual([{ ...hello('b'), masterHost: '', masterPort: 0 }]);
    // A bare health probe leaves nothing and sees everyone.
    const bare = await other.probe();
    expect(bare.sentinels.map((h) => [h.sentinelId, h.configEpoch]).sort()).toEqual([
      ['a', 4],
      ['b', 2],
    ]);
  });

  it('promotes a replica once it applied the offset asked for, and not before; times out leaving it a replica', async () => {
    const [primary, replica] = await primaryAndReplica();
    await primary.redis.set('before', '1');
    const offset = await infoNumber(primary.redis, 'master_repl_offset', 'replication');

    const late = await failure(replica.control.promote({ epoch: 1, waitForOffset: offset + 1_000_000, timeoutMs: 200 }));
    expect(late.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(late.details).toMatch(new RegExp(`did not reach offset ${offset + 1_000_000} within 200 ms`));
    expect((await replica.control.probe()).role).toBe('slave');

    let settled = false;
    const promotion = replica.control.promote({ epoch: 2, waitForOffset: offset + 1, timeoutMs: 10_000 }).finally(() => (settled = true));
    // The replica answers other calls meanwhile, and is still a replica following its primary.
    await waitFor(async () => (await replica.control.probe()).epoch === 2, 5000, 'the promotion to be under way');
    expect((await replica.control.probe()).role).toBe('slave');
    expect(settled).toBe(false);
    await primary.redis.set('after', '2');
    const reply = await promotion;
    expect(reply.role).toBe('master');
    expect(reply.epoch).toBe(2);
    expect(reply.offset).toBeGreaterThan(offset);
    expect(await replica.redis.get('after')).toBe('2');
    expect(await infoField(replica.redis, 'role', 'replication')).toBe('master');
    expect(await replica.redis.set('own', 'write')).toBe('OK');
    // A primary told to promote only records the epoch.
    expect(await primary.control.promote({ epoch: 3, waitForOffset: -1 })).toMatchObject({ role: 'master', epoch: 3 });
  });

  it('refuses Promote, Follow and PauseWrites under an older epoch than it obeyed', async () => {
    const node = await startControlledNode();
    await node.control.promote({ epoch: 5, waitForOffset: -1 });
    for (const refused of [
      node.control.follow({ epoch: 4, host: '127.0.0.1', port: 1 }),
      node.control.promote({ epoch: 4, waitForOffset: -1 }),
      node.control.pauseWrites({ epoch: 0, timeoutMs: 1000 }),
    ]) {
      const { code, details } = await failure(refused);
      expect(code).toBe(grpc.status.FAILED_PRECONDITION);
      expect(details).toMatch(/request epoch [04] is older than this node's epoch 5/);
    }
    // Nothing changed: still a primary accepting writes, at epoch 5.
    expect(await node.control.probe()).toMatchObject({ role: 'master', epoch: 5 });
    expect(await node.redis.set('k', 'v')).toBe('OK');
  });

  it('PauseWrites holds writes (not reads) until resumed, and answers the offset writes stopped at', async () => {
    const node = await startControlledNode();
    await node.redis.set('k', 'before');
    const paused = await node.control.pauseWrites({ epoch: 1, timeoutMs: 20_000 });
    // Pausing is fenced but does not raise the node's epoch: only a promotion makes it the primary of an epoch.
    expect(paused).toEqual({ role: 'master', epoch: 0, offset: await infoNumber(node.redis, 'master_repl_offset', 'replication') });
    const writer = node.process.client();
    let written = false;
    const write = writer.set('k', 'during').then(() => (written = true));
    // Reads are served while the write waits.
    expect(await node.process.client().get('k')).toBe('before');
    // Paused clients count as blocked (INFO clients).
    await waitFor(async () => (await infoNumber(node.redis, 'blocked_clients', 'clients')) === 1, 5000, 'the paused write');
    expect(await infoNumber(node.redis, 'master_repl_offset', 'replication')).toBe(paused.offset);
    expect(written).toBe(false);
    await node.control.pauseWrites({ epoch: 1, resume: true });
    await write;
    expect(await node.redis.get('k')).toBe('during');
  });

  it('Follow demotes a primary: its clients are closed, its pause ends, it syncs from the new primary', async () => {
    const newPrimary = await startControlledNode();
    await newPrimary.redis.set('from-new', 'yes');
    const old = await startControlledNode();
    await old.redis.set('from-old', 'gone');
    const normal = old.process.client({ retryStrategy: () => null });
    const subscriber = old.process.client({ retryStrategy: () => null });
    await normal.ping();
    await subscriber.subscribe('news');
    const normalClosed = closed(normal);
    const subscriberClosed = closed(subscriber);
    // A client blocked on the old primary loses its connection rather than getting an UNBLOCKED error: its pop
    // never ran, and a client (ioredis, the proxy) sends it again to the new primary.
    const blocked = old.process.client({ retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const pop = blocked.blpop('queue', 0).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    await waitFor(async () => (await infoNumber(old.redis, 'blocked_clients', 'clients')) === 1, 5000, 'the blocked pop');
    // A planned failover paused the old primary's writes first.
    await old.control.pauseWrites({ epoch: 4, timeoutMs: 20_000 });
    const reply = await old.control.follow({ epoch: 4, host: '127.0.0.1', port: newPrimary.process.port });
    expect(reply).toMatchObject({ role: 'slave', epoch: 4 });
    await Promise.all([normalClosed, subscriberClosed]);
    expect(await pop).not.toMatch(/UNBLOCKED/);
    expect(await pop).toMatch(/Connection is closed/);
    const fresh = old.process.client();
    await waitFor(async () => (await infoField(fresh, 'master_link_status', 'replication')) === 'up', 10_000, 'the link to the new primary');
    expect(await fresh.get('from-new')).toBe('yes');
    expect(await fresh.get('from-old')).toBeNull();
    // The link to the new primary is a client of the old one that stays.
    expect(String(await fresh.call('CLIENT', 'LIST', 'TYPE', 'master'))).toMatch(/flags=M/);
    // The pause ended: PUBLISH (which a write pause holds, as it may replicate) is answered.
    expect(await fresh.publish('news', 'hello')).toBe(0);
    // Following the same primary again changes nothing but the epoch.
    expect(await old.control.follow({ epoch: 5, host: '127.0.0.1', port: newPrimary.process.port })).toMatchObject({ role: 'slave', epoch: 5 });
    expect(await infoField(fresh, 'master_link_status', 'replication')).toBe('up');
    expect(await fresh.ping()).toBe('PONG');
  });

  it('an isolated primary answers no control call and feeds no replica until healed; RESP clients are served throughout', async () => {
    const [primary, replica] = await primaryAndReplica();
    expect(await primary.control.setFaults(true)).toEqual({ isolated: true });
    // The replica's stream is cut; its attempts to reconnect are held unanswered.
    await waitFor(async () => (await infoField(replica.redis, 'master_link_status', 'replication')) === 'down', 5000, 'the cut link');
    expect(await primary.redis.set('k', 'during')).toBe('OK');
    expect((await failure(primary.control.probe({}, 300))).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // Held calls whose caller gave up never act, even after the partition heals.
    expect((await failure(primary.control.promote({ epoch: 9, waitForOffset: -1 }, 300))).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(await replica.redis.get('k')).toBeNull();
    const replicaView = await replica.control.probe();
    expect(replicaView).toMatchObject({ role: 'slave', linkUp: false });
    expect(replicaView.linkDownMs).toBeGreaterThan(0);

    expect(await primary.control.setFaults(false)).toEqual({ isolated: false });
    await waitFor(async () => (await replica.redis.get('k')) === 'during', 5000, 'the write on the healed replica');
    expect(await primary.control.probe()).toMatchObject({ epoch: 0, replicas: [{ port: replica.process.port, state: 'online' }] });
    // Acknowledgements flow again (WAIT).
    await primary.redis.set('k', 'after');
    expect(await primary.redis.wait(1, 5000)).toBe(1);
  });

  it('an isolated replica drops its link and does not retry until healed', async () => {
    const [primary, replica] = await primaryAndReplica();
    await replica.control.setFaults(true);
    await waitFor(async () => (await primary.control.probe()).replicas.length === 0, 5000, 'the primary to lose its replica');
    expect(await infoField(replica.redis, 'master_link_status', 'replication')).toBe('down');
    await primary.redis.set('k', 'v');
    expect((await failure(replica.control.probe({}, 300))).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // No attempt was made meanwhile (it would have been answered: the primary is reachable).
    expect(await replica.redis.get('k')).toBeNull();
    expect(await primary.control.probe()).toMatchObject({ replicas: [] });
    // Nor by a new link made with REPLICAOF on the RESP port (which is still served).
    expect(await replica.redis.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(await replica.redis.call('REPLICAOF', '127.0.0.1', String(primary.process.port))).toBe('OK');
    expect((await failure(replica.control.probe({}, 300))).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    expect(await replica.redis.get('k')).toBeNull();
    expect(await infoField(replica.redis, 'master_link_status', 'replication')).toBe('down');

    await replica.control.setFaults(false);
    await waitFor(async () => (await replica.redis.get('k')) === 'v', 5000, 'the write on the healed replica');
    expect(await infoField(replica.redis, 'master_link_status', 'replication')).toBe('up');
  });
});

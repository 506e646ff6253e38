import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { sendRandomWrites } from '../support/random-writes.js';
import { caughtUpDigests, follow, infoField, infoNumber, startReplicationNode } from '../support/replication.js';

afterEach(stopAllNodeProcesses);
afterAll(stopAllNodeProcesses);

describe('replication over gRPC (real processes)', () => {
  it('keeps replicas equal to the primary through 100,000 random writes of every type', { timeout: 120_000 }, async () => {
    const primary = await startReplicationNode();
    const replicas = [await startReplicationNode(), await startReplicationNode()];
    const p = primary.client();
    // Data before the replicas attach reaches them in the snapshot; the rest in the stream.
    await sendRandomWrites(p, 20_000, 1);
    const clients = replicas.map((r) => r.client());
    await Promise.all(clients.map((c) => follow(c, primary)));
    // Blocked pops served by pushes go into the log as the plain pops that happened.
    const blocked = primary.client();
    const pop = blocked.blpop('queue', 0);
    await sendRandomWrites(p, 80_000, 2);
    await p.rpush('queue', 'job');
    expect(await pop).toEqual(['queue', 'job']);
    const [primaryDigest, ...replicaDigests] = await caughtUpDigests(p, clients);
    expect(primaryDigest).not.toBe('0'.repeat(40));
    expect(replicaDigests).toEqual([primaryDigest, primaryDigest]);
    expect(await infoNumber(p, 'connected_slaves')).toBe(2);
    expect(await infoNumber(p, 'sync_full')).toBe(2);
  });

  it('refuses writes on a replica and hides keys whose time has passed', async () => {
    const primary = await startReplicationNode();
    const replica = await startReplicationNode();
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await expect(r.set('k', 'v')).rejects.toThrow("READONLY You can't write against a read only replica.");
    // Inside MULTI the refusal aborts the transaction, as in Redis.
    await expect(r.multi().set('k', 'v').exec()).rejects.toThrow(/EXECABORT/);
    // Expiry: the primary's active cycle is off, so no DEL comes; the replica still answers nothing.
    await p.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await p.set('ttl', 'v', 'PX', 50);
    await waitFor(async () => (await r.exists('ttl')) === 1, 5000, 'the key on the replica');
    await waitFor(async () => (await r.get('ttl')) === null, 5000, 'the key to read as expired');
    expect(await r.dbsize()).toBe(1); // still held until the primary's DEL
    await p.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    await waitFor(async () => (await r.dbsize()) === 0, 5000, 'the DEL from the primary');
    expect(await r.call('ROLE')).toEqual(['slave', '127.0.0.1', primary.port, 'connected', await infoNumber(r, 'slave_repl_offset')]);
  });

  it('continues partially after CLIENT KILL TYPE replica when the backlog holds what was missed, fully otherwise', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode(['--repl-backlog-size', '16kb']);
    const replica = await startReplicationNode();
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await sendRandomWrites(p, 2000, 3);
    const list = String(await p.call('CLIENT', 'LIST', 'TYPE', 'replica'));
    expect(list).toMatch(/flags=S/);
    // Cut, then write a little: the replica continues from the backlog.
    const [killed] = (await p.pipeline().call('CLIENT', 'KILL', 'TYPE', 'replica').set('after-cut', '1').exec())!;
    expect(killed![1]).toBe(1);
    await waitFor(async () => (await infoNumber(p, 'sync_partial_ok')) === 1, 10_000, 'a partial resync');
    expect(await infoNumber(p, 'sync_full')).toBe(1);
    let [pd, rd] = await caughtUpDigests(p, [r]);
    expect(rd).toBe(pd);
    // Cut, then write more than the backlog holds before the replica is back: a full copy.
    const big = 'x'.repeat(64 * 1024);
    await p.pipeline().call('CLIENT', 'KILL', 'TYPE', 'replica').set('big', big).exec();
    await waitFor(async () => (await infoNumber(p, 'sync_full')) === 2, 10_000, 'a full resync');
    // The first sync counted one too: a node that was a primary asks to continue its own history, as Redis does.
    expect(await infoNumber(p, 'sync_partial_err')).toBe(2);
    [pd, rd] = await caughtUpDigests(p, [r]);
    expect(rd).toBe(pd);
    expect(await r.strlen('big')).toBe(big.length);
  });

  it('a replica restarted without persistence gets a full copy', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode();
    const p = primary.client();
    await sendRandomWrites(p, 3000, 4);
    const first = await startReplicationNode();
    await follow(first.client(), primary);
    await first.stop(); // kill -9
    await waitFor(async () => (await infoNumber(p, 'connected_slaves')) === 0, 10_000, 'the primary to notice');
    const again = await startReplicationNode();
    const r = again.client();
    await follow(r, primary);
    expect(await infoNumber(p, 'sync_full')).toBe(2);
    expect(await infoNumber(p, 'sync_partial_ok')).toBe(0);
    const [pd, rd] = await caughtUpDigests(p, [r]);
    expect(rd).toBe(pd);
  });

  it("after a promotion the other replicas continue partially from the new primary", { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode();
    const a = await startReplicationNode();
    const b = await startReplicationNode();
    const p = primary.client();
    const ra = a.client();
    const rb = b.client();
    await Promise.all([follow(ra, primary), follow(rb, primary)]);
    await sendRandomWrites(p, 5000, 5);
    await caughtUpDigests(p, [ra, rb]);
    const oldReplid = await infoField(p, 'master_replid');
    await primary.stop(); // the primary dies
    const offsetAtPromotion = await infoNumber(ra, 'slave_repl_offset');
    expect(await ra.call('REPLICAOF', 'NO', 'ONE')).toBe('OK');
    expect(await infoField(ra, 'role')).toBe('master');
    expect(await infoField(ra, 'master_replid2')).toBe(oldReplid);
    expect(await infoNumber(ra, 'second_repl_offset')).toBe(offsetAtPromotion + 1);
    await follow(rb, a);
    expect(await infoNumber(ra, 'sync_partial_ok')).toBe(1);
    expect(await infoNumber(ra, 'sync_full')).toBe(0);
    await sendRandomWrites(ra, 2000, 6);
    const [ad, bd] = await caughtUpDigests(ra, [rb]);
    expect(bd).toBe(ad);
  });

  it('WAIT counts the replicas that acknowledged the client’s writes; min-replicas-to-write refuses writes without them', async () => {
    const primary = await startReplicationNode();
    const replica = await startReplicationNode();
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await p.set('w', '1');
    expect(await p.call('WAIT', '1', '0')).toBe(1);
    const started = Date.now();
    expect(await p.call('WAIT', '2', '200')).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(p.call('WAIT', '1', '-1')).rejects.toThrow('ERR timeout is negative');
    await expect(r.call('WAIT', '1', '0')).rejects.toThrow(/WAIT cannot be used with replica instances/);
    await p.config('SET', 'min-replicas-to-write', '2');
    await expect(p.set('w', '2')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    expect(await p.get('w')).toBe('1'); // reads still work
    await p.config('SET', 'min-replicas-to-write', '1');
    expect(await p.set('w', '3')).toBe('OK');
    expect(await infoNumber(p, 'min_slaves_good_slaves')).toBe(1);
    // The replica goes: after min-replicas-max-lag without acknowledgements, writes are refused.
    await p.config('SET', 'min-replicas-max-lag', '1');
    await replica.stop();
    await waitFor(async () => {
      try {
        await p.set('w', '4');
        return false;
      } catch (err) {
        return /NOREPLICAS/.test((err as Error).message);
      }
    }, 10_000, 'NOREPLICAS');
  });

  it('a replica that stops reading is cut when its stream exceeds the output limit, and the primary stays small', { timeout: 90_000 }, async () => {
    const primary = await startReplicationNode(['--client-output-buffer-limit', 'replica 4mb 0 0', '--repl-backlog-size', '1mb']);
    const replica = await startReplicationNode();
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    const backlog = 1024 * 1024;
    process.kill(replica.pid, 'SIGSTOP');
    try {
      // 64 MB of writes, 16 times the limit: what waits for the replica never exceeds the limit (plus the
      // last entries that crossed it), and once it is cut, nothing waits.
      const value = 'v'.repeat(16 * 1024);
      let mostBuffered = 0;
      for (let round = 0; round < 64; round++) {
        const pipeline = p.pipeline();
        for (let i = 0; i < 64; i++) pipeline.set(`big:${i}`, value);
        await pipeline.exec();
        mostBuffered = Math.max(mostBuffered, (await infoNumber(p, 'mem_total_replication_buffers')) - backlog);
      }
      await waitFor(async () => (await infoNumber(p, 'connected_slaves')) === 0, 20_000, 'the replica to be cut');
      expect(primary.output()).toMatch(/client-output-buffer-limit replica/);
      expect(mostBuffered).toBeGreaterThan(0);
      expect(mostBuffered).toBeLessThan(4 * 1024 * 1024 + 64 * 1024);
      expect(await infoNumber(p, 'mem_total_replication_buffers')).toBe(backlog);
    } finally {
      process.kill(replica.pid, 'SIGCONT');
    }
    // Back, it resynchronises (fully: the backlog no longer holds its offset) and equals the primary again.
    await waitFor(async () => (await infoNumber(p, 'connected_slaves')) === 1 && (await infoField(p, 'slave0'))!.includes('state=online'), 30_000, 'the resync');
    const [pd, rd] = await caughtUpDigests(p, [r]);
    expect(rd).toBe(pd);
  });

  it('a replica gives up on a hung primary after repl-timeout and reconnects when it answers again', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode(['--repl-ping-replica-period', '1']);
    const replica = await startReplicationNode(['--repl-timeout', '2']);
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await p.set('before', '1');
    process.kill(primary.pid, 'SIGSTOP');
    try {
      await waitFor(async () => (await infoField(r, 'master_link_status')) === 'down', 15_000, 'the replica to give up');
      expect(replica.output()).toMatch(/Timeout connecting to the MASTER/);
    } finally {
      process.kill(primary.pid, 'SIGCONT');
    }
    await waitFor(async () => (await infoField(r, 'master_link_status')) === 'up', 20_000, 'the link back');
    await p.set('after', '2');
    await waitFor(async () => (await r.get('after')) === '2', 10_000, 'the write after');
    expect(await r.get('before')).toBe('1');
  });

  it('a replica of a replica (chained) holds the same data as the primary', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode();
    const middle = await startReplicationNode();
    const leaf = await startReplicationNode();
    const p = primary.client();
    const m = middle.client();
    const l = leaf.client();
    await sendRandomWrites(p, 3000, 8);
    await follow(m, primary);
    await follow(l, middle);
    await sendRandomWrites(p, 3000, 9);
    const [pd, md, ld] = await caughtUpDigests(p, [m, l]);
    expect([md, ld]).toEqual([pd, pd]);
    // The middle node's history is the primary's: same replication id and offsets.
    expect(await infoField(l, 'master_replid')).toBe(await infoField(p, 'master_replid'));
  });

  it('serves gRPC on --grpc-port (any free port with 0) and refuses a bad one', async () => {
    const node = await startReplicationNode(['--grpc-port', '0']);
    const port = await infoNumber(node.client(), 'grpc_port', 'server');
    expect(port).toBeGreaterThan(0);
    // Logged right after the ready line, possibly in a later chunk of output.
    await waitFor(() => node.output().includes(`gRPC listening on 127.0.0.1:${port}`), 5000, 'the gRPC listening line');
    await expect(startReplicationNode(['--grpc-port', 'x'])).rejects.toThrow(/--grpc-port wants a port number/);
    // Given twice (a restart adding its old port to a command line that had one), the last wins.
    const again = await startReplicationNode(['--grpc-port', '0', '--grpc-port', String(port + 1)]);
    expect(await infoNumber(again.client(), 'grpc_port', 'server')).toBe(port + 1);
  });

  it('starts as a replica with --replicaof and reconnects when the primary comes back', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode();
    const p = primary.client();
    await p.set('boot', '1');
    const replica = await startReplicationNode(['--replicaof', `127.0.0.1 ${primary.port}`]);
    const r = replica.client();
    await waitFor(async () => (await r.get('boot')) === '1', 10_000, 'the first sync');
    // The link is cut from the replica's side (CLIENT KILL TYPE master): it reconnects and continues.
    expect(await r.call('CLIENT', 'KILL', 'TYPE', 'master')).toBe(1);
    await p.set('later', '2');
    await waitFor(async () => (await r.get('later')) === '2', 10_000, 'the reconnect');
    expect(await infoNumber(p, 'sync_partial_ok')).toBe(1);
  });
});


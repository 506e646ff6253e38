import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AttachedReplica } from '../../src/replication/replicas.js';
import { Listener } from '../../src/server/listener.js';
import { fakeTransport } from '../support/fake-transport.js';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';
import { stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';
import { follow, infoNumber, startReplicationNode } from '../support/replication.js';

/**
 * min-replicas-to-write N > 0: a primary's reply to a write, and every reply after it on that connection, goes
 * out only once N replicas acknowledged the write (replication/core/semi-sync.ts).
 */

/** A primary in this process on a real loopback port, with replicas faked in its registry: acks by hand. */
interface Primary extends InProcessNode {
  port: number;
  /** A replica that is online and acknowledged nothing yet. */
  addReplica(): AttachedReplica;
  /** `replica` acknowledges everything the log holds now. */
  ack(replica: AttachedReplica): void;
  raw(): Promise<RawConnection>;
  redis(): Redis;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await stopAllNodeProcesses();
});
afterAll(stopAllNodeProcesses);

async function startPrimary(config: [string, string][] = [['min-replicas-to-write', '1']]): Promise<Primary> {
  const inProcess = createInProcessNode(config);
  const node = inProcess.node;
  const listener = new Listener(node);
  const port = await listener.listen(['127.0.0.1'], 0);
  cleanups.push(async () => {
    node.replication.stop();
    await listener.close();
  });
  return {
    ...inProcess,
    port,
    addReplica() {
      const replica: AttachedReplica = {
        client: node.createClient(fakeTransport()),
        via: 'grpc',
        ip: '127.0.0.1',
        port: 1,
        state: 'online',
        ackOffset: 0,
        ackTime: node.clock.now(),
        bufferedBytes: () => 0,
      };
      node.replicas.add(replica);
      return replica;
    },
    ack(replica) {
      node.replicas.acknowledged(replica, node.log.offset);
    },
    async raw() {
      const raw = await RawConnection.open(port);
      cleanups.push(() => raw.close());
      return raw;
    },
    redis() {
      const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
      cleanups.push(() => redis.disconnect());
      return redis;
    },
  };
}

/** A settled-or-not probe for a promise, without awaiting it. */
function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

const resp = (...lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');
const command = (...args: string[]): string => resp(`*${args.length}`, ...args.flatMap((a) => [`$${Buffer.byteLength(a)}`, a]));

describe('semi-synchronous replies (in process, replicas acknowledging by hand)', () => {
  it("sends the replies before a batch's first write at once and holds the rest until a replica acknowledges", async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const raw = await p.raw();
    const other = p.redis();
    raw.send(command('GET', 'k') + command('SET', 'k', 'v') + command('GET', 'k'));
    await raw.waitFor((text) => text.length > 0);
    // A round trip on another connection: the batch was run and its flush decided long ago.
    expect(await other.get('k')).toBe('v'); // reads elsewhere are not delayed (and see the write)
    expect(raw.text()).toBe(resp('$-1'));
    expect(p.node.replicas.held.size).toBe(1);
    p.ack(replica);
    expect(await raw.waitFor((text) => text.endsWith('v\r\n'))).toBe(resp('$-1', '+OK', '$1', 'v'));
    expect(p.node.replicas.held.size).toBe(0);
    // Acknowledged writes cost nothing more: a read goes at once.
    raw.send(command('PING'));
    await raw.waitFor((text) => text.endsWith('+PONG\r\n'));
  });

  it('holds until N replicas acknowledged an offset at or past the write', async () => {
    const p = await startPrimary([['min-replicas-to-write', '2']]);
    const [a, b] = [p.addReplica(), p.addReplica()];
    const redis = p.redis();
    const other = p.redis();
    const first = track(redis.set('k', '1'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    const heldAt = p.node.log.offset;
    p.ack(a);
    await other.ping();
    expect(first.settled()).toBe(false); // one of the two replicas
    p.node.replicas.acknowledged(b, heldAt - 1);
    await other.ping();
    expect(first.settled()).toBe(false); // short of the write
    p.ack(b);
    expect(await first.promise).toBe('OK');
  });

  it('pipelined writes all complete, whatever the batches they arrive in', async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const redis = p.redis();
    const pipeline = redis.pipeline();
    for (let i = 0; i < 5000; i++) pipeline.set(`key:${i}`, 'x'.repeat(100));
    const done = track(pipeline.exec());
    // The replica acknowledges whatever it sees, until every reply came back.
    await waitFor(() => {
      p.ack(replica);
      return done.settled();
    }, 10_000, 'the pipeline');
    const results = (await done.promise)!;
    expect(results).toHaveLength(5000);
    expect(results.every(([err, reply]) => err === null && reply === 'OK')).toBe(true);
  });

  it('keeps MULTI/EXEC, WAIT, blocked pops and pub/sub messages in order behind the held reply', async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const other = p.redis();
    // MULTI and QUEUED go at once; EXEC waits.
    const raw = await p.raw();
    raw.send(command('MULTI') + command('SET', 'k', '1') + command('INCR', 'k') + command('EXEC') + command('WAIT', '1', '0'));
    await raw.waitFor((text) => text.length >= resp('+OK', '+QUEUED', '+QUEUED').length);
    await other.ping();
    expect(raw.text()).toBe(resp('+OK', '+QUEUED', '+QUEUED'));
    p.ack(replica);
    await raw.waitFor((text) => text.endsWith(':1\r\n') && text.includes('*2'));
    expect(raw.text()).toBe(resp('+OK', '+QUEUED', '+QUEUED', '*2', '+OK', ':2', ':1'));

    // A pop served, and a message published, while the write before them waits: both follow its reply.
    const blocked = await p.raw();
    blocked.send(command('HELLO', '3'));
    await blocked.waitFor((text) => text.includes('proto'));
    const before = blocked.text().length;
    blocked.send(command('SUBSCRIBE', 'news') + command('SET', 'j', '1') + command('BLPOP', 'queue', '0'));
    await blocked.waitFor((text) => text.includes('subscribe'));
    // The push is a write, and PUBLISH goes to replicas too: their replies wait as well (not what they deliver).
    const push = track(p.redis().rpush('queue', 'job'));
    await waitFor(() => p.node.replicas.held.size === 2, 5000, 'the push to be held');
    const publish = track(other.publish('news', 'hello'));
    await waitFor(() => p.node.replicas.held.size === 3, 5000, 'the publish to be held');
    expect(blocked.text().slice(before)).toBe(resp('>3', '$9', 'subscribe', '$4', 'news', ':1'));
    expect(push.settled() || publish.settled()).toBe(false);
    p.ack(replica);
    expect(await push.promise).toBe(1);
    expect(await publish.promise).toBe(1);
    await blocked.waitFor((text) => text.endsWith('hello\r\n'));
    expect(blocked.text().slice(before)).toBe(
      resp('>3', '$9', 'subscribe', '$4', 'news', ':1', '+OK', '*2', '$5', 'queue', '$3', 'job', '>3', '$7', 'message', '$4', 'news', '$5', 'hello'),
    );
  });

  it('a write parked by CLIENT PAUSE WRITE is held once it runs, not the read before it', async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const admin = p.redis();
    expect(await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE')).toBe('OK');
    const raw = await p.raw();
    raw.send(command('GET', 'k') + command('SET', 'k', 'v'));
    await raw.waitFor((text) => text === resp('$-1'));
    expect(p.node.replicas.held.size).toBe(0); // parked, not run
    expect(await admin.call('CLIENT', 'UNPAUSE')).toBe('OK');
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    expect(raw.text()).toBe(resp('$-1'));
    p.ack(replica);
    expect(await raw.waitFor((text) => text.endsWith('+OK\r\n'))).toBe(resp('$-1', '+OK'));
  });

  it('a QUIT after a write closes once the write is acknowledged, after both replies', async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const raw = await p.raw();
    raw.send(command('SET', 'k', 'v') + command('QUIT'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    expect(raw.closed).toBe(false);
    p.ack(replica);
    await raw.waitForClose();
    expect(raw.text()).toBe(resp('+OK', '+OK'));
  });

  it('a connection closed while held is forgotten', async () => {
    const p = await startPrimary();
    p.addReplica();
    const raw = await p.raw();
    raw.send(command('SET', 'k', 'v'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    raw.close();
    await waitFor(() => p.node.replicas.held.size === 0, 5000, 'the held connection to be forgotten');
  });

  it('a demoted primary closes held connections without replying, even if a replica acknowledges', async () => {
    const p = await startPrimary();
    const replica = p.addReplica();
    const raw = await p.raw();
    raw.send(command('SET', 'k', 'v'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    // Nothing listens there: the link keeps retrying; what matters is that the node is no primary now.
    p.node.replication.followPrimary('127.0.0.1', 1);
    p.ack(replica);
    await raw.waitForClose();
    expect(raw.text()).toBe('');
  });

  it('held connections close without replying once fewer good replicas remain than needed', async () => {
    const p = await startPrimary([['min-replicas-to-write', '1'], ['min-replicas-max-lag', '10']]);
    const replica = p.addReplica();
    const gone = await p.raw();
    gone.send(command('SET', 'a', '1'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    // The replica's last acknowledgement gets older than min-replicas-max-lag: new writes would be refused.
    p.clock.advance(11_000);
    await gone.waitForClose();
    expect(gone.text()).toBe('');
    // The replica's stream ends while a write waits for it.
    p.ack(replica);
    const cut = await p.raw();
    cut.send(command('SET', 'b', '1'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    p.node.replicas.remove(replica);
    await cut.waitForClose();
    expect(cut.text()).toBe('');
  });

  it('CONFIG SET min-replicas-to-write 0 releases what waits; at 0 nothing waits', async () => {
    const p = await startPrimary();
    p.addReplica();
    const redis = p.redis();
    const other = p.redis();
    const held = track(redis.set('k', '1'));
    await waitFor(() => p.node.replicas.held.size === 1, 5000, 'the reply to be held');
    expect(await other.config('SET', 'min-replicas-to-write', '0')).toBe('OK');
    expect(await held.promise).toBe('OK');
    // No replica acknowledges anything, and writes answer at once.
    expect(await redis.set('k', '2')).toBe('OK');
    expect(await redis.incr('n')).toBe(1);
    expect(p.node.replicas.held.size).toBe(0);
  });
});

describe('semi-synchronous replies (real processes)', () => {
  it('a SET answers only once the replica acknowledged it: not while the replica is stopped', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode(['--min-replicas-to-write', '1']);
    const replica = await startReplicationNode();
    const p = primary.client();
    const reader = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await waitFor(async () => (await infoNumber(p, 'min_slaves_good_slaves')) === 1, 10_000, 'a good replica');
    expect(await p.set('before', '1')).toBe('OK');
    expect(await p.call('WAIT', '1', '0')).toBe(1);
    process.kill(replica.pid, 'SIGSTOP');
    try {
      const write = track(p.set('k', 'v'));
      // Reads on another connection go on meanwhile, and see the write; the writer still has no reply.
      const until = Date.now() + 1000;
      while (Date.now() < until) {
        expect(await reader.get('k')).toBe('v');
        expect(write.settled()).toBe(false);
      }
      process.kill(replica.pid, 'SIGCONT');
      expect(await write.promise).toBe('OK');
    } finally {
      process.kill(replica.pid, 'SIGCONT');
      await replica.stop();
    }
  });

  it('pipelined writes all complete promptly, WAIT still answers, and min-replicas-to-write 0 waits for nothing', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode(['--min-replicas-to-write', '1']);
    const replica = await startReplicationNode();
    const p = primary.client();
    const r = replica.client();
    await follow(r, primary);
    await waitFor(async () => (await infoNumber(p, 'min_slaves_good_slaves')) === 1, 10_000, 'a good replica');
    const pipeline = p.pipeline();
    for (let i = 0; i < 20_000; i++) pipeline.set(`key:${i}`, String(i));
    const started = Date.now();
    const results = (await pipeline.exec())!;
    // Far below the once-a-second acknowledgement: the replica acknowledges as it applies.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(results.every(([err, reply]) => err === null && reply === 'OK')).toBe(true);
    // Every acknowledged write is on the replica already.
    expect(await r.get('key:19999')).toBe('19999');
    expect(await p.call('WAIT', '1', '0')).toBe(1);
    expect(await p.call('WAIT', '2', '100')).toBe(1);

    await p.config('SET', 'min-replicas-to-write', '0');
    process.kill(replica.pid, 'SIGSTOP');
    try {
      expect(await p.set('k', 'v')).toBe('OK');
    } finally {
      process.kill(replica.pid, 'SIGCONT');
      await replica.stop();
    }
  });

  it('a primary demoted while a reply is held closes that connection without the reply', { timeout: 60_000 }, async () => {
    const primary = await startReplicationNode(['--min-replicas-to-write', '1']);
    const replica = await startReplicationNode();
    const other = await startReplicationNode();
    const p = primary.client();
    await follow(replica.client(), primary);
    await waitFor(async () => (await infoNumber(p, 'min_slaves_good_slaves')) === 1, 10_000, 'a good replica');
    process.kill(replica.pid, 'SIGSTOP');
    try {
      const raw = await RawConnection.open(primary.port);
      try {
        raw.send(command('SET', 'k', 'v'));
        await waitFor(async () => (await p.get('k')) === 'v', 5000, 'the write to run'); // its reply waits
        expect(raw.text()).toBe('');
        expect(await p.call('REPLICAOF', '127.0.0.1', String(other.port))).toBe('OK');
        await raw.waitForClose();
        expect(raw.text()).toBe('');
      } finally {
        raw.close();
      }
    } finally {
      process.kill(replica.pid, 'SIGCONT');
      await replica.stop();
    }
  });
});

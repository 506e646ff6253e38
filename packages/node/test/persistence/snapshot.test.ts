import { encodeCommand, RequestParser } from '@understudy/resp';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { EffectApplier } from '../../src/log/effect-applier.js';
import { SnapshotUnsupportedTypeError } from '../../src/persistence/snapshot-commands.js';
import { KeyspaceSnapshot } from '../../src/persistence/snapshot.js';
import { datasetDigest } from '../../src/store/digest.js';
import type { TypedValue } from '../../src/store/values.js';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';
import {
  blockingClient,
  populate,
  randomBlockingCommand,
  randomCommand,
  randomKeyCommand,
  randomWholeDatabaseCommand,
} from './snapshot-workload.js';
import { seededRandom } from '../support/seeded-random.js';

/** Every slice of a snapshot, `budget` bytes each. */
function drain(snapshot: KeyspaceSnapshot, budget: number): Buffer[] {
  const slices: Buffer[] = [];
  for (let slice = snapshot.next(budget); slice !== null; slice = snapshot.next(budget)) slices.push(slice);
  return slices;
}

function commandsOf(bytes: Buffer): string[][] {
  const parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
  parser.feed(bytes);
  const out: string[][] = [];
  for (let args = parser.next(); args !== null; args = parser.next()) out.push(args);
  return out;
}

/** A fresh node at time `now` holding what the parts (snapshot slices, then log bytes) rebuild. */
function replicaOf(now: number, ...parts: Buffer[][]): InProcessNode {
  const replica = createInProcessNode([], new FakeClock(now));
  const applier = new EffectApplier(replica.node);
  for (const part of parts) for (const bytes of part) applier.feed(bytes);
  return replica;
}

const digestOf = (node: InProcessNode): string => datasetDigest(node.node.keyspace.dbs);

/** A dataset of every type, binary-safe names and values, big and small encodings, TTLs, several databases. */
function richDataset(): InProcessNode {
  const source = createInProcessNode();
  const now = source.clock.now();
  const binary = 'k\r\n\xff\x00';
  source.exec('SET', binary, '\xff\r\n\x00value');
  source.exec('SET', 'int', '12345');
  source.exec('SET', 'edited', 'abc');
  source.exec('SETRANGE', 'edited', 10, '\xff\r\n'); // a MutableString
  source.exec('SETBIT', 'bits', 1000, 1);
  source.exec('RPUSH', 'small-list', 'a', '', binary);
  for (let i = 0; i < 1000; i++) source.exec('RPUSH', 'big-list', `item\r\n${i}`);
  source.exec('HSET', 'small-hash', 'f', 'v', binary, binary);
  for (let i = 0; i < 300; i++) source.exec('HSET', 'big-hash', `f${i}`, `v\xff${i}`);
  source.exec('HSET', 'long-value-hash', 'f', 'v'.repeat(100));
  source.exec('SADD', 'intset', '1', '-5', '9223372036854775807');
  for (let i = 0; i < 700; i++) source.exec('SADD', 'big-intset', String(i * 3));
  source.exec('SADD', 'strings', 'a', binary, '');
  source.exec('ZADD', 'small-zset', 'inf', 'top', '-inf', 'bottom', '-0', 'neg-zero', '0.1', 'tenth', '5e-324', 'tiny');
  for (let i = 0; i < 400; i++) source.exec('ZADD', 'big-zset', i % 7 === 0 ? '-0' : String(i * 1.1), `m${i}`);
  source.exec('ZADD', 'big-zset', '-0', 'late-neg-zero', 'inf', 'late-inf', '1e300', 'huge');
  source.exec('ZADD', 'shrunk-zset', '1', 'x'.repeat(100), '-0', 'n');
  source.exec('ZREM', 'shrunk-zset', 'x'.repeat(100));
  source.exec('ZADD', 'shrunk-zset', '-0', 'n2');
  for (const key of ['small-list', 'big-hash', 'intset', 'big-zset', binary]) source.exec('PEXPIREAT', key, now + 60_000);
  source.exec('SET', 'expired-at-start', 'v', 'PX', 100);
  source.exec('SELECT', 3);
  source.exec('SET', 'int', 'other database');
  source.exec('HSET', 'h', 'f', 'v');
  source.exec('PEXPIREAT', 'h', now + 5_000);
  source.exec('SELECT', 15);
  source.exec('ZADD', 'z', '-0', 'a');
  source.exec('SELECT', 0);
  source.clock.advance(200); // 'expired-at-start' is past its time, still present (nothing touched it)
  return source;
}

describe('KeyspaceSnapshot: a quiet dataset', () => {
  for (const budget of [1, 700, 64 * 1024, Infinity]) {
    it(`rebuilds every type exactly, TTLs included (slices of ${budget} bytes)`, () => {
      const source = richDataset();
      const slices = drain(new KeyspaceSnapshot(source.node.keyspace), budget);
      const replica = replicaOf(source.clock.now(), slices);
      expect(digestOf(replica)).toBe(digestOf(source));
      expect(digestOf(source)).not.toBe('0'.repeat(40));
      for (const [db, key] of [[0, 'big-zset'], [0, 'k\r\n\xff\x00'], [0, 'small-list'], [3, 'h'], [0, 'int']] as const) {
        for (const node of [source, replica]) node.exec('SELECT', db);
        expect(replica.call('PTTL', key), key).toBe(source.call('PTTL', key));
      }
      for (const node of [source, replica]) node.exec('SELECT', 0);
      for (const key of ['big-zset', 'shrunk-zset', 'small-zset', 'big-intset', 'intset', 'big-hash', 'small-hash']) {
        expect(replica.call('OBJECT', 'ENCODING', key), key).toBe(source.call('OBJECT', 'ENCODING', key));
      }
      expect(replica.call('ZSCORE', 'shrunk-zset', 'n2')).toBe('-0');
      // Kept with its past expiry time: the primary's DEL, not the replica, removes it.
      const expired = replica.node.keyspace.db(0);
      expect(expired.data.has('expired-at-start')).toBe(true);
      expect(expired.expires.get('expired-at-start')).toBe(source.node.keyspace.db(0).expires.get('expired-at-start'));
    });
  }

  it('keeps slices near the budget and selects each database once', () => {
    const source = richDataset();
    const slices = drain(new KeyspaceSnapshot(source.node.keyspace), 2000);
    expect(slices.length).toBeGreaterThan(10);
    // A slice ends with the command that reached the budget; commands stay small.
    for (const slice of slices.slice(0, -1)) expect(slice.length).toBeGreaterThanOrEqual(2000);
    for (const slice of slices) expect(slice.length).toBeLessThan(2000 + 8 * 1024);
    const selects = slices.flatMap(commandsOf).filter((c) => c[0] === 'SELECT');
    expect(selects).toEqual([['SELECT', '0'], ['SELECT', '3'], ['SELECT', '15']]);
  });

  it('produces nothing for an empty keyspace', () => {
    const snapshot = new KeyspaceSnapshot(createInProcessNode().node.keyspace);
    expect(snapshot.next(1000)).toBeNull();
    expect(snapshot.done).toBe(true);
  });

  it('refuses a value type it cannot write (streams)', () => {
    const source = createInProcessNode();
    const stream: TypedValue = { type: 'stream', encoding: 'stream', stamp: 0, clone: () => stream };
    source.node.keyspace.db(0).data.set('s', stream);
    expect(() => new KeyspaceSnapshot(source.node.keyspace).next(1000)).toThrow(SnapshotUnsupportedTypeError);
  });
});

describe('KeyspaceSnapshot: the dataset at its start, whatever happens meanwhile', () => {
  afterEach(() => void vi.restoreAllMocks()); // the workload seeds Math.random
  it('writes deleted, overwritten and edited keys as they were, and no key created after the start', () => {
    const source = createInProcessNode();
    source.exec('SET', 'deleted', 'old');
    source.exec('HSET', 'edited', 'f', 'old');
    source.exec('RPUSH', 'renamed', 'a');
    source.exec('SET', 'overwritten', 'old');
    const snapshot = new KeyspaceSnapshot(source.node.keyspace);
    source.node.snapshots.add(snapshot);
    source.exec('DEL', 'deleted');
    source.exec('HSET', 'edited', 'f', 'new', 'g', 'new');
    source.exec('RENAME', 'renamed', 'elsewhere');
    source.exec('RPUSH', 'elsewhere', 'b'); // the same list object, edited under its new name
    source.exec('SET', 'overwritten', 'new');
    source.exec('SET', 'created', 'new');
    source.exec('SWAPDB', 0, 1);
    source.exec('FLUSHALL');
    const commands = drain(snapshot, 1).flatMap(commandsOf);
    expect(commands).toEqual([
      ['SELECT', '0'],
      ['SET', 'deleted', 'old'],
      ['HSET', 'edited', 'f', 'old'],
      ['RPUSH', 'renamed', 'a'],
      ['SET', 'overwritten', 'old'],
    ]);
  });

  it('goes on from the same element when a collection half written is edited', () => {
    const source = createInProcessNode();
    for (let i = 0; i < 1000; i++) source.exec('RPUSH', 'list', String(i));
    const snapshot = new KeyspaceSnapshot(source.node.keyspace);
    source.node.snapshots.add(snapshot);
    const first = snapshot.next(1000)!;
    source.exec('LPUSH', 'list', 'new-head');
    source.exec('LTRIM', 'list', 0, 10);
    const commands = [first, ...drain(snapshot, 1000)].flatMap(commandsOf);
    expect(commands.filter((c) => c[0] === 'RPUSH').flatMap((c) => c.slice(2))).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
  });

  it('copies the lists a served blocked BLMOVE edits, found wherever SWAPDB put them', () => {
    const source = createInProcessNode();
    source.exec('SELECT', 1);
    source.exec('RPUSH', 'queue', 'a', 'b', 'c');
    source.exec('RPUSH', 'dest', 'x');
    source.exec('SELECT', 0);
    const blocker = blockingClient(source.node);
    blocker.send(['BLMOVE', 'queue', 'dest', 'LEFT', 'RIGHT', '0']);
    expect(blocker.client.blocked).toBe(true);
    source.node.log.forceSelect();
    const snapshot = new KeyspaceSnapshot(source.node.keyspace);
    source.node.snapshots.add(snapshot);
    const log: Buffer[] = [];
    source.node.log.subscribe((bytes) => void log.push(bytes));
    source.exec('SWAPDB', 0, 1); // the captured lists are now where the blocked client waits, and served
    expect(blocker.client.blocked).toBe(false);
    expect(snapshot.progress.valuesCopied).toBe(2);
    const commands = drain(snapshot, 1).flatMap(commandsOf);
    expect(commands).toEqual([['SELECT', '1'], ['RPUSH', 'queue', 'a', 'b', 'c'], ['RPUSH', 'dest', 'x']]);
    expect(digestOf(replicaOf(source.clock.now(), commands.map((c) => encodeCommand(c)), log))).toBe(digestOf(source));
  });

  // The property: snapshot slices interleaved with thousands of random writes, then the snapshot followed by
  // the log from its start offset rebuilds the primary's dataset exactly.
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`snapshot + log from its offset = the primary (seed ${seed})`, () => {
      const run = runWorkload(seed, (keyspace) => new KeyspaceSnapshot(keyspace));
      expect(run.writesDuringSnapshot).toBeGreaterThan(1500);
      // Many slices, and many values edited before the walk reached them.
      expect(run.captures[0]!.slices.length).toBeGreaterThan(30);
      expect(run.captures[0]!.snapshot.progress.valuesCopied).toBeGreaterThan(20);
      for (const capture of run.captures) {
        const replica = replicaOf(run.source.clock.now(), capture.slices, capture.log);
        expect(digestOf(replica)).toBe(digestOf(run.source));
      }
      expect(run.source.node.keyspace.totalKeys()).toBeGreaterThan(20);
    });
  }

  it('snapshot + log from its offset = the primary, with a FLUSHALL halfway through the walk', () => {
    const run = runWorkload(11, (keyspace) => new KeyspaceSnapshot(keyspace), 200);
    for (const capture of run.captures) {
      const replica = replicaOf(run.source.clock.now(), capture.slices, capture.log);
      expect(digestOf(replica)).toBe(digestOf(run.source));
    }
    expect(run.source.node.keyspace.totalKeys()).toBeGreaterThan(20);
  });

  it('is wrong without preserve(): the workload above does catch an edit that was not preserved', () => {
    class Careless extends KeyspaceSnapshot {
      override preserve(): void {}
    }
    for (const seed of [1, 2, 3]) {
      const run = runWorkload(seed, (keyspace) => new Careless(keyspace));
      const { slices, log } = run.captures[0]!;
      // Either an effect fails on the wrong data (LSET on a list the snapshot wrote too short) or the digests differ.
      let rebuilt: string;
      try {
        rebuilt = digestOf(replicaOf(run.source.clock.now(), slices, log));
      } catch {
        rebuilt = 'failed';
      }
      expect(rebuilt).not.toBe(digestOf(run.source));
    }
  });
});

describe('KeyspaceSnapshot: memory', () => {
  it('copies a value only when it changes before the walk reaches it, and drops the copy once written', () => {
    const source = createInProcessNode();
    for (let i = 0; i < 200; i++) source.exec('HSET', 'first', `f${i}`, 'v');
    for (let i = 0; i < 200; i++) source.exec('HSET', 'second', `f${i}`, 'v');
    source.exec('SET', 'string', 'v');
    const snapshot = new KeyspaceSnapshot(source.node.keyspace);
    source.node.snapshots.add(snapshot);
    source.exec('HSET', 'second', 'new', 'v');
    source.exec('APPEND', 'string', 'more'); // strings are immutable: nothing to copy
    source.exec('HSET', 'created-after', 'f', 'v');
    expect(snapshot.progress.preservedValues).toBe(1);
    snapshot.next(100); // into 'first'
    source.exec('HSET', 'second', 'newer', 'v'); // already copied
    expect(snapshot.progress.preservedValues).toBe(1);
    while (snapshot.progress.keysEmitted < 1) snapshot.next(100);
    source.exec('HSET', 'first', 'new', 'v'); // already written: no copy
    expect(snapshot.progress.preservedValues).toBe(1);
    while (snapshot.progress.keysEmitted < 2) snapshot.next(100);
    expect(snapshot.progress.preservedValues).toBe(0);
    drain(snapshot, 100);
    expect(snapshot.progress).toMatchObject({ keysTotal: 3, keysEmitted: 3, preservedValues: 0, valuesCopied: 1 });
  });

  it('holds no reference to a value once it is written', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const source = createInProcessNode();
    for (let i = 0; i < 1000; i++) source.exec('RPUSH', 'written', `e${i}`);
    for (let i = 0; i < 1000; i++) source.exec('RPUSH', 'pending', `e${i}`);
    const snapshot = new KeyspaceSnapshot(source.node.keyspace);
    source.node.snapshots.add(snapshot);
    const db = source.node.keyspace.db(0);
    const written = new WeakRef(db.data.get('written') as object);
    const pending = new WeakRef(db.data.get('pending') as object);
    while (snapshot.progress.keysEmitted < 1) snapshot.next(1000);
    source.exec('DEL', 'written', 'pending');
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets are kept until the turn ends
    gc();
    expect(written.deref()).toBeUndefined();
    // 'pending' was copied before the DEL: the copy is what is kept until it is written, not the original.
    expect(pending.deref()).toBeUndefined();
    expect(snapshot.progress.preservedValues).toBe(1);
    drain(snapshot, 1000);
    expect(snapshot.progress.preservedValues).toBe(0);
  });
});

// --- the random workload --------------------------------------------------------------------------------

interface Capture {
  snapshot: KeyspaceSnapshot;
  slices: Buffer[];
  /** Effect-log bytes appended from the snapshot's start offset on. */
  log: Buffer[];
}

interface WorkloadRun {
  source: InProcessNode;
  captures: Capture[];
  writesDuringSnapshot: number;
}

/**
 * Populates a node, starts a snapshot (and a second one later, as two replicas syncing at once would), and runs
 * random commands of every kind between the snapshots' slices and after, with blocked clients served by pushes,
 * MULTI/EXEC blocks, time passing and active expiry. Math.random (SPOP, SRANDMEMBER) is seeded too.
 */
function runWorkload(
  seed: number,
  makeSnapshot: (keyspace: InProcessNode['node']['keyspace']) => KeyspaceSnapshot,
  flushAllAt = -1,
): WorkloadRun {
  const random = seededRandom(seed);
  const nodeRandom = seededRandom(seed * 7919);
  vi.spyOn(Math, 'random').mockImplementation(nodeRandom);
  const source = createInProcessNode();
  populate(source, random);
  const blockers = [blockingClient(source.node), blockingClient(source.node)];
  const captures: Capture[] = [];
  const start = (): void => {
    // The stream after a snapshot starts with a SELECT, as the replication full sync arranges.
    source.node.log.forceSelect();
    const capture: Capture = { snapshot: makeSnapshot(source.node.keyspace), slices: [], log: [] };
    source.node.snapshots.add(capture.snapshot);
    source.node.log.subscribe((bytes) => void capture.log.push(bytes));
    captures.push(capture);
  };
  const step = (): void => {
    const r = random();
    if (r < 0.04) {
      source.exec('MULTI');
      for (let i = 1 + Math.floor(random() * 4); i > 0; i--) source.exec(...randomCommand(random));
      source.exec('EXEC');
    } else if (r < 0.07) {
      // Mostly in the writer's database, so that its pushes, renames and moves serve the blocked client.
      const blocker = blockers[Math.floor(random() * blockers.length)]!;
      const db = random() < 0.8 ? source.client.dbIndex : Math.floor(random() * 3);
      if (!blocker.client.blocked) blocker.send(['SELECT', String(db)]);
      if (!blocker.client.blocked) blocker.send(randomBlockingCommand(random));
    } else if (r < 0.0708) {
      source.exec(...randomWholeDatabaseCommand(random));
    } else if (r < 0.2) {
      source.exec(...randomKeyCommand(random));
    } else {
      source.exec(...randomCommand(random));
    }
    source.clock.advance(Math.floor(random() * 20));
    if (random() < 0.05) source.node.tick(); // the active expiry cycle deletes keys without a preserve
  };
  start();
  let writesDuringSnapshot = 0;
  let steps = 0;
  while (captures.some((c) => !c.snapshot.done) || captures.length < 2) {
    if (steps === 400) start();
    if (steps === flushAllAt) source.exec('FLUSHALL');
    for (const capture of captures) {
      if (capture.snapshot.done || random() > 0.03) continue;
      const slice = capture.snapshot.next(50 + Math.floor(random() * 1000));
      if (slice !== null) capture.slices.push(slice);
      else source.node.snapshots.delete(capture.snapshot);
    }
    step();
    steps++;
    writesDuringSnapshot++;
  }
  for (const capture of captures) source.node.snapshots.delete(capture.snapshot);
  for (let i = 0; i < 300; i++) step();
  return { source, captures, writesDuringSnapshot };
}

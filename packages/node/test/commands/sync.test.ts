import { ReplyParser } from '@understudy/resp';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { crc64 } from '../../src/persistence/crc64.js';
import { NodeServer } from '../../src/server/node-server.js';
import { simplify } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';
import { findTool, startRealRedis } from '../support/real-redis.js';

function setup() {
  const clock = new FakeClock();
  const node = new NodeServer(new ConfigStore(), clock);
  const connect = () => {
    const client = node.createClient(null);
    /** Sends a command and returns every byte written to this client since the last read. */
    const send = (...args: (string | number)[]): string => {
      node.dispatcher.execute(client, args.map(String));
      return output();
    };
    const output = (): string => Buffer.concat(client.reply.take()).toString('latin1');
    return { client, send, output };
  };
  const writer = connect();
  return { node, clock, connect, writer };
}

/** Splits "$<len>\r\n<rdb>" + rest; checks the RDB's magic and CRC. */
function splitPayload(text: string): { rdb: Buffer; rest: string } {
  const match = /^\$(\d+)\r\n/.exec(text);
  if (!match) throw new Error(`no bulk payload header in ${JSON.stringify(text.slice(0, 40))}`);
  const start = match[0].length;
  const rdb = Buffer.from(text.slice(start, start + Number(match[1])), 'latin1');
  expect(rdb.toString('latin1', 0, 9)).toBe('REDIS0010');
  expect(rdb.readBigUInt64LE(rdb.length - 8)).toBe(crc64(rdb.subarray(0, rdb.length - 8)));
  return { rdb, rest: text.slice(start + rdb.length) };
}

/** The commands in a piece of replication stream. */
function commands(stream: string): string[][] {
  const parser = new ReplyParser();
  parser.feed(Buffer.from(stream, 'latin1'));
  const out: string[][] = [];
  for (let v = parser.next(); v !== undefined; v = parser.next()) out.push(simplify(v) as string[]);
  return out;
}

/** The value of an aux field in an RDB (aux values here are short verbatim or int-encoded strings). */
function aux(rdb: Buffer, name: string): string {
  const at = rdb.indexOf(Buffer.from(`${String.fromCharCode(name.length)}${name}`, 'latin1'));
  if (at < 0) throw new Error(`no aux ${name}`);
  const p = at + 1 + name.length;
  const first = rdb[p]!;
  if (first === 0xc0) return String(rdb.readInt8(p + 1));
  if (first === 0xc1) return String(rdb.readInt16LE(p + 1));
  if (first === 0xc2) return String(rdb.readInt32LE(p + 1));
  return rdb.toString('latin1', p + 1, p + 1 + first);
}

describe('SYNC', () => {
  it('sends the dataset as an RDB bulk without a trailing CRLF, then every effect from its offset on', () => {
    const { node, connect, writer } = setup();
    writer.send('SET', 'before', 'sync');
    const offset = node.log.offset;
    const replica = connect();
    const { rdb, rest } = splitPayload(replica.send('SYNC'));
    expect(rest).toBe('');
    expect(rdb.includes(Buffer.from('\x06before\x04sync', 'latin1'))).toBe(true);
    expect(aux(rdb, 'repl-id')).toBe(node.log.replid);
    expect(aux(rdb, 'repl-offset')).toBe(String(offset));
    writer.send('SET', 'after', '1');
    writer.send('MULTI');
    writer.send('INCR', 'a');
    writer.send('INCR', 'b');
    writer.send('EXEC');
    const stream = replica.output();
    // The stream starts with a SELECT although the log had selected database 0 already.
    expect(commands(stream)).toEqual([
      ['SELECT', '0'],
      ['SET', 'after', '1'],
      ['MULTI'],
      ['INCR', 'a'],
      ['INCR', 'b'],
      ['EXEC'],
    ]);
    expect(node.log.offset - offset).toBe(Buffer.byteLength(stream, 'latin1'));
  });

  it('streams expiries as DEL', () => {
    const { node, clock, connect, writer } = setup();
    writer.send('SET', 'k', 'v', 'PX', 100);
    const replica = connect();
    splitPayload(replica.send('SYNC'));
    clock.advance(101);
    writer.send('GET', 'k');
    expect(commands(replica.output())).toEqual([
      ['SELECT', '0'],
      ['DEL', 'k'],
    ]);
    expect(node.keyspace.db(0).size).toBe(0);
  });

  it('ignores a second SYNC on a replica connection, without a reply', () => {
    const { connect } = setup();
    const replica = connect();
    splitPayload(replica.send('SYNC'));
    expect(replica.send('SYNC')).toBe('');
    expect(replica.send('PSYNC', '?', -1)).toBe('');
  });

  it('is refused with pending output, inside MULTI, and when a value cannot be encoded yet', () => {
    const { node, connect } = setup();
    const c = connect();
    node.dispatcher.execute(c.client, ['PING']);
    expect(c.send('SYNC')).toBe('+PONG\r\n-ERR SYNC and PSYNC are invalid with pending output\r\n');
    c.send('MULTI');
    expect(c.send('SYNC')).toBe('-ERR Command not allowed inside a transaction\r\n');
    c.send('DISCARD');
    const stream = { type: 'stream' as const, encoding: 'stream', stamp: 0, clone: () => stream };
    node.keyspace.db(0).set('events', stream);
    expect(c.send('SYNC')).toBe('-ERR RDB encoding of stream values is not implemented\r\n');
  });

  it('lists attached replicas and detaches one whose connection went away', () => {
    const { node, connect, writer } = setup();
    const replica = connect();
    replica.send('SYNC');
    expect(node.replicas.list().map((r) => r.client)).toEqual([replica.client]);
    replica.client.closing = true;
    node.removeClient(replica.client);
    writer.send('SET', 'k', 'v');
    expect(replica.output()).toBe('');
    expect(node.replicas.list()).toEqual([]);
  });
});

describe('PSYNC', () => {
  it('answers an unknown history with +FULLRESYNC <replid> <offset> and the snapshot', () => {
    const { node, connect, writer } = setup();
    writer.send('SET', 'k', 'v');
    const replica = connect();
    const text = replica.send('PSYNC', '?', -1);
    const header = `+FULLRESYNC ${node.log.replid} ${node.log.offset}\r\n`;
    expect(text.startsWith(header)).toBe(true);
    splitPayload(text.slice(header.length));
  });

  it('continues from the backlog when the replication id matches and the offset is still held', () => {
    const { node, connect, writer } = setup();
    writer.send('SET', 'a', '1');
    const replicaHas = node.log.offset;
    writer.send('SET', 'b', '2');
    writer.send('DEL', 'a');
    const missed = node.log.backlog.readFrom(replicaHas)!.toString('latin1');
    const old = connect();
    expect(old.send('PSYNC', node.log.replid, replicaHas + 1)).toBe(`+CONTINUE\r\n${missed}`);
    const modern = connect();
    modern.send('REPLCONF', 'capa', 'eof', 'capa', 'psync2');
    expect(modern.send('PSYNC', node.log.replid, replicaHas + 1)).toBe(`+CONTINUE ${node.log.replid}\r\n${missed}`);
    writer.send('SET', 'c', '3');
    expect(commands(modern.output())).toEqual([['SET', 'c', '3']]);
  });

  it('falls back to a full resync for another history or an offset the backlog does not hold', () => {
    const { node, connect, writer } = setup();
    writer.send('SET', 'a', '1');
    const fullFor = (replid: string, offset: number) =>
      connect().send('PSYNC', replid, offset).startsWith(`+FULLRESYNC ${node.log.replid} `);
    expect(fullFor('0'.repeat(40), 1)).toBe(true);
    expect(fullFor(node.log.replid, node.log.offset + 2)).toBe(true);
    expect(fullFor(node.log.replid, node.log.offset + 1)).toBe(false);
  });

  it('refuses an offset that is not an integer, and FAILOVER on a primary', () => {
    const { connect } = setup();
    expect(connect().send('PSYNC', '?', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(connect().send('PSYNC', '?', -1, 'FAILOVER')).toBe("-ERR PSYNC FAILOVER can't be sent to a master.\r\n");
  });
});

describe('REPLCONF', () => {
  it('accepts the handshake options with +OK', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.send('REPLCONF', 'listening-port', 6380)).toBe('+OK\r\n');
    expect(c.send('REPLCONF', 'ip-address', '10.0.0.1', 'capa', 'eof', 'capa', 'psync2', 'capa', 'future')).toBe('+OK\r\n');
  });

  it('refuses odd option lists, bad values and unknown options with Redis texts', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.send('REPLCONF', 'capa')).toBe('-ERR syntax error\r\n');
    expect(c.send('REPLCONF', 'listening-port', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.send('REPLCONF', 'ip-address', 'h'.repeat(256))).toBe(
      '-ERR REPLCONF ip-address provided by replica instance is too long: 256 bytes\r\n',
    );
    expect(c.send('REPLCONF', 'rdb-only', 2)).toBe('-ERR value is out of range, value must between 0 and 1\r\n');
    expect(c.send('REPLCONF', 'rdb-filter-only', 'keys')).toBe('-ERR Unsupported rdb-filter-only option: keys\r\n');
    expect(c.send('REPLCONF', 'rdb-filter-only', '"open')).toBe('-ERR Missing rdb-filter-only values\r\n');
    expect(c.send('REPLCONF', 'Nope', 1)).toBe('-ERR Unrecognized REPLCONF option: Nope\r\n');
  });

  it('never replies to ACK and GETACK; ACK records the offset of an attached replica', () => {
    const { node, connect, writer } = setup();
    const replica = connect();
    expect(replica.send('REPLCONF', 'ACK', 10)).toBe('');
    replica.send('SYNC');
    writer.send('SET', 'k', 'v');
    replica.output();
    expect(replica.send('REPLCONF', 'ACK', node.log.offset)).toBe('');
    expect(replica.send('REPLCONF', 'GETACK', '*')).toBe('');
    expect(node.replicas.list()[0]!.ackOffset).toBe(node.log.offset);
  });

  it('capa eof with repl-diskless-sync gets the snapshot between EOF marks', () => {
    const { connect } = setup();
    const c = connect();
    c.send('REPLCONF', 'capa', 'eof');
    const text = c.send('SYNC');
    const match = /^\$EOF:([0-9a-f]{40})\r\n/.exec(text)!;
    expect(match).not.toBeNull();
    expect(text.endsWith(match[1]!)).toBe(true);
    expect(text.slice(match[0].length, match[0].length + 9)).toBe('REDIS0010');
  });

  it('a filtered snapshot needs capa eof and carries no keys', () => {
    const { connect, writer } = setup();
    writer.send('SET', 'secret', 'value');
    const plain = connect();
    plain.send('REPLCONF', 'rdb-filter-only', '');
    expect(plain.send('SYNC')).toBe('-ERR Filtered replica requires EOF capability\r\n');
    const eof = connect();
    eof.send('REPLCONF', 'capa', 'eof', 'rdb-filter-only', 'functions');
    const text = eof.send('SYNC');
    expect(text.startsWith('$EOF:')).toBe(true);
    expect(text.includes('secret')).toBe(false);
  });
});

describe('replication stream over TCP', () => {
  afterAll(() => stopAllNodeProcesses());

  it('serves attach_to_replication_stream: SYNC, the RDB, then the effects', async () => {
    const server = await startNodeProcess();
    const raw = await RawConnection.open(server.port);
    try {
      const cmd = server.client();
      await cmd.set('k', 'v');
      raw.send('SYNC\r\n');
      const text = await raw.waitFor((t) => {
        const m = /^\$(\d+)\r\n/.exec(t);
        return m !== null && t.length >= m[0].length + Number(m[1]);
      });
      const { rdb, rest } = splitPayload(text);
      expect(rest).toBe('');
      expect(rdb.includes(Buffer.from('\x01k\x01v', 'latin1'))).toBe(true);
      await cmd.multi().set('foo{t}', 'bar').get('foo{t}').set('foo2{t}', 'bar2').exec();
      await cmd.publish('bla', 'bla');
      const header = text.length;
      await raw.waitFor((t) => t.slice(header).includes('bla\r\n$3\r\nbla'));
      expect(commands(raw.text().slice(header))).toEqual([
        ['SELECT', '0'],
        ['MULTI'],
        ['set', 'foo{t}', 'bar'],
        ['set', 'foo2{t}', 'bar2'],
        ['EXEC'],
        ['publish', 'bla', 'bla'],
      ]);
    } finally {
      raw.close();
      await server.stop();
    }
  });

  it('closes an rdb-only connection after the snapshot', async () => {
    const server = await startNodeProcess();
    const raw = await RawConnection.open(server.port);
    try {
      // Like Redis, SYNC must not be pipelined behind a command whose reply is still unsent.
      raw.send('REPLCONF rdb-only 1\r\n');
      await raw.waitFor((t) => t === '+OK\r\n');
      raw.send('SYNC\r\n');
      await raw.waitForClose();
      const text = raw.text();
      expect(text.startsWith('+OK\r\n')).toBe(true);
      splitPayload(text.slice(5));
    } finally {
      raw.close();
      await server.stop();
    }
  });

  const redisServer = findTool('redis-server');
  it.skipIf(redisServer === null)('is followed by a real redis-server replica (PSYNC, RDB load, stream, ACKs)', async () => {
    const server = await startNodeProcess();
    const primary = server.client({ protocol: 2 });
    await primary.set('before', 'sync');
    await primary.set('ttl', 'v', 'EX', 3600);
    await primary.select(3);
    await primary.set('in-three', '3');
    const replica = await startRealRedis(redisServer!, ['--replicaof', '127.0.0.1', String(server.port)]);
    try {
      const r = replica.client;
      await waitFor(async () => (await r.info('replication')).includes('master_link_status:up'), 10_000, 'link up');
      expect(await r.get('before')).toBe('sync');
      expect(await r.pttl('ttl')).toBeGreaterThan(3_000_000);
      await primary.set('after', 'sync');
      await primary.multi().incr('counter').incr('counter').exec();
      await primary.select(0);
      await primary.del('before');
      await waitFor(async () => (await r.exists('before')) === 0, 5_000, 'the DEL to reach the replica');
      expect(await r.get('after')).toBe(null);
      await r.select(3);
      expect(await r.get('after')).toBe('sync');
      expect(await r.get('counter')).toBe('2');
      expect(await r.get('in-three')).toBe('3');
      // The replica acknowledges the primary's offset with REPLCONF ACK, which must not disturb the stream.
      const masterOffset = async () => /master_repl_offset:(\d+)/.exec(await primary.info('replication'))![1];
      await waitFor(
        async () => /slave_repl_offset:(\d+)/.exec(await r.info('replication'))![1] === (await masterOffset()),
        5_000,
        'equal offsets',
      );
      await primary.set('still', 'streaming');
      await r.select(0);
      await waitFor(async () => (await r.get('still')) === 'streaming', 5_000, 'a write after the ACKs');
    } finally {
      await replica.stop();
      await server.stop();
    }
  });
});

import { encodeCommand, ReplyParser } from '@understudy/resp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../packages/node/test/support/node-process.js';
import { RawConnection } from '../packages/node/test/support/raw-socket.js';
import { findTool, startRealRedis, type RealRedis } from '../packages/node/test/support/real-redis.js';

/**
 * The node's replies compared byte for byte with a real redis-server 7.0's, for command scripts whose replies
 * are deterministic. CI installs redis-server, so this runs there; without it the suite is skipped.
 */
const SCRIPTS: Record<string, string[][]> = {
  strings: [
    ['SET', 'a', 'hello'], ['GET', 'a'], ['APPEND', 'a', ' world'], ['STRLEN', 'a'], ['GETRANGE', 'a', '0', '-3'],
    ['SETRANGE', 'a', '20', 'x'], ['GET', 'a'], ['GET', 'nope'], ['SET', 'a', 'v', 'NX'], ['SET', 'a', 'v2', 'XX', 'GET'],
    ['SET', 'a', 'v', 'EX', '0'], ['SET', 'a', 'v', 'EX', 'x'], ['SET', 'a', 'v', 'NX', 'XX'], ['SET', 'a'],
    ['MSET', 'b', '1', 'c', '2'], ['MGET', 'a', 'b', 'c', 'nope'], ['MSETNX', 'b', '1', 'd', '2'], ['INCR', 'b'],
    ['INCRBY', 'b', '-10'], ['DECR', 'a'], ['INCRBYFLOAT', 'b', '1.5'], ['INCRBYFLOAT', 'b', '1e400'],
    ['INCR', 'big'], ['INCRBY', 'big', '9223372036854775806'], ['INCR', 'big'], ['GETDEL', 'c'], ['GETDEL', 'c'],
    ['SETNX', 'c', 'x'], ['SETNX', 'c', 'y'], ['GETSET', 'c', 'z'], ['SETEX', 'e', '-1', 'x'], ['PSETEX', 'e', '100000', 'x'],
    ['GETEX', 'e', 'PERSIST'], ['TTL', 'e'], ['LCS', 'a', 'c'], ['SETBIT', 'bits', '7', '1'], ['GETBIT', 'bits', '7'],
    ['BITCOUNT', 'bits'], ['BITPOS', 'bits', '1'], ['BITOP', 'NOT', 'nbits', 'bits'], ['GET', 'nbits'], ['SETBIT', 'bits', '-1', '1'],
  ],
  keys: [
    ['SET', 'k1', 'v'], ['SET', 'k2', 'v'], ['EXISTS', 'k1', 'k2', 'k3', 'k1'], ['TYPE', 'k1'], ['TYPE', 'nope'],
    ['RENAME', 'k1', 'k3'], ['RENAME', 'nope', 'x'], ['RENAMENX', 'k3', 'k2'], ['COPY', 'k2', 'k4'], ['COPY', 'k2', 'k4'],
    ['MOVE', 'k4', '1'], ['EXPIRE', 'k2', '100'], ['TTL', 'k2'], ['EXPIRE', 'k2', '50', 'GT'], ['EXPIRE', 'k2', '50', 'LT'],
    ['EXPIRE', 'k2', '50', 'NX', 'XX'], ['PERSIST', 'k2'], ['PTTL', 'k2'], ['EXPIRETIME', 'nope'], ['DEL', 'k2', 'k3', 'k9'],
    ['KEYS', '*'], ['DBSIZE'], ['OBJECT', 'ENCODING', 'k9'], ['SET', 'n', '123'], ['OBJECT', 'ENCODING', 'n'], ['UNLINK', 'n'],
    ['SELECT', '99'], ['SELECT', 'x'], ['FLUSHDB'], ['DBSIZE'],
  ],
  errors: [
    ['NOSUCHCOMMAND', 'a', 'b'], ['GET'], ['GET', 'a', 'b'], ['CONFIG', 'NOPE'], ['CONFIG', 'GET'], ['CLIENT', 'NOPE'],
    ['SET', 'x', 'str'], ['INCR', 'x'], ['SETBIT', 'x', '1', '2'], ['EXEC'], ['DISCARD'], ['MULTI'], ['MULTI'], ['SET', 'q', '1'],
    ['NOPE'], ['EXEC'], ['PING', 'a', 'b'], ['ECHO'], ['CONFIG', 'SET', 'maxmemory', 'lots'], ['CONFIG', 'SET', 'nope', '1'],
  ],
  transactions: [
    ['MULTI'], ['SET', 't', '1'], ['INCR', 't'], ['GET', 't'], ['EXEC'], ['MULTI'], ['EXEC'], ['WATCH', 't'], ['MULTI'],
    ['WATCH', 'x'], ['DISCARD'], ['UNWATCH'],
  ],
  pubsub: [['PUBLISH', 'ch', 'msg'], ['PUBSUB', 'NUMSUB', 'ch'], ['PUBSUB', 'NUMPAT'], ['PUBSUB', 'CHANNELS']],
};

const redisServer = findTool('redis-server');

/** Runs a script on a fresh connection and returns each reply's raw bytes. */
async function run(port: number, script: string[][], resp3: boolean): Promise<string[]> {
  const conn = await RawConnection.open(port);
  try {
    const replies: string[] = [];
    const commands = resp3 ? [['HELLO', '3'], ...script] : script;
    for (const command of commands) {
      const before = conn.text().length;
      conn.send(encodeCommand(command));
      await conn.waitFor((t) => {
        const parser = new ReplyParser();
        parser.feed(Buffer.from(t.slice(before), 'latin1'));
        return parser.next() !== undefined;
      });
      replies.push(conn.text().slice(before));
    }
    return resp3 ? replies.slice(1) : replies;
  } finally {
    conn.close();
  }
}

describe.skipIf(redisServer === null)('replies match redis-server 7.0 byte for byte', () => {
  let node: NodeProcess;
  let redis: RealRedis;
  beforeAll(async () => {
    [node, redis] = await Promise.all([startNodeProcess(), startRealRedis(redisServer!, [])]);
  });
  afterAll(async () => {
    await Promise.all([stopAllNodeProcesses(), redis?.stop()]);
  });

  for (const [name, script] of Object.entries(SCRIPTS)) {
    for (const resp3 of [false, true]) {
      it(`${name} (RESP${resp3 ? 3 : 2})`, async () => {
        for (const port of [node.port, redis.port]) await run(port, [['FLUSHALL']], false);
        const ours = await run(node.port, script, resp3);
        const theirs = await run(redis.port, script, resp3);
        const rows = script.map((command, i) => `${command.join(' ')} -> ${JSON.stringify(ours[i])}`);
        const expected = script.map((command, i) => `${command.join(' ')} -> ${JSON.stringify(theirs[i])}`);
        expect(rows).toEqual(expected);
      });
    }
  }
});

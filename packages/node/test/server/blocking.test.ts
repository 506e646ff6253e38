import { ReplyParser, RequestParser } from '@understudy/resp';
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import type { Client } from '../../src/server/client.js';
import type { NodeServer } from '../../src/server/node-server.js';
import { createInProcessNode, simplify } from '../support/in-process.js';
import { fakeTransport } from '../support/fake-transport.js';

/** A connection-like client of an in-process node: send commands, read the replies it has received so far. */
interface TestConnection {
  client: Client;
  send(...args: (string | number)[]): void;
  /** Replies received since the last call, simplified. */
  replies(): unknown[];
  /** Replies received since the last call, as the raw RESP text. */
  raw(): string;
  /** Sends one command and returns its single reply. */
  call(...args: (string | number)[]): unknown;
  resumed: number;
}

function connect(node: NodeServer): TestConnection {
  const connection: Partial<TestConnection> = { resumed: 0 };
  const transport = fakeTransport({
    resume() {
      connection.resumed!++;
    },
  });
  const client = node.createClient(transport);
  const parser = new ReplyParser();
  const replies = (): unknown[] => {
    for (const chunk of client.reply.take()) parser.feed(chunk);
    const out: unknown[] = [];
    for (let reply = parser.next(); reply !== undefined; reply = parser.next()) out.push(simplify(reply));
    return out;
  };
  const raw = (): string => Buffer.concat(client.reply.take()).toString('latin1');
  const send = (...args: (string | number)[]): void => {
    node.dispatcher.execute(client, args.map(String));
  };
  return Object.assign(connection, {
    client,
    send,
    replies,
    raw,
    call: (...args: (string | number)[]) => {
      send(...args);
      const out = replies();
      expect(out).toHaveLength(1);
      return out[0];
    },
  }) as TestConnection;
}

/** The in-process node's clock type, reading the real time: for the tests of the timer itself. */
class WallClock extends FakeClock {
  override now(): number {
    return Date.now();
  }
}

/** The effect log as commands (SELECTs included when asked). */
function effects(node: NodeServer, withSelect = false): string[][] {
  const parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
  parser.feed(node.log.backlog.readFrom(0) ?? Buffer.alloc(0));
  const out: string[][] = [];
  for (let args = parser.next(); args !== null; args = parser.next()) {
    if (withSelect || args[0] !== 'SELECT') out.push(args);
  }
  return out;
}

interface Setup {
  node: NodeServer;
  /** Moves the fake clock and runs the node's tick. */
  tick: (ms: number) => void;
  a: TestConnection;
  b: TestConnection;
  c: TestConnection;
}

function setup(): Setup {
  const { node, clock } = createInProcessNode();
  return {
    node,
    tick: (ms) => {
      clock.advance(ms);
      node.tick();
    },
    a: connect(node),
    b: connect(node),
    c: connect(node),
  };
}

describe('blocking pops', () => {
  it('BLPOP waits, is served by a later push, and logs the plain pop', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    expect(a.replies()).toEqual([]);
    expect(a.client.blocked).toBe(true);
    expect(b.call('RPUSH', 'q', 'x')).toBe(1);
    expect(a.replies()).toEqual([['q', 'x']]);
    expect(a.client.blocked).toBe(false);
    expect(b.call('EXISTS', 'q')).toBe(0);
    expect(effects(node)).toEqual([['RPUSH', 'q', 'x'], ['LPOP', 'q']]);
  });

  it('serves at once when a list exists (BRPOP logs RPOP)', () => {
    const { node, a } = setup();
    a.call('RPUSH', 'q', 'x', 'y');
    expect(a.call('BRPOP', 'none', 'q', 0)).toEqual(['q', 'y']);
    expect(effects(node)).toEqual([['RPUSH', 'q', 'x', 'y'], ['RPOP', 'q']]);
  });

  it('serves clients in the order they blocked, one element each', () => {
    const { node, a, b, c } = setup();
    const d = connect(node);
    a.send('BLPOP', 'q', 0);
    b.send('BRPOP', 'q', 0);
    c.send('BLPOP', 'other', 'q', 0);
    d.call('RPUSH', 'q', '1', '2');
    expect(a.replies()).toEqual([['q', '1']]);
    expect(b.replies()).toEqual([['q', '2']]);
    expect(c.replies()).toEqual([]);
    expect(node.blocking.count).toBe(1);
    d.call('RPUSH', 'other', 'o');
    expect(c.replies()).toEqual([['other', 'o']]);
  });

  it('serves after EXEC, from what the transaction left', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    b.call('MULTI');
    b.call('RPUSH', 'q', 'x', 'y');
    b.call('LPOP', 'q');
    expect(a.replies()).toEqual([]);
    expect(b.call('EXEC')).toEqual([2, 'x']);
    expect(a.replies()).toEqual([['q', 'y']]);
    expect(effects(node)).toEqual([['MULTI'], ['RPUSH', 'q', 'x', 'y'], ['LPOP', 'q'], ['EXEC'], ['LPOP', 'q']]);
  });

  it('stays blocked when the key is gone again by the end of the transaction (expired or deleted)', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    b.call('MULTI');
    b.call('RPUSH', 'q', 'x');
    b.call('PEXPIREAT', 'q', 1);
    expect(b.call('EXEC')).toEqual([1, 1]);
    expect(a.replies()).toEqual([]);
    expect(node.blocking.count).toBe(1);
    b.call('RPUSH', 'q', 'y');
    expect(a.replies()).toEqual([['q', 'y']]);
  });

  it('does not block inside MULTI: null at once', () => {
    const { a } = setup();
    a.call('MULTI');
    a.call('BLPOP', 'q', 0);
    a.call('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', 0);
    a.call('BLMPOP', 0, 1, 'q', 'LEFT');
    expect(a.call('EXEC')).toEqual([null, null, null]);
    expect(a.client.blocked).toBe(false);
  });

  it('BLMPOP served later replies [key, elements] and logs LPOP/RPOP key count', () => {
    const { node, a, b } = setup();
    a.send('BLMPOP', 0, 2, 'q1', 'q2', 'RIGHT', 'COUNT', 5);
    b.call('RPUSH', 'q2', 'a', 'b', 'c');
    expect(a.replies()).toEqual([['q2', ['c', 'b', 'a']]]);
    expect(effects(node)).toEqual([['RPUSH', 'q2', 'a', 'b', 'c'], ['RPOP', 'q2', '3']]);
  });

  it('a key signalled while of another type leaves the client waiting', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    b.call('SET', 'q', 'string');
    expect(a.replies()).toEqual([]);
    expect(node.blocking.count).toBe(1);
    b.call('DEL', 'q');
    b.call('LPUSH', 'q', 'v');
    expect(a.replies()).toEqual([['q', 'v']]);
  });

  it('wakes up on keys created by RENAME, MOVE and COPY', () => {
    const { a, b } = setup();
    a.send('BLPOP', 'q', 0);
    b.call('RPUSH', 'tmp', 'r');
    b.call('RENAME', 'tmp', 'q');
    expect(a.replies()).toEqual([['q', 'r']]);

    a.send('BLPOP', 'q', 0);
    b.call('SELECT', 1);
    b.call('RPUSH', 'q', 'm');
    b.call('MOVE', 'q', 0);
    expect(a.replies()).toEqual([['q', 'm']]);

    a.send('BLPOP', 'q', 0);
    b.call('RPUSH', 'src', 'c');
    b.call('COPY', 'src', 'q', 'DB', 0);
    expect(a.replies()).toEqual([['q', 'c']]);
  });

  it('signalDatabase serves waiters after a whole-database change (the SWAPDB hook)', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    b.call('SELECT', 1);
    b.call('RPUSH', 'q', 'swapped');
    node.keyspace.db(0).swapWith(node.keyspace.db(1));
    expect(a.replies()).toEqual([]);
    node.blocking.signalDatabase(0);
    node.blocking.signalDatabase(1);
    node.blocking.serveReady();
    expect(a.replies()).toEqual([['q', 'swapped']]);
  });

  it('shows the b flag in CLIENT LIST while blocked', () => {
    const { a, b } = setup();
    a.send('BLPOP', 'q', 0);
    const line = String(b.call('CLIENT', 'LIST')).split('\n').find((l) => l.includes(`id=${a.client.id} `))!;
    expect(line).toContain(' flags=b ');
    expect(line).toContain(' cmd=blpop ');
  });

  it('logs the served pop in the blocked client\'s database', () => {
    const { node, a, b } = setup();
    a.call('SELECT', 3);
    a.send('BLPOP', 'q', 0);
    b.call('SELECT', 3);
    b.call('RPUSH', 'q', 'x');
    expect(a.replies()).toEqual([['q', 'x']]);
    expect(effects(node, true)).toEqual([['SELECT', '3'], ['RPUSH', 'q', 'x'], ['LPOP', 'q']]);
  });
});

describe('blocking moves', () => {
  it('BLMOVE served later moves the element and logs LMOVE; BRPOPLPUSH logs RPOPLPUSH', () => {
    const { node, a, b } = setup();
    a.send('BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', 0);
    b.call('RPUSH', 'src', 'x', 'y');
    expect(a.replies()).toEqual(['y']);
    a.send('BRPOPLPUSH', 'empty', 'dst', 0);
    b.call('RPUSH', 'empty', 'z');
    expect(a.replies()).toEqual(['z']);
    expect(b.call('LRANGE', 'dst', 0, -1)).toEqual(['z', 'y']);
    expect(effects(node)).toEqual([
      ['RPUSH', 'src', 'x', 'y'],
      ['LMOVE', 'src', 'dst', 'RIGHT', 'LEFT'],
      ['RPUSH', 'empty', 'z'],
      ['RPOPLPUSH', 'empty', 'dst'],
    ]);
  });

  it('a chain: a BLMOVE destination serves the client blocked on it', () => {
    const { a, b, c } = setup();
    a.send('BLMOVE', 'first', 'second', 'LEFT', 'LEFT', 0);
    b.send('BLPOP', 'second', 0);
    c.call('RPUSH', 'first', 'v');
    expect(a.replies()).toEqual(['v']);
    expect(b.replies()).toEqual([['second', 'v']]);
    expect(c.call('EXISTS', 'first', 'second')).toBe(0);
  });

  it('a destination of the wrong type answers WRONGTYPE when served and pops nothing', () => {
    const { node, a, b } = setup();
    a.send('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', 0);
    b.call('SET', 'dst', 'string');
    b.call('RPUSH', 'src', 'x');
    expect(a.replies()).toEqual([new Error('WRONGTYPE Operation against a key holding the wrong kind of value')]);
    expect(b.call('LRANGE', 'src', 0, -1)).toEqual(['x']);
    expect(node.blocking.count).toBe(0);
  });
});

describe('timeouts, unblocking and disconnection', () => {
  it('parses timeouts as doubles, with Redis errors', () => {
    const { a } = setup();
    expect(a.call('BLPOP', 'q', 'abc')).toEqual(new Error('ERR timeout is not a float or out of range'));
    expect(a.call('BLPOP', 'q', -1)).toEqual(new Error('ERR timeout is negative'));
    expect(a.call('BRPOPLPUSH', 'q', 'd', '-0.5')).toEqual(new Error('ERR timeout is negative'));
    expect(a.call('BLMPOP', 'x', 1, 'q', 'LEFT')).toEqual(new Error('ERR timeout is not a float or out of range'));
    expect(a.call('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', 'inf')).toEqual(new Error('ERR timeout is negative'));
    expect(a.call('BLPOP', 'q', '1e16')).toEqual(new Error('ERR timeout is negative')); // past int64 ms
    expect(a.call('BLPOP', 'q', ' 1')).toEqual(new Error('ERR timeout is not a float or out of range'));
    expect(a.call('BLPOP', 'q', 'nan')).toEqual(new Error('ERR timeout is not a float or out of range'));
    expect(a.client.blocked).toBe(false);
  });

  it('computes the deadline as Redis does in long double: 1.1 s is 1100 ms, not 1101', () => {
    const { tick, a } = setup();
    a.send('BLPOP', 'q', '1.1');
    tick(1099);
    expect(a.replies()).toEqual([]);
    tick(1);
    expect(a.replies()).toEqual([null]);
    a.send('BLPOP', 'q', '0x1p-3'); // strtold reads hex floats: 0.125 s
    tick(125);
    expect(a.replies()).toEqual([null]);
  });

  it('times out on the node clock with a null array, BLMOVE too (a null bulk only inside MULTI)', () => {
    const { node, tick, a, b } = setup();
    a.send('BLPOP', 'q', 1.5);
    b.send('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', 0.0001);
    tick(1);
    expect(b.raw()).toBe('*-1\r\n');
    b.call('MULTI');
    b.call('BRPOPLPUSH', 'q', 'd', 1);
    b.send('EXEC');
    expect(b.raw()).toBe('*1\r\n$-1\r\n');
    tick(1497);
    expect(a.replies()).toEqual([]);
    expect(node.blocking.timedCount).toBe(1);
    tick(2);
    expect(a.replies()).toEqual([null]);
    expect(node.blocking.count).toBe(0);
    expect(node.blocking.timedCount).toBe(0);
  });

  it('times out with no traffic and no tick: the timer wakes the node', async () => {
    const { node } = createInProcessNode([], new WallClock());
    const a = connect(node);
    a.send('BLPOP', 'q', 0.05);
    expect(a.client.blocked).toBe(true);
    await vi.waitFor(() => expect(a.client.blocked).toBe(false), { timeout: 2000, interval: 5 });
    expect(a.replies()).toEqual([null]);
  });

  it('arms no overflowing timer for a deadline years away (setTimeout would fire at once, in a loop)', () => {
    const { node } = createInProcessNode([], new WallClock());
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const a = connect(node);
      a.send('BLPOP', 'q', 1e8);
      expect(a.client.blocked).toBe(true);
      expect(warn).not.toHaveBeenCalled();
      node.blocking.cancel(a.client, false);
    } finally {
      warn.mockRestore();
    }
  });

  it('CLIENT UNBLOCK answers the timeout reply or the UNBLOCKED error', () => {
    const { node, a, b } = setup();
    a.send('BLPOP', 'q', 0);
    expect(b.call('CLIENT', 'UNBLOCK', a.client.id)).toBe(1);
    expect(a.replies()).toEqual([null]);
    expect(b.call('CLIENT', 'UNBLOCK', a.client.id)).toBe(0);
    a.send('BRPOP', 'q', 0);
    expect(b.call('CLIENT', 'UNBLOCK', a.client.id, 'ERROR')).toBe(1);
    expect(a.replies()).toEqual([new Error('UNBLOCKED client unblocked via CLIENT UNBLOCK')]);
    expect(b.call('CLIENT', 'UNBLOCK', a.client.id, 'SOON')).toEqual(
      new Error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'),
    );
    expect(b.call('CLIENT', 'UNBLOCK', 'x')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(b.call('CLIENT', 'UNBLOCK', 999)).toBe(0);
    expect(node.blocking.count).toBe(0);
  });

  it('forgets a client that disconnects while blocked', () => {
    const { node, a, b, c } = setup();
    a.send('BLPOP', 'q', 0);
    b.send('BLPOP', 'q', 0);
    node.removeClient(a.client);
    expect(node.blocking.count).toBe(1);
    c.call('RPUSH', 'q', 'x');
    expect(b.replies()).toEqual([['q', 'x']]);
    expect(a.replies()).toEqual([]);
  });

  it('counts blocked clients in INFO clients and resumes each connection after serving it', async () => {
    const { a, b, c } = setup();
    a.send('BLPOP', 'q', 0);
    b.send('BLPOP', 'q', 10);
    const info = String(c.call('INFO', 'clients'));
    expect(info).toContain('blocked_clients:2');
    expect(info).toContain('clients_in_timeout_table:1');
    c.call('RPUSH', 'q', 'x', 'y');
    expect(String(c.call('INFO', 'clients'))).toContain('blocked_clients:0');
    await vi.waitFor(() => expect([a.resumed, b.resumed]).toEqual([1, 1]));
  });
});

import { ReplyParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { NodeServer } from '../../src/server/node-server.js';
import { simplify } from '../support/in-process.js';
import { fakeTransport } from '../support/fake-transport.js';

/** A node with connections that read their replies and pushes in the order they were written. */
function setup(config: [string, string][] = []) {
  const store = new ConfigStore({ tls: false });
  if (config.length > 0) expect(store.set(config)).toBeNull();
  const clock = new FakeClock();
  const node = new NodeServer(store, clock);
  const connect = () => {
    const client = node.createClient(fakeTransport({ fd: 9 }));
    const parser = new ReplyParser();
    /** Everything written to this connection since the last read (replies and pushes), simplified. */
    const read = (): unknown[] => {
      for (const chunk of client.reply.take()) parser.feed(chunk);
      const values: unknown[] = [];
      for (let v = parser.next(); v !== undefined; v = parser.next()) values.push(simplify(v));
      return values;
    };
    const send = (...args: (string | number)[]): unknown[] => {
      node.dispatcher.execute(client, args.map(String));
      return read();
    };
    return { client, read, send };
  };
  /** BCAST invalidations go out once per event-loop turn (Redis's beforeSleep). */
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { node, clock, connect, nextTurn };
}

const info = (node: NodeServer) => ({
  clients: node.tracking.states.size,
  keys: node.tracking.totalKeys,
  items: node.tracking.totalItems,
  prefixes: node.tracking.totalPrefixes,
});

describe('CLIENT TRACKING default mode', () => {
  it('RESP3: one invalidation push per read key, after the writer changes it, then the key is forgotten', () => {
    const { connect } = setup();
    const reader = connect();
    const writer = connect();
    reader.send('HELLO', 3);
    expect(reader.send('CLIENT', 'TRACKING', 'on')).toEqual(['OK']);
    writer.send('SET', 'a', '1');
    expect(reader.send('GET', 'a')).toEqual(['1']);
    writer.send('SET', 'a', '2');
    expect(reader.read()).toEqual([['invalidate', ['a']]]);
    writer.send('SET', 'a', '3');
    expect(reader.read()).toEqual([]);
  });

  it('remembers keys by the key positions of read-only commands only', () => {
    const { node, connect } = setup();
    const reader = connect();
    reader.send('HELLO', 3);
    reader.send('CLIENT', 'TRACKING', 'on');
    reader.send('MGET', 'x', 'y', 'x');
    reader.send('SET', 'w', '1');
    expect(info(node)).toEqual({ clients: 1, keys: 2, items: 2, prefixes: 0 });
  });

  it("sends the running client's own invalidations after its reply, and after the whole EXEC", () => {
    const { connect } = setup();
    const c = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on');
    c.send('HSET', 'h', 'f', '1');
    c.send('HGET', 'h', 'f');
    expect(c.send('HDEL', 'h', 'f')).toEqual([1, ['invalidate', ['h']]]);
    c.send('MSET', 'a', '1', 'b', '2');
    c.send('GET', 'a');
    c.send('MULTI');
    c.send('INCR', 'a');
    c.send('GET', 'b');
    expect(c.send('EXEC')).toEqual([[2, '2'], ['invalidate', ['a']]]);
  });

  it('NOLOOP: no invalidation for the client own writes', () => {
    const { connect } = setup();
    const c = connect();
    const other = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    c.send('GET', 'k');
    expect(c.send('SET', 'k', '1')).toEqual(['OK']);
    c.send('GET', 'k');
    other.send('SET', 'k', '2');
    expect(c.read()).toEqual([['invalidate', ['k']]]);
  });

  it('invalidates expired keys, lazily or by the active cycle', () => {
    const { clock, connect, node } = setup();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on');
    w.send('SET', 'e', '1', 'PX', 100);
    c.send('GET', 'e');
    clock.advance(200);
    node.tick();
    expect(c.read()).toEqual([['invalidate', ['e']]]);
    // Lazy expiry during the client's own read: after its reply.
    node.activeExpireEnabled = false;
    w.send('SET', 'f', '1', 'PX', 100);
    c.send('GET', 'f');
    clock.advance(200);
    expect(c.send('GET', 'f')).toEqual([null, ['invalidate', ['f']]]);
  });

  it('FLUSHALL / FLUSHDB: a null invalidation to every tracking client, the table emptied', () => {
    const { node, connect } = setup();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on');
    c.send('GET', 'a');
    c.send('GET', 'b');
    w.send('FLUSHALL', 'ASYNC');
    expect(c.read()).toEqual([['invalidate', null]]);
    expect(info(node).keys).toBe(0);
    c.send('GET', 'a');
    c.send('MULTI');
    c.send('FLUSHDB');
    expect(c.send('EXEC')).toEqual([['OK'], ['invalidate', null]]);
  });
});

describe('CLIENT TRACKING REDIRECT', () => {
  it('RESP2: invalidations arrive on __redis__:invalidate of the redirect client', () => {
    const { node, connect } = setup();
    const sub = connect();
    const c = connect();
    const w = connect();
    sub.send('SUBSCRIBE', '__redis__:invalidate');
    c.send('CLIENT', 'TRACKING', 'on', 'REDIRECT', sub.client.id);
    expect(c.send('CLIENT', 'GETREDIR')).toEqual([sub.client.id]);
    w.send('SET', 'k', '1');
    c.send('GET', 'k');
    w.send('SET', 'k', '2');
    expect(sub.read()).toEqual([['message', '__redis__:invalidate', ['k']]]);
    c.send('GET', 'k');
    w.send('FLUSHALL');
    expect(sub.read()).toEqual([['message', '__redis__:invalidate', null]]);
    expect(info(node).keys).toBe(0);
  });

  it('a gone redirect client: tracking-redir-broken push (RESP3), R flag and broken_redirect', () => {
    const { node, connect } = setup();
    const target = connect();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on', 'REDIRECT', target.client.id);
    c.send('GET', 'k');
    node.removeClient(target.client);
    w.send('SET', 'k', '1');
    expect(c.read()).toEqual([['tracking-redir-broken', target.client.id]]);
    expect(c.send('CLIENT', 'TRACKINGINFO')).toEqual([
      [['flags', ['on', 'broken_redirect']], ['redirect', target.client.id], ['prefixes', []]],
    ]);
    expect(String(c.send('CLIENT', 'INFO')[0])).toMatch(/ flags=tR .* redir=\d+ resp=3/);
  });

  it('refuses a missing target and a second REDIRECT', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.send('CLIENT', 'TRACKING', 'on', 'REDIRECT', 9999)).toEqual([
      new Error('ERR The client ID you want redirect to does not exist'),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'REDIRECT', c.client.id, 'REDIRECT', c.client.id)).toEqual([
      new Error('ERR A client can only redirect to a single other client'),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'REDIRECT', 'x')).toEqual([
      new Error('ERR value is not an integer or out of range'),
    ]);
  });
});

describe('CLIENT TRACKING BCAST', () => {
  it('broadcasts changed keys matching the prefixes once per event-loop turn', async () => {
    const { node, connect, nextTurn } = setup();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a:', 'PREFIX', 'b:');
    w.send('MSET', 'b:2', '1', 'a:1', '1', 'c:1', '1');
    w.send('SET', 'a:1', '2');
    expect(c.read()).toEqual([]);
    await nextTurn();
    expect(c.read()).toEqual([['invalidate', ['a:1']], ['invalidate', ['b:2']]]);
    expect(info(node)).toEqual({ clients: 1, keys: 0, items: 0, prefixes: 2 });
    expect(String(c.send('CLIENT', 'INFO')[0])).toMatch(/ flags=tB /);
  });

  it('NOLOOP leaves out the keys the client changed itself', async () => {
    const { connect, nextTurn } = setup();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'NOLOOP');
    c.send('SET', 'mine', '1');
    w.send('SET', 'theirs', '1');
    await nextTurn();
    expect(c.read()).toEqual([['invalidate', ['theirs']]]);
  });

  it('checks options and prefix overlaps with the exact errors', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.send('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a')).toEqual([
      new Error('ERR PREFIX option requires BCAST mode to be enabled'),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN')).toEqual([
      new Error('ERR OPTIN and OPTOUT are not compatible with BCAST'),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT')).toEqual([
      new Error("ERR You can't specify both OPTIN mode and OPTOUT mode"),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FOO', 'PREFIX', 'FOOBAR')).toEqual([
      new Error("ERR Prefix 'FOO' overlaps with another provided prefix 'FOOBAR'. Prefixes for a single client must not overlap."),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'BAR')).toEqual(['OK']);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'BA')).toEqual([
      new Error("ERR Prefix 'BA' overlaps with an existing prefix 'BAR'. Prefixes for a single client must not overlap."),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'on')).toEqual([
      new Error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."),
    ]);
    expect(c.send('CLIENT', 'TRACKING', 'maybe')).toEqual([new Error('ERR syntax error')]);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'WHAT')).toEqual([new Error('ERR syntax error')]);
  });
});

describe('OPTIN / OPTOUT and CLIENT CACHING', () => {
  it('OPTIN tracks only the command after CACHING YES; OPTOUT all but the one after CACHING NO', () => {
    const { node, connect } = setup();
    const c = connect();
    c.send('CLIENT', 'TRACKING', 'on', 'OPTIN');
    c.send('GET', 'a');
    expect(info(node).keys).toBe(0);
    expect(c.send('CLIENT', 'CACHING', 'yes')).toEqual(['OK']);
    expect(c.send('CLIENT', 'TRACKINGINFO')).toEqual([['flags', ['on', 'optin', 'caching-yes'], 'redirect', 0, 'prefixes', []]]);
    c.send('GET', 'b');
    c.send('GET', 'c');
    expect(info(node).keys).toBe(1);
    expect(c.send('CLIENT', 'CACHING', 'no')).toEqual([
      new Error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTIN mode.'.replace('OPTIN', 'OPTOUT')),
    ]);
    c.send('CLIENT', 'TRACKING', 'off');
    c.send('CLIENT', 'TRACKING', 'on', 'OPTOUT');
    c.send('CLIENT', 'CACHING', 'no');
    c.send('GET', 'd');
    c.send('GET', 'e');
    expect(info(node).keys).toBe(2);
    expect(c.send('CLIENT', 'TRACKING', 'on', 'OPTIN')).toEqual([
      new Error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."),
    ]);
  });

  it('CLIENT CACHING needs tracking', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.send('CLIENT', 'CACHING', 'yes')).toEqual([
      new Error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled'),
    ]);
    c.send('CLIENT', 'TRACKING', 'on');
    expect(c.send('CLIENT', 'CACHING', 'yes')).toEqual([
      new Error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.'),
    ]);
  });
});

describe('tracking state', () => {
  it('enter/leave hold the invalidations of the client being served until it has replied', () => {
    const { node, connect } = setup();
    const c = connect();
    const w = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on');
    c.send('GET', 'k');
    // What a served blocked command does (blocking.ts runAs): its own changes wait for its reply.
    node.tracking.enter(c.client);
    w.send('SET', 'k', '1');
    c.client.reply.bulk('served');
    node.tracking.leave(c.client);
    expect(c.read()).toEqual(['served', ['invalidate', ['k']]]);
  });

  it('tracking-table-max-keys evicts tracked keys with their invalidations', () => {
    const { node, connect } = setup();
    const c = connect();
    c.send('HELLO', 3);
    c.send('CLIENT', 'TRACKING', 'on');
    c.send('MGET', 'k1', 'k2', 'k3');
    c.send('CONFIG', 'SET', 'tracking-table-max-keys', 1);
    node.tick();
    expect(c.read()).toEqual([['invalidate', ['k1']], ['invalidate', ['k2']]]);
    expect(info(node).keys).toBe(1);
  });

  it('RESET and disconnection turn tracking off; TRACKINGINFO / GETREDIR when off', () => {
    const { node, connect } = setup();
    const c = connect();
    c.send('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'p');
    expect(c.send('RESET')).toEqual(['RESET']);
    expect(info(node)).toEqual({ clients: 0, keys: 0, items: 0, prefixes: 0 });
    expect(String(c.send('CLIENT', 'INFO')[0])).toMatch(/ flags=N .* redir=-1 /);
    expect(c.send('CLIENT', 'GETREDIR')).toEqual([-1]);
    expect(c.send('CLIENT', 'TRACKINGINFO')).toEqual([['flags', ['off'], 'redirect', -1, 'prefixes', []]]);
    c.send('CLIENT', 'TRACKING', 'on', 'BCAST');
    node.removeClient(c.client);
    expect(info(node)).toEqual({ clients: 0, keys: 0, items: 0, prefixes: 0 });
  });
});

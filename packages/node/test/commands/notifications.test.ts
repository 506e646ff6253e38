import { ReplyParser } from '@understudy/resp';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { NodeServer } from '../../src/server/node-server.js';
import { simplify } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from '../support/node-process.js';

/**
 * Keyspace notifications end to end: CONFIG SET notify-keyspace-events, a subscriber on __keyspace@<db>__ /
 * __keyevent@<db>__ channels, and the events commands and expiry emit.
 */
function setup(events: string) {
  const clock = new FakeClock();
  const node = new NodeServer(new ConfigStore(), clock);
  const connect = () => {
    const client = node.createClient(null);
    const parser = new ReplyParser();
    const read = (): unknown[] => {
      for (const chunk of client.reply.take()) parser.feed(chunk);
      const values: unknown[] = [];
      for (let v = parser.next(); v !== undefined; v = parser.next()) values.push(simplify(v));
      return values;
    };
    const call = (...args: (string | number)[]): unknown => {
      node.dispatcher.execute(client, args.map(String));
      return read()[0];
    };
    return { client, read, call };
  };
  const writer = connect();
  expect(writer.call('CONFIG', 'SET', 'notify-keyspace-events', events)).toBe('OK');
  const listener = connect();
  expect(listener.call('PSUBSCRIBE', '__key*__:*')).toEqual(['psubscribe', '__key*__:*', 1]);
  /** The (channel, message) pairs the listener received since the last call. */
  const received = (): [string, string][] =>
    listener.read().map((m) => {
      const [kind, , channel, message] = m as string[];
      expect(kind).toBe('pmessage');
      return [channel!, message!];
    });
  return { node, clock, writer, received };
}

describe('keyspace notifications', () => {
  it('publishes keyspace and keyevent messages for SET, EXPIRE and DEL', () => {
    const { writer, received } = setup('KEA');
    writer.call('SET', 'foo', 'bar');
    writer.call('EXPIRE', 'foo', 100);
    writer.call('DEL', 'foo');
    expect(received()).toEqual([
      ['__keyspace@0__:foo', 'set'],
      ['__keyevent@0__:set', 'foo'],
      ['__keyspace@0__:foo', 'expire'],
      ['__keyevent@0__:expire', 'foo'],
      ['__keyspace@0__:foo', 'del'],
      ['__keyevent@0__:del', 'foo'],
    ]);
  });

  it('names the database of the key in the channel', () => {
    const { writer, received } = setup('KA');
    writer.call('SELECT', 9);
    writer.call('SET', 'foo', 'bar');
    expect(received()).toEqual([['__keyspace@9__:foo', 'set']]);
  });

  it('publishes only the classes asked for (K/E choose the channel kind)', () => {
    const { writer, received } = setup('Eg');
    writer.call('SET', 'foo', 'bar');
    writer.call('EXPIRE', 'foo', 100);
    writer.call('DEL', 'foo', 'missing');
    expect(received()).toEqual([
      ['__keyevent@0__:expire', 'foo'],
      ['__keyevent@0__:del', 'foo'],
    ]);
  });

  it('publishes nothing when notify-keyspace-events is empty (the default)', () => {
    const { writer, received } = setup('');
    writer.call('SET', 'foo', 'bar');
    writer.call('DEL', 'foo');
    expect(received()).toEqual([]);
  });

  it('publishes "del" for an EXPIRE in the past, which deletes the key', () => {
    const { writer, received } = setup('Eg');
    writer.call('SET', 'foo', 'bar');
    writer.call('EXPIRE', 'foo', -1);
    expect(received()).toEqual([['__keyevent@0__:del', 'foo']]);
  });

  it('publishes "expired" when a key is found expired on access (lazy expiry)', () => {
    const { node, clock, writer, received } = setup('Ex');
    node.activeExpireEnabled = false;
    writer.call('PSETEX', 'foo', 100, 1);
    clock.advance(101);
    expect(received()).toEqual([]);
    expect(writer.call('EXISTS', 'foo')).toBe(0);
    expect(received()).toEqual([['__keyevent@0__:expired', 'foo']]);
  });

  it('publishes "expired" when the active cycle deletes a key', () => {
    const { node, clock, writer, received } = setup('Ex');
    writer.call('PSETEX', 'foo', 100, 1);
    clock.advance(101);
    node.tick();
    expect(received()).toEqual([['__keyevent@0__:expired', 'foo']]);
  });

  it('publishes "keymiss" only when asked for by name (m is not part of A)', () => {
    const missAll = setup('KEA');
    missAll.writer.call('GET', 'nothing');
    expect(missAll.received()).toEqual([]);
    const miss = setup('Em');
    miss.writer.call('GET', 'nothing');
    expect(miss.received()).toEqual([['__keyevent@0__:keymiss', 'nothing']]);
  });

  it('publishes "new" when a key is created, not when it is overwritten', () => {
    const { writer, received } = setup('En');
    writer.call('SET', 'foo', 'bar');
    writer.call('SET', 'foo', 'baz');
    writer.call('SET', 'bar', 'bar');
    expect(received()).toEqual([
      ['__keyevent@0__:new', 'foo'],
      ['__keyevent@0__:new', 'bar'],
    ]);
  });
});

describe('keyspace notifications over TCP', () => {
  afterAll(() => stopAllNodeProcesses());

  it('reach an ioredis subscriber, including expiry by the active cycle', async () => {
    const server = await startNodeProcess();
    try {
      const sub = server.client({ protocol: 2 });
      const cmd = server.client({ protocol: 2 });
      const events: string[] = [];
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => events.push(`${channel} ${message}`));
      await cmd.config('SET', 'notify-keyspace-events', 'KEA');
      await sub.psubscribe('__key*@0__:*');
      await cmd.set('foo', 'bar');
      await cmd.del('foo');
      await cmd.psetex('short', 50, 'v');
      await waitFor(() => events.includes('__keyevent@0__:expired short'), 5_000, 'the expired event');
      expect(events).toEqual([
        '__keyspace@0__:foo set',
        '__keyevent@0__:set foo',
        '__keyspace@0__:foo del',
        '__keyevent@0__:del foo',
        '__keyspace@0__:short set',
        '__keyevent@0__:set short',
        '__keyspace@0__:short expire',
        '__keyevent@0__:expire short',
        '__keyspace@0__:short expired',
        '__keyevent@0__:expired short',
      ]);
    } finally {
      await server.stop();
    }
  });
});

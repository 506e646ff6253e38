import { ReplyParser, type RespValue } from '@understudy/resp';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { NodeServer } from '../../src/server/node-server.js';
import { simplify } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

/** A node with any number of internal clients, each reading its own replies (and pushed messages). */
function setup() {
  const node = new NodeServer(new ConfigStore(), new FakeClock());
  const connect = () => {
    const client = node.createClient(null);
    const parser = new ReplyParser();
    /** Everything written to this client since the last read, decoded. */
    const read = (): RespValue[] => {
      for (const chunk of client.reply.take()) parser.feed(chunk);
      const values: RespValue[] = [];
      for (let v = parser.next(); v !== undefined; v = parser.next()) values.push(v);
      return values;
    };
    const raw = (): string => Buffer.concat(client.reply.take()).toString('latin1');
    const send = (...args: (string | number)[]): RespValue[] => {
      node.dispatcher.execute(client, args.map(String));
      return read();
    };
    return { client, read, raw, send, call: (...args: (string | number)[]) => send(...args).map(simplify) };
  };
  return { node, connect };
}

describe('SUBSCRIBE / UNSUBSCRIBE / PUBLISH', () => {
  it('confirms every channel with the running count, duplicates included', () => {
    const { connect } = setup();
    const sub = connect();
    expect(sub.call('SUBSCRIBE', 'a', 'b', 'a')).toEqual([
      ['subscribe', 'a', 1],
      ['subscribe', 'b', 2],
      ['subscribe', 'a', 2],
    ]);
  });

  it('delivers messages and replies the number of receivers', () => {
    const { connect } = setup();
    const sub1 = connect();
    const sub2 = connect();
    const pub = connect();
    sub1.send('SUBSCRIBE', 'chan1', 'chan2');
    sub2.send('SUBSCRIBE', 'chan1');
    expect(pub.call('PUBLISH', 'chan1', 'hello')).toEqual([2]);
    expect(pub.call('PUBLISH', 'chan2', 'world')).toEqual([1]);
    expect(pub.call('PUBLISH', 'nobody', 'x')).toEqual([0]);
    expect(sub1.read().map(simplify)).toEqual([
      ['message', 'chan1', 'hello'],
      ['message', 'chan2', 'world'],
    ]);
    expect(sub2.read().map(simplify)).toEqual([['message', 'chan1', 'hello']]);
  });

  it('unsubscribes from the named channels, or from all of them without arguments', () => {
    const { connect } = setup();
    const sub = connect();
    const pub = connect();
    sub.send('SUBSCRIBE', 'c1', 'c2', 'c3');
    expect(sub.call('UNSUBSCRIBE', 'c2', 'nope')).toEqual([
      ['unsubscribe', 'c2', 2],
      ['unsubscribe', 'nope', 2],
    ]);
    expect(sub.call('UNSUBSCRIBE')).toEqual([
      ['unsubscribe', 'c1', 1],
      ['unsubscribe', 'c3', 0],
    ]);
    expect(pub.call('PUBLISH', 'c1', 'x')).toEqual([0]);
  });

  it('answers a mass UNSUBSCRIBE / PUNSUBSCRIBE with nothing subscribed once, with a null channel', () => {
    const { connect } = setup();
    const c = connect();
    c.client.reply.take();
    c.client.node.dispatcher.execute(c.client, ['UNSUBSCRIBE']);
    expect(c.raw()).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    c.client.node.dispatcher.execute(c.client, ['PUNSUBSCRIBE']);
    expect(c.raw()).toBe('*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n');
    c.send('HELLO', 3);
    c.client.node.dispatcher.execute(c.client, ['UNSUBSCRIBE']);
    expect(c.raw()).toBe('>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n');
  });

  it('writes push frames to RESP3 clients and plain arrays to RESP2 clients', () => {
    const { connect } = setup();
    const resp2 = connect();
    const resp3 = connect();
    const pub = connect();
    resp3.send('HELLO', 3);
    expect(resp2.send('SUBSCRIBE', 'ch')[0]!.type).toBe('array');
    expect(resp3.send('SUBSCRIBE', 'ch')[0]!.type).toBe('push');
    pub.send('PUBLISH', 'ch', 'm');
    expect(resp2.raw()).toBe('*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n');
    expect(resp3.raw()).toBe('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nm\r\n');
  });

  it('lets a subscribed RESP3 client run any command, a RESP2 one only the pub/sub set', () => {
    const { connect } = setup();
    const resp2 = connect();
    const resp3 = connect();
    resp3.send('HELLO', 3);
    resp2.send('SUBSCRIBE', 'ch');
    resp3.send('SUBSCRIBE', 'ch');
    expect(resp3.call('SET', 'k', 'v')).toEqual(['OK']);
    expect(String(resp2.call('GET', 'k')[0])).toMatch(/only \(P\|S\)SUBSCRIBE/);
    expect(resp2.call('PING')).toEqual([['pong', '']]);
  });
});

describe('PSUBSCRIBE / PUNSUBSCRIBE', () => {
  it('matches glob patterns and counts patterns and channels together', () => {
    const { connect } = setup();
    const sub = connect();
    const pub = connect();
    expect(sub.call('SUBSCRIBE', 'foo.bar')).toEqual([['subscribe', 'foo.bar', 1]]);
    expect(sub.call('PSUBSCRIBE', 'foo.*', 'bar.?')).toEqual([
      ['psubscribe', 'foo.*', 2],
      ['psubscribe', 'bar.?', 3],
    ]);
    expect(pub.call('PUBLISH', 'foo.bar', 'hello')).toEqual([2]);
    expect(pub.call('PUBLISH', 'bar.1', 'x')).toEqual([1]);
    expect(pub.call('PUBLISH', 'barfoo.1', 'x')).toEqual([0]);
    expect(sub.read().map(simplify)).toEqual([
      ['message', 'foo.bar', 'hello'],
      ['pmessage', 'foo.*', 'foo.bar', 'hello'],
      ['pmessage', 'bar.?', 'bar.1', 'x'],
    ]);
    expect(sub.call('PUNSUBSCRIBE', 'foo.*', 'nope')).toEqual([
      ['punsubscribe', 'foo.*', 2],
      ['punsubscribe', 'nope', 2],
    ]);
    expect(sub.call('PUNSUBSCRIBE')).toEqual([['punsubscribe', 'bar.?', 1]]);
  });
});

describe('PUBSUB', () => {
  it('lists active channels, optionally filtered by a pattern', () => {
    const { connect } = setup();
    const a = connect();
    const b = connect();
    const q = connect();
    a.send('SUBSCRIBE', 'news.tech', 'news.art', 'sport');
    b.send('SUBSCRIBE', 'sport');
    b.send('PSUBSCRIBE', 'ignored.*');
    expect((q.call('PUBSUB', 'CHANNELS')[0] as string[]).sort()).toEqual(['news.art', 'news.tech', 'sport']);
    expect((q.call('PUBSUB', 'channels', 'news.*')[0] as string[]).sort()).toEqual(['news.art', 'news.tech']);
    a.send('UNSUBSCRIBE', 'news.art');
    expect((q.call('PUBSUB', 'CHANNELS', 'news.*')[0] as string[]).sort()).toEqual(['news.tech']);
  });

  it('counts subscribers per channel (patterns excluded) and unique patterns', () => {
    const { connect } = setup();
    const a = connect();
    const b = connect();
    const q = connect();
    a.send('SUBSCRIBE', 'x');
    b.send('SUBSCRIBE', 'x', 'y');
    a.send('PSUBSCRIBE', 'foo*', 'bar*');
    b.send('PSUBSCRIBE', 'foo*', 'baz*');
    expect(q.call('PUBSUB', 'NUMSUB', 'x', 'y', 'z')).toEqual([['x', 2, 'y', 1, 'z', 0]]);
    expect(q.call('PUBSUB', 'NUMSUB')).toEqual([[]]);
    expect(q.call('PUBSUB', 'NUMPAT')).toEqual([3]);
  });

  it('answers HELP and refuses wrong argument counts and unknown subcommands as Redis does', () => {
    const { connect } = setup();
    const q = connect();
    const help = q.call('PUBSUB', 'help')[0] as string[];
    expect(help[0]).toBe('PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('SHARDNUMSUB [<shardchannel> ...]');
    expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
    expect(String(q.call('PUBSUB', 'CHANNELS', 'a', 'b')[0])).toBe(
      "Error: ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.",
    );
    expect(String(q.call('PUBSUB', 'NUMPAT', 'x')[0])).toBe("Error: ERR wrong number of arguments for 'pubsub|numpat' command");
    expect(String(q.call('PUBSUB', 'foo')[0])).toBe("Error: ERR unknown subcommand 'foo'. Try PUBSUB HELP.");
    expect(String(q.call('PUBSUB')[0])).toBe("Error: ERR wrong number of arguments for 'pubsub' command");
  });
});

describe('shard channels', () => {
  it('are a namespace of their own: SPUBLISH reaches SSUBSCRIBE only, PUBLISH reaches SUBSCRIBE only', () => {
    const { connect } = setup();
    const shard = connect();
    const plain = connect();
    const pub = connect();
    expect(shard.call('SSUBSCRIBE', 'chan1', 'chan2', 'chan1')).toEqual([
      ['ssubscribe', 'chan1', 1],
      ['ssubscribe', 'chan2', 2],
      ['ssubscribe', 'chan1', 2],
    ]);
    plain.send('SUBSCRIBE', 'chan1');
    plain.send('PSUBSCRIBE', '*');
    expect(pub.call('SPUBLISH', 'chan1', 'hello')).toEqual([1]);
    expect(pub.call('PUBLISH', 'chan1', 'hello')).toEqual([2]);
    expect(shard.read().map(simplify)).toEqual([['smessage', 'chan1', 'hello']]);
    expect(plain.read().map(simplify)).toEqual([
      ['message', 'chan1', 'hello'],
      ['pmessage', '*', 'chan1', 'hello'],
    ]);
    expect(pub.call('PUBSUB', 'SHARDNUMSUB', 'chan1', 'zz')).toEqual([['chan1', 1, 'zz', 0]]);
    expect(pub.call('PUBSUB', 'NUMSUB', 'chan1')).toEqual([['chan1', 1]]);
    expect((pub.call('PUBSUB', 'SHARDCHANNELS')[0] as string[]).sort()).toEqual(['chan1', 'chan2']);
    expect(pub.call('PUBSUB', 'SHARDCHANNELS', '*2')).toEqual([['chan2']]);
  });

  it('SUNSUBSCRIBE leaves named channels or all of them, with shard-only counts', () => {
    const { connect } = setup();
    const c = connect();
    expect(c.call('SUNSUBSCRIBE')).toEqual([['sunsubscribe', null, 0]]);
    c.send('SUBSCRIBE', 'plain');
    c.send('SSUBSCRIBE', 'a', 'b', 'c');
    expect(c.call('SUNSUBSCRIBE', 'b', 'nope')).toEqual([
      ['sunsubscribe', 'b', 2],
      ['sunsubscribe', 'nope', 2],
    ]);
    expect(c.call('SUNSUBSCRIBE')).toEqual([
      ['sunsubscribe', 'a', 1],
      ['sunsubscribe', 'c', 0],
    ]);
    expect(connect().call('SPUBLISH', 'a', 'x')).toEqual([0]);
  });

  it('forgets subscribers whose connection went away', () => {
    const { connect } = setup();
    const gone = connect();
    const pub = connect();
    gone.send('SSUBSCRIBE', 'ch');
    gone.client.closing = true;
    gone.client.node.removeClient(gone.client);
    expect(pub.call('SPUBLISH', 'ch', 'x')).toEqual([0]);
    expect(pub.call('PUBSUB', 'SHARDCHANNELS')).toEqual([[]]);
  });

  it('SSUBSCRIBE is refused inside EXEC, SUBSCRIBE is allowed there (as Redis keeps it for MULTI)', () => {
    const { connect } = setup();
    const c = connect();
    c.send('MULTI');
    c.send('SSUBSCRIBE', 'a');
    c.send('SUBSCRIBE', 'b');
    const [reply] = c.call('EXEC') as [unknown[]];
    expect(String(reply[0])).toBe("Error: ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
    expect(reply[1]).toEqual(['subscribe', 'b', 1]);
  });
});

describe('shard subscriptions and the connection state', () => {
  it('put a RESP2 client in subscribe mode like the other subscriptions', () => {
    const { connect } = setup();
    const c = connect();
    c.send('SSUBSCRIBE', 'a');
    expect(String(c.call('GET', 'k')[0])).toMatch(/only \(P\|S\)SUBSCRIBE/);
    c.send('SUNSUBSCRIBE');
    expect(c.call('GET', 'k')).toEqual([null]);
  });

  it('are dropped by RESET and when the connection goes', () => {
    const { node, connect } = setup();
    const c = connect();
    c.send('SSUBSCRIBE', 'a', 'b');
    c.send('RESET');
    expect(c.client.shardChannels.size).toBe(0);
    c.send('SSUBSCRIBE', 'a');
    node.removeClient(c.client);
    expect(node.pubsub.shardChannels.size).toBe(0);
  });
});

describe('propagation', () => {
  /** The commands appended to the effect log while `run` executes. */
  function logged(node: NodeServer, run: () => void): string[][] {
    const parser = new ReplyParser();
    const unsubscribe = node.log.subscribe((bytes) => parser.feed(bytes));
    run();
    unsubscribe();
    const commands: string[][] = [];
    for (let v = parser.next(); v !== undefined; v = parser.next()) commands.push(simplify(v) as string[]);
    return commands;
  }

  it('logs PUBLISH and SPUBLISH, as Redis propagates them to replicas outside cluster mode', () => {
    const { node, connect } = setup();
    const c = connect();
    expect(logged(node, () => c.send('PUBLISH', 'bla', 'bla'))).toEqual([
      ['SELECT', '0'],
      ['PUBLISH', 'bla', 'bla'],
    ]);
    expect(logged(node, () => c.send('SPUBLISH', 's', 'm'))).toEqual([['SPUBLISH', 's', 'm']]);
  });

  it('logs a PUBLISH alone inside MULTI/EXEC as a single effect (multi.tcl "MULTI propagation of PUBLISH")', () => {
    const { node, connect } = setup();
    const c = connect();
    c.send('MULTI');
    c.send('PUBLISH', 'bla', 'bla');
    expect(logged(node, () => c.send('EXEC'))).toEqual([
      ['SELECT', '0'],
      ['PUBLISH', 'bla', 'bla'],
    ]);
  });

  it('flags PUBLISH and SPUBLISH may_replicate, so CLIENT PAUSE WRITE holds them', () => {
    const { node } = setup();
    expect(node.commands.get('publish')!.mayReplicate).toBe(true);
    expect(node.commands.get('spublish')!.mayReplicate).toBe(true);
    expect(node.commands.get('subscribe')!.isPubsub).toBe(true);
  });
});

describe('pub/sub over TCP', () => {
  afterAll(() => stopAllNodeProcesses());

  it('delivers messages and pattern messages to a RESP2 ioredis subscriber', async () => {
    const server = await startNodeProcess();
    try {
      const sub = server.client({ protocol: 2 });
      const pub = server.client({ protocol: 2 });
      const received: string[][] = [];
      sub.on('message', (channel: string, message: string) => received.push(['message', channel, message]));
      sub.on('pmessage', (pattern: string, channel: string, message: string) =>
        received.push(['pmessage', pattern, channel, message]),
      );
      expect(await sub.subscribe('news', 'sport')).toBe(2);
      expect(await sub.psubscribe('n*')).toBe(3);
      expect(await pub.publish('news', 'hello')).toBe(2);
      await waitFor(() => received.length === 2, 5_000, 'two deliveries');
      expect(received).toEqual([
        ['message', 'news', 'hello'],
        ['pmessage', 'n*', 'news', 'hello'],
      ]);
      expect(await pub.pubsub('NUMSUB', 'news', 'sport')).toEqual(['news', 1, 'sport', 1]);
      expect(await pub.pubsub('NUMPAT')).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('delivers push frames to a RESP3 ioredis subscriber that keeps running commands', async () => {
    const server = await startNodeProcess();
    try {
      const sub = server.client({ protocol: 3 });
      const pub = server.client({ protocol: 3 });
      const received: string[] = [];
      sub.on('smessage', (channel: string, message: string) => received.push(`s:${channel}:${message}`));
      sub.on('message', (channel: string, message: string) => received.push(`${channel}:${message}`));
      await sub.subscribe('ch');
      await sub.ssubscribe('shard');
      expect(await sub.set('k', 'v')).toBe('OK');
      expect(await sub.get('k')).toBe('v');
      expect(await pub.publish('ch', 'one')).toBe(1);
      expect(await pub.spublish('shard', 'two')).toBe(1);
      await waitFor(() => received.length === 2, 5_000, 'two deliveries');
      expect(received).toEqual(['ch:one', 's:shard:two']);
    } finally {
      await server.stop();
    }
  });

  it('delivers confirmations and messages under CLIENT REPLY OFF and SKIP (pushes are never silenced)', async () => {
    const server = await startNodeProcess();
    const raw = await RawConnection.open(server.port);
    try {
      raw.send('HELLO 3\r\n');
      await raw.waitFor((t) => t.includes('modules'));
      const start = raw.text().length;
      raw.send('CLIENT REPLY OFF\r\nSUBSCRIBE channel\r\nPSUBSCRIBE ch*\r\nPING\r\n');
      await raw.waitFor((t) => t.slice(start).includes('psubscribe'));
      const pub = server.client();
      expect(await pub.publish('channel', 'hello')).toBe(2);
      await raw.waitFor((t) => t.endsWith('$7\r\nchannel\r\n$5\r\nhello\r\n'));
      raw.send('CLIENT REPLY ON\r\nCLIENT REPLY SKIP\r\nUNSUBSCRIBE channel\r\nPING\r\n');
      await raw.waitFor((t) => t.endsWith('+PONG\r\n'));
      expect(raw.text().slice(start)).toBe(
        '>3\r\n$9\r\nsubscribe\r\n$7\r\nchannel\r\n:1\r\n' +
          '>3\r\n$10\r\npsubscribe\r\n$3\r\nch*\r\n:2\r\n' +
          '>3\r\n$7\r\nmessage\r\n$7\r\nchannel\r\n$5\r\nhello\r\n' +
          '>4\r\n$8\r\npmessage\r\n$3\r\nch*\r\n$7\r\nchannel\r\n$5\r\nhello\r\n' +
          '+OK\r\n' +
          '>3\r\n$11\r\nunsubscribe\r\n$7\r\nchannel\r\n:1\r\n' +
          '+PONG\r\n',
      );
    } finally {
      raw.close();
      await server.stop();
    }
  });

  it('sends RESP3 messages as ">" frames on the wire', async () => {
    const server = await startNodeProcess();
    const raw = await RawConnection.open(server.port);
    try {
      raw.send('HELLO 3\r\nSUBSCRIBE ch\r\n');
      await raw.waitFor((t) => t.endsWith('>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n'));
      const pub = server.client();
      await pub.publish('ch', 'payload');
      await raw.waitFor((t) => t.endsWith('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$7\r\npayload\r\n'));
    } finally {
      raw.close();
      await server.stop();
    }
  });
});

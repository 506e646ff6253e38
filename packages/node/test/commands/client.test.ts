import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessNode } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor, type NodeProcess } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

/** The line format Redis's own test suite expects from CLIENT LIST / CLIENT INFO for an idle RESP2 client. */
const LINE =
  /^id=\d+ addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=\S* age=\d+ idle=\d+ flags=\w+ db=\d+ sub=\d+ psub=\d+ ssub=0 multi=-?\d+ qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=r cmd=\S+ user=default redir=-1 resp=[23]$/;

function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

function field(line: string, name: string): string {
  return new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)![1]!;
}

describe('CLIENT (in-process)', () => {
  it('SETNAME validates names; an empty name clears it; GETNAME answers null without a name', () => {
    const n = createInProcessNode();
    expect(n.call('CLIENT', 'GETNAME')).toBeNull();
    expect(n.call('CLIENT', 'SETNAME', 'worker-1')).toBe('OK');
    expect(n.call('CLIENT', 'GETNAME')).toBe('worker-1');
    for (const bad of ['foo bar', 'new\nline', 'tab\there', 'caf\u00e9']) {
      expect(n.call('CLIENT', 'SETNAME', bad)).toEqual(
        new Error('ERR Client names cannot contain spaces, newlines or special characters.'),
      );
    }
    expect(n.call('CLIENT', 'GETNAME')).toBe('worker-1');
    expect(n.call('CLIENT', 'SETNAME', '')).toBe('OK');
    expect(n.call('CLIENT', 'GETNAME')).toBeNull();
  });

  it('ID, GETREDIR, NO-EVICT and HELP', () => {
    const n = createInProcessNode();
    expect(n.call('CLIENT', 'ID')).toBe(n.client.id);
    expect(n.call('CLIENT', 'GETREDIR')).toBe(-1);
    expect(n.call('CLIENT', 'NO-EVICT', 'on')).toBe('OK');
    expect(n.client.noEvict).toBe(true);
    expect(n.call('CLIENT', 'NO-EVICT', 'OFF')).toBe('OK');
    expect(n.client.noEvict).toBe(false);
    expect(n.call('CLIENT', 'NO-EVICT', 'maybe')).toEqual(new Error('ERR syntax error'));
    const help = n.call('CLIENT', 'HELP') as string[];
    expect(help[0]).toBe('CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('PAUSE <timeout> [WRITE|ALL]');
    expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
    // CLIENT TRACKING exists now (test/server/tracking.test.ts): a made-up subcommand is still unknown.
    expect(n.call('CLIENT', 'TRACKINGX', 'on')).toEqual(new Error("ERR unknown subcommand 'TRACKINGX'. Try CLIENT HELP."));
    expect(n.call('CLIENT')).toEqual(new Error("ERR wrong number of arguments for 'client' command"));
  });

  it('PAUSE validates its arguments and pauses until the given time', () => {
    const n = createInProcessNode();
    expect(n.call('CLIENT', 'PAUSE', '100', 'READS')).toEqual(new Error('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    expect(n.call('CLIENT', 'PAUSE', 'soon')).toEqual(new Error('ERR timeout is not an integer or out of range'));
    expect(n.call('CLIENT', 'PAUSE', '-1')).toEqual(new Error('ERR timeout is negative'));
    expect(n.call('CLIENT', 'PAUSE', '0')).toBe('OK');
    expect(n.node.pause.mode).toBe('off');
    expect(n.call('CLIENT', 'PAUSE', '500', 'write')).toBe('OK');
    expect(n.node.pause.mode).toBe('write');
    expect(n.node.pause.until).toBe(n.clock.now() + 500);
    // A later, weaker request cannot shorten nor soften the pause.
    expect(n.call('CLIENT', 'PAUSE', '100', 'WRITE')).toBe('OK');
    expect(n.node.pause.until).toBe(n.clock.now() + 500);
    n.clock.advance(500);
    n.node.tick();
    expect(n.node.pause.mode).toBe('off');
    expect(n.call('CLIENT', 'PAUSE', '1000')).toBe('OK');
    expect(n.node.pause.mode).toBe('all');
    expect(n.call('CLIENT', 'UNPAUSE')).toBe('OK');
    expect(n.node.pause.mode).toBe('off');
  });

  it('REPLY rejects unknown modes, LIST and KILL check their options', () => {
    const n = createInProcessNode();
    expect(n.call('CLIENT', 'REPLY', 'sometimes')).toEqual(new Error('ERR syntax error'));
    expect(n.call('CLIENT', 'LIST', 'TYPE', 'robot')).toEqual(new Error("ERR Unknown client type 'robot'"));
    expect(n.call('CLIENT', 'LIST', 'ID', 'x')).toEqual(new Error('ERR Invalid client ID'));
    expect(n.call('CLIENT', 'LIST', 'ID')).toEqual(new Error('ERR syntax error'));
    expect(n.call('CLIENT', 'LIST', 'TYPE', 'normal', 'x')).toEqual(new Error('ERR syntax error'));
    expect(n.call('CLIENT', 'KILL')).toEqual(new Error("ERR wrong number of arguments for 'client|kill' command"));
    expect(n.call('CLIENT', 'KILL', 'id', '10', 'wrong_arg')).toEqual(new Error('ERR syntax error'));
    for (const id of ['str', '-1', '0']) {
      expect(n.call('CLIENT', 'KILL', 'id', id)).toEqual(new Error('ERR client-id should be greater than 0'));
    }
    expect(n.call('CLIENT', 'KILL', 'type', 'wrong_type')).toEqual(new Error("ERR Unknown client type 'wrong_type'"));
    expect(n.call('CLIENT', 'KILL', 'user', 'wrong_user')).toEqual(new Error("ERR No such user 'wrong_user'"));
    expect(n.call('CLIENT', 'KILL', 'skipme', 'yes_or_no')).toEqual(new Error('ERR syntax error'));
    expect(n.call('CLIENT', 'KILL', '1.2.3.4:5')).toEqual(new Error('ERR No such client'));
    expect(n.call('CLIENT', 'KILL', 'maxage', '10')).toEqual(new Error('ERR syntax error'));
  });
});

describe('CLIENT over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('LIST and INFO describe each connection in Redis\'s format', async () => {
    const r = node.client({ protocol: 2 });
    await r.client('SETNAME', 'lister');
    const other = node.client({ protocol: 3 });
    await other.client('SETNAME', 'other');
    await other.select(3);
    const list = (await r.client('LIST')) as string;
    expect(list.endsWith('\n')).toBe(true);
    const lines = list.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(LINE);
    const mine = lines.find((l) => field(l, 'name') === 'lister')!;
    expect(field(mine, 'cmd')).toBe('client|list');
    // The running command is still in the query buffer, as in Redis: *2 $6 client $4 list.
    expect(field(mine, 'qbuf')).toBe('26');
    expect(field(mine, 'argv-mem')).toBe('10');
    const theirs = lines.find((l) => field(l, 'name') === 'other')!;
    expect([field(theirs, 'db'), field(theirs, 'resp'), field(theirs, 'cmd'), field(theirs, 'qbuf')]).toEqual(['3', '3', 'select', '0']);
    const info = (await r.client('INFO')) as string;
    expect(info).toMatch(/^id=\d+ .* name=lister .* cmd=client\|info user=default redir=-1 resp=2\n$/);
    expect(field(info, 'id')).toBe(String(await r.client('ID')));
  });

  it('LIST filters by type and by id', async () => {
    const r = node.client();
    const subscriber = node.client();
    await subscriber.subscribe('news');
    const subscriberLine = ((await r.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string).trimEnd();
    expect(subscriberLine.split('\n')).toHaveLength(1);
    expect(field(subscriberLine, 'flags')).toBe('P');
    expect(field(subscriberLine, 'sub')).toBe('1');
    expect(field(subscriberLine, 'cmd')).toBe('subscribe');
    expect((await r.call('CLIENT', 'LIST', 'TYPE', 'replica')) as string).toBe('');
    expect((await r.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string).not.toContain(`id=${field(subscriberLine, 'id')} `);
    const myId = String(await r.client('ID'));
    const byId = (await r.call('CLIENT', 'LIST', 'ID', myId, '999999')) as string;
    expect(byId.trimEnd().split('\n')).toHaveLength(1);
    expect(field(byId, 'id')).toBe(myId);
    subscriber.disconnect();
  });

  it('shows MULTI, WATCH and NO-EVICT state in the flags', async () => {
    const r = node.client();
    const watcher = await RawConnection.open(node.port);
    watcher.send(command('CLIENT', 'SETNAME', 'watcher') + command('WATCH', 'w') + command('MULTI') + command('SET', 'a', 'b') + command('CLIENT', 'NO-EVICT', 'on'));
    await watcher.waitFor((t) => t.split('QUEUED').length === 3);
    await r.set('w', 'changed');
    const line = ((await r.client('LIST')) as string).split('\n').find((l) => l.includes('name=watcher'))!;
    expect(field(line, 'flags')).toBe('xd');
    expect(field(line, 'multi')).toBe('2');
    expect(Number(field(line, 'multi-mem'))).toBe('SETab'.length + 3 * 8 + 'CLIENTNO-EVICTon'.length + 3 * 8);
    watcher.send(command('DISCARD') + command('CLIENT', 'NO-EVICT', 'on'));
    await watcher.waitFor((t) => t.endsWith('+OK\r\n+OK\r\n'));
    const after = ((await r.client('LIST')) as string).split('\n').find((l) => l.includes('name=watcher'))!;
    expect(field(after, 'flags')).toBe('e');
    watcher.close();
  });

  it('KILL in the old form drops the connection at an address', async () => {
    const r = node.client();
    const victim = await RawConnection.open(node.port);
    victim.send(command('CLIENT', 'SETNAME', 'victim'));
    await victim.waitFor((t) => t === '+OK\r\n');
    const line = ((await r.client('LIST')) as string).split('\n').find((l) => l.includes('name=victim'))!;
    expect(await r.client('KILL', field(line, 'addr'))).toBe('OK');
    await victim.waitForClose();
    await expect(r.client('KILL', field(line, 'addr'))).rejects.toThrow('ERR No such client');
  });

  it('KILL with filters counts the connections it closed, skipping the caller unless SKIPME no', async () => {
    const r = node.client();
    const myId = String(await r.client('ID'));
    const a = await RawConnection.open(node.port);
    const b = await RawConnection.open(node.port);
    a.send(command('CLIENT', 'ID'));
    const aId = /:(\d+)/.exec(await a.waitFor((t) => t.endsWith('\r\n')))![1]!;
    expect(await r.client('KILL', 'ID', aId)).toBe(1);
    await a.waitForClose();
    expect(await r.client('KILL', 'ID', aId)).toBe(0);
    expect(await r.client('KILL', 'ID', myId)).toBe(0);
    const myLine = (await r.client('INFO')) as string;
    expect(await r.call('CLIENT', 'KILL', 'LADDR', field(myLine, 'laddr'), 'TYPE', 'normal', 'USER', 'default')).toBeGreaterThanOrEqual(1);
    await b.waitForClose();
    expect(await r.ping()).toBe('PONG');

    const self = await RawConnection.open(node.port);
    self.send(command('CLIENT', 'KILL', 'SKIPME', 'no', 'ADDR', 'nowhere:1') + command('CLIENT', 'INFO'));
    await self.waitFor((t) => t.startsWith(':0\r\n') && t.endsWith('\n\r\n'));
    const selfAddr = field(self.text().slice(4), 'addr');
    self.send(command('CLIENT', 'KILL', 'ADDR', selfAddr, 'SKIPME', 'no') + command('PING'));
    await self.waitForClose();
    expect(self.text().endsWith(':1\r\n')).toBe(true);
  });

  it('PAUSE WRITE holds writes, lets reads through, and UNPAUSE releases them in order', async () => {
    const admin = node.client();
    const writer = node.client();
    const reader = node.client();
    await writer.set('paused', 'before');
    expect(await admin.client('PAUSE', '60000', 'WRITE')).toBe('OK');
    let written = false;
    const write = writer.set('paused', 'after').then((reply) => {
      written = true;
      return reply;
    });
    expect(await reader.get('paused')).toBe('before');
    expect(written).toBe(false);
    await waitFor(async () => /blocked_clients:1\r\n/.test(await admin.info('clients')), 5_000, 'the writer to be parked');
    expect(await admin.client('UNPAUSE')).toBe('OK');
    expect(await write).toBe('OK');
    expect(await writer.get('paused')).toBe('after');
  });

  it('PAUSE ALL ends by itself when its time is up', async () => {
    const admin = node.client();
    const other = node.client();
    const started = Date.now();
    expect(await admin.client('PAUSE', '300', 'ALL')).toBe('OK');
    expect(await other.ping()).toBe('PONG');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('REPLY OFF silences replies until ON; SKIP silences the next one', async () => {
    const raw = await RawConnection.open(node.port);
    raw.send(command('CLIENT', 'REPLY', 'OFF') + command('PING', 'a') + command('PING', 'b') + command('CLIENT', 'REPLY', 'ON') + command('PING', 'c'));
    await raw.waitFor((t) => t.includes('$1\r\nc\r\n'));
    expect(raw.text()).toBe('+OK\r\n$1\r\nc\r\n');
    raw.send(command('CLIENT', 'REPLY', 'SKIP') + command('PING', 'd') + command('PING', 'e'));
    await raw.waitFor((t) => t.includes('$1\r\ne\r\n'));
    expect(raw.text()).toBe('+OK\r\n$1\r\nc\r\n$1\r\ne\r\n');
    raw.close();
  });
});

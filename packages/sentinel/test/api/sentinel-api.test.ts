import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSentinelApi, type SentinelApi } from '../../src/api/index.js';
import { FakeModel, masterView, peerView, replicaView } from './fake-model.js';
import { bulk, bulks, pairs, plain, RespTestClient } from './support.js';

const MASTER_FIELDS: [string, string][] = [
  ['name', 'mymaster'],
  ['ip', '127.0.0.1'],
  ['port', '6379'],
  ['runid', 'a'.repeat(40)],
  ['flags', 'master'],
  ['link-pending-commands', '0'],
  ['link-refcount', '1'],
  ['last-ping-sent', '0'],
  ['last-ok-ping-reply', '120'],
  ['last-ping-reply', '120'],
  ['down-after-milliseconds', '5000'],
  ['info-refresh', '2500'],
  ['role-reported', 'master'],
  ['role-reported-time', '60000'],
  ['config-epoch', '1'],
  ['num-slaves', '2'],
  ['num-other-sentinels', '2'],
  ['quorum', '2'],
  ['failover-timeout', '60000'],
  ['parallel-syncs', '1'],
];

let model: FakeModel;
let api: SentinelApi;
let shutdowns = 0;
const open: RespTestClient[] = [];
const redises: Redis[] = [];

async function client(): Promise<RespTestClient> {
  const c = await RespTestClient.open(api.port);
  open.push(c);
  return c;
}

function ioredis(protocol: 2 | 3 = 2): Redis {
  const r = new Redis({ port: api.port, host: '127.0.0.1', protocol, maxRetriesPerRequest: 0, enableReadyCheck: false });
  redises.push(r);
  return r;
}

beforeEach(async () => {
  model = new FakeModel();
  model.masterList = [masterView()];
  model.replicaLists.set('mymaster', [replicaView(), replicaView({ port: 6381, runId: '', flags: ['slave', 's_down', 'disconnected'], sdownSince: 1_000_000 - 7_000, masterLinkUp: false, masterLinkDownMs: 9000, masterHost: '', masterPort: 0, priority: 0, replOffset: 0, infoRefresh: 0 })]);
  model.peerLists.set('mymaster', [peerView(), peerView({ port: 26381, runId: 'd'.repeat(40), votedLeader: 'c'.repeat(40), votedLeaderEpoch: 4 })]);
  shutdowns = 0;
  api = await startSentinelApi(model, { host: '127.0.0.1', port: 0, onShutdown: () => shutdowns++, grpcPort: 36379 });
});

afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  for (const r of redises.splice(0)) r.disconnect();
  await api.close();
});

describe('listening', () => {
  it('listens on the port the OS chose and closes cleanly, dropping clients and the event listener', async () => {
    expect(api.port).toBeGreaterThan(0);
    expect(model.listenerCount).toBe(1);
    const c = await client();
    expect(plain(await c.call('PING'))).toBe('PONG');
    await api.close();
    await c.waitClosed();
    expect(model.listenerCount).toBe(0);
    await expect(RespTestClient.open(api.port)).rejects.toThrow();
    // A fresh one for afterEach to close.
    api = await startSentinelApi(model, { host: '127.0.0.1', port: 0 });
  });

  it('fails to start on a port already taken, and leaves no event listener behind', async () => {
    await expect(startSentinelApi(model, { host: '127.0.0.1', port: api.port })).rejects.toThrow(/EADDRINUSE/);
    expect(model.listenerCount).toBe(1);
  });
});

describe('connection commands, byte for byte', () => {
  it('PING, PING <msg>, and arity', async () => {
    const c = await client();
    expect(await c.exchange('PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
    expect(await c.exchange('PING hello\r\n', bulk('hello'))).toBe(bulk('hello'));
    const arity = "-ERR wrong number of arguments for 'ping' command\r\n";
    expect(await c.exchange('PING a b\r\n', arity)).toBe(arity);
  });

  it('unknown commands and subcommands get Redis\'s texts (ECHO, QUIT, GET do not exist in sentinel mode)', async () => {
    const c = await client();
    for (const [send, expected] of [
      ['ECHO hi\r\n', "-ERR unknown command 'ECHO', with args beginning with: 'hi' \r\n"],
      ['quit\r\n', "-ERR unknown command 'quit', with args beginning with: \r\n"],
      ['GET x\r\n', "-ERR unknown command 'GET', with args beginning with: 'x' \r\n"],
      ['sentinel foo\r\n', "-ERR unknown subcommand 'foo'. Try SENTINEL HELP.\r\n"],
      ['Client SetInfo lib-name x\r\n', "-ERR unknown subcommand 'SetInfo'. Try CLIENT HELP.\r\n"],
      ['SENTINEL\r\n', "-ERR wrong number of arguments for 'sentinel' command\r\n"],
      ['SENTINEL masters x\r\n', "-ERR wrong number of arguments for 'sentinel|masters' command\r\n"],
      ['SENTINEL master\r\n', "-ERR wrong number of arguments for 'sentinel|master' command\r\n"],
      ['SENTINEL myid x\r\n', "-ERR wrong number of arguments for 'sentinel|myid' command\r\n"],
      ['ROLE x\r\n', "-ERR wrong number of arguments for 'role' command\r\n"],
    ] as const) {
      expect(await c.exchange(send, expected)).toBe(expected);
    }
    // The excerpt of arguments stops near 128 bytes, as processCommand's.
    const long = 'x'.repeat(200);
    const expected = `-ERR unknown command 'nope', with args beginning with: '${'x'.repeat(128)}' \r\n`;
    expect(await c.exchange(`nope ${long} more\r\n`, expected)).toBe(expected);
  });

  it('AUTH as redis-sentinel without requirepass', async () => {
    const c = await client();
    const noPass =
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n';
    expect(await c.exchange('AUTH secret\r\n', noPass)).toBe(noPass);
    expect(await c.exchange('AUTH default anything\r\n', '+OK\r\n')).toBe('+OK\r\n');
    const wrong = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';
    expect(await c.exchange('AUTH alice pw\r\n', wrong)).toBe(wrong);
    expect(await c.exchange('AUTH a b c\r\n', '-ERR syntax error\r\n')).toBe('-ERR syntax error\r\n');
    const arity = "-ERR wrong number of arguments for 'auth' command\r\n";
    expect(await c.exchange('AUTH\r\n', arity)).toBe(arity);
  });

  it('HELLO: the sentinel map (6 fields, mode sentinel, no role), protocol switch and errors', async () => {
    const c = await client();
    const hello3 =
      '%6\r\n' + bulk('server') + bulk('redis') + bulk('version') + bulk('7.0.15') + bulk('proto') + ':3\r\n' +
      bulk('id') + ':1\r\n' + bulk('mode') + bulk('sentinel') + bulk('modules') + '*0\r\n';
    expect(await c.exchange('HELLO 3\r\n', hello3)).toBe(hello3);
    expect(await c.exchange('HELLO 2\r\n', hello3.replace('%6', '*12').replace(':3', ':2'))).toBe(hello3.replace('%6', '*12').replace(':3', ':2'));
    for (const [send, expected] of [
      ['HELLO 4\r\n', '-NOPROTO unsupported protocol version\r\n'],
      ['HELLO x\r\n', '-ERR Protocol version is not an integer or out of range\r\n'],
      ['HELLO 3 foo\r\n', "-ERR Syntax error in HELLO option 'foo'\r\n"],
      ['HELLO 3 AUTH bob pw\r\n', '-WRONGPASS invalid username-password pair or user is disabled.\r\n'],
      ['HELLO 3 SETNAME "a b"\r\n', '-ERR Client names cannot contain spaces, newlines or special characters.\r\n'],
    ] as const) {
      expect(await c.exchange(send, expected)).toBe(expected);
    }
    // Errors left the protocol alone; HELLO 3 AUTH default <any> SETNAME works.
    const reply = await c.exchange('HELLO 3 AUTH default pw SETNAME app\r\n', hello3);
    expect(reply).toBe(hello3);
    expect(await c.exchange('CLIENT GETNAME\r\n', bulk('app'))).toBe(bulk('app'));
  });

  it('CLIENT ID / SETNAME / GETNAME / INFO / LIST / KILL / REPLY', async () => {
    const a = await client();
    const b = await client();
    expect(plain(await a.call('CLIENT', 'GETNAME'))).toBe(null);
    expect(plain(await a.call('CLIENT', 'SETNAME', 'alpha'))).toBe('OK');
    expect(plain(await a.call('CLIENT', 'GETNAME'))).toBe('alpha');
    expect(plain(await a.call('CLIENT', 'SETNAME', 'bad name'))).toEqual({
      error: 'ERR Client names cannot contain spaces, newlines or special characters.',
    });
    const idA = plain(await a.call('CLIENT', 'ID')) as number;
    const idB = plain(await b.call('CLIENT', 'ID')) as number;
    expect(idB).toBe(idA + 1);
    const info = plain(await a.call('CLIENT', 'INFO')) as string;
    expect(info).toMatch(new RegExp(`^id=${idA} addr=127\\.0\\.0\\.1:\\d+ laddr=127\\.0\\.0\\.1:${api.port} fd=\\d+ name=alpha age=\\d+ idle=\\d+ flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 .* cmd=client\\|info user=default redir=-1 resp=2\\n$`));
    const list = plain(await a.call('CLIENT', 'LIST')) as string;
    expect(list.split('\n').filter(Boolean).map((l) => /^id=(\d+)/.exec(l)![1])).toEqual([String(idA), String(idB)]);
    expect(plain(await a.call('CLIENT', 'LIST', 'ID', String(idB)))).toMatch(new RegExp(`^id=${idB} .*cmd=client\\|id .*\\n$`));
    expect(plain(await a.call('CLIENT', 'LIST', 'TYPE', 'bogus'))).toEqual({ error: "ERR Unknown client type 'bogus'" });
    expect(plain(await a.call('CLIENT', 'KILL', '1.2.3.4:5'))).toEqual({ error: 'ERR No such client' });
    expect(plain(await a.call('CLIENT', 'KILL', 'ID', String(idB)))).toBe(1);
    await b.waitClosed();
    // CLIENT REPLY OFF: nothing until ON, whose OK comes back.
    expect(await a.exchange('CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\n', '+OK\r\n')).toBe('+OK\r\n');
    expect(await a.exchange('CLIENT REPLY SKIP\r\nPING one\r\nPING two\r\n', bulk('two'))).toBe(bulk('two'));
    expect(plain(await a.call('CLIENT', 'HELP'))).toContain('SETNAME <name>');
  });
});

describe('SENTINEL subcommands', () => {
  it('MASTER: Redis\'s fields in Redis\'s order, times as ms ago on the model\'s clock (RESP2 flat array)', async () => {
    const c = await client();
    const expected = bulks(...MASTER_FIELDS.flat());
    expect(await c.exchange('SENTINEL MASTER mymaster\r\n', expected)).toBe(expected);
    model.clock += 1000;
    expect(pairs(await c.call('SENTINEL', 'master', 'mymaster')).find(([k]) => k === 'last-ok-ping-reply')).toEqual(['last-ok-ping-reply', '1120']);
  });

  it('MASTER in RESP3 is a map of the same fields', async () => {
    const c = await client();
    await c.call('HELLO', '3');
    const expected = `%${MASTER_FIELDS.length}\r\n${MASTER_FIELDS.flat().map(bulk).join('')}`;
    expect(await c.exchange('SENTINEL MASTER mymaster\r\n', expected)).toBe(expected);
  });

  it('a master down and failing over: flags in Redis\'s order, failover-state, s-down-time and o-down-time in place', async () => {
    model.masterList = [
      masterView({
        flags: ['master', 'disconnected', 'failover_in_progress', 'o_down', 's_down'],
        failoverState: 'select_slave',
        lastPingSent: 1_000_000 - 6_000,
        sdownSince: 1_000_000 - 1_000,
        odownSince: 1_000_000 - 400,
      }),
    ];
    const c = await client();
    const fields = pairs(await c.call('SENTINEL', 'MASTER', 'mymaster'));
    expect(fields.map(([k]) => k)).toEqual([
      'name', 'ip', 'port', 'runid', 'flags', 'link-pending-commands', 'link-refcount', 'failover-state',
      'last-ping-sent', 'last-ok-ping-reply', 'last-ping-reply', 's-down-time', 'o-down-time',
      'down-after-milliseconds', 'info-refresh', 'role-reported', 'role-reported-time', 'config-epoch',
      'num-slaves', 'num-other-sentinels', 'quorum', 'failover-timeout', 'parallel-syncs',
    ]);
    const get = (k: string): string | undefined => fields.find(([f]) => f === k)?.[1];
    expect(get('flags')).toBe('s_down,o_down,master,disconnected,failover_in_progress');
    expect(get('failover-state')).toBe('select_slave');
    expect(get('link-pending-commands')).toBe('1');
    expect(get('last-ping-sent')).toBe('6000');
    expect(get('s-down-time')).toBe('1000');
    expect(get('o-down-time')).toBe('400');
    // INFO reports it as odown.
    const info = plain(await c.call('INFO', 'sentinel')) as string;
    expect(info).toContain('master0:name=mymaster,status=odown,address=127.0.0.1:6379,slaves=2,sentinels=3\r\n');
  });

  it('MASTERS lists every master; ROLE names them', async () => {
    model.masterList = [masterView(), masterView({ name: 'other', port: 7000, flags: ['master', 's_down'], sdownSince: 1_000_000 - 10 })];
    const c = await client();
    const masters = await c.call('SENTINEL', 'MASTERS');
    expect(masters.type).toBe('array');
    const list = (masters as { items: Parameters<typeof pairs>[0][] }).items.map(pairs);
    expect(list[0]).toEqual(MASTER_FIELDS);
    expect(list[1]!.slice(0, 5)).toEqual([['name', 'other'], ['ip', '127.0.0.1'], ['port', '7000'], ['runid', 'a'.repeat(40)], ['flags', 's_down,master']]);
    expect(list[1]!.find(([k]) => k === 's-down-time')).toEqual(['s-down-time', '10']);
    const role = bulks('sentinel').replace('*1', '*2') + bulks('mymaster', 'other');
    expect(await c.exchange('ROLE\r\n', role)).toBe(role);
    model.masterList = [];
    expect(await c.exchange('SENTINEL MASTERS\r\n', '*0\r\n')).toBe('*0\r\n');
  });

  it('REPLICAS (and SLAVES): replica fields, named ip:port, with the master\'s down-after', async () => {
    const c = await client();
    const replicas = await c.call('SENTINEL', 'REPLICAS', 'mymaster');
    const [healthy, down] = (replicas as { items: Parameters<typeof pairs>[0][] }).items.map(pairs);
    expect(healthy).toEqual([
      ['name', '127.0.0.1:6380'],
      ['ip', '127.0.0.1'],
      ['port', '6380'],
      ['runid', 'b'.repeat(40)],
      ['flags', 'slave'],
      ['link-pending-commands', '0'],
      ['link-refcount', '1'],
      ['last-ping-sent', '0'],
      ['last-ok-ping-reply', '300'],
      ['last-ping-reply', '300'],
      ['down-after-milliseconds', '5000'],
      ['info-refresh', '4000'],
      ['role-reported', 'slave'],
      ['role-reported-time', '50000'],
      ['master-link-down-time', '0'],
      ['master-link-status', 'ok'],
      ['master-host', '127.0.0.1'],
      ['master-port', '6379'],
      ['slave-priority', '100'],
      ['slave-repl-offset', '12345'],
      ['replica-announced', '1'],
    ]);
    expect(down).toContainEqual(['flags', 's_down,slave,disconnected']);
    expect(down).toContainEqual(['s-down-time', '7000']);
    expect(down).toContainEqual(['info-refresh', '0']);
    expect(down).toContainEqual(['master-link-status', 'err']);
    expect(down).toContainEqual(['master-link-down-time', '9000']);
    expect(down).toContainEqual(['master-host', '?']);
    expect(down).toContainEqual(['runid', '']);
    expect(plain(await c.call('SENTINEL', 'SLAVES', 'mymaster'))).toEqual(plain(replicas));
  });

  it('SENTINELS: peer fields, named by run id, voted-leader "?" when none', async () => {
    const c = await client();
    const peers = await c.call('SENTINEL', 'SENTINELS', 'mymaster');
    const [first, second] = (peers as { items: Parameters<typeof pairs>[0][] }).items.map(pairs);
    expect(first).toEqual([
      ['name', 'c'.repeat(40)],
      ['ip', '127.0.0.1'],
      ['port', '26380'],
      ['runid', 'c'.repeat(40)],
      ['flags', 'sentinel'],
      ['link-pending-commands', '0'],
      ['link-refcount', '1'],
      ['last-ping-sent', '0'],
      ['last-ok-ping-reply', '200'],
      ['last-ping-reply', '200'],
      ['down-after-milliseconds', '5000'],
      ['last-hello-message', '700'],
      ['voted-leader', '?'],
      ['voted-leader-epoch', '0'],
    ]);
    expect(second).toContainEqual(['voted-leader', 'c'.repeat(40)]);
    expect(second).toContainEqual(['voted-leader-epoch', '4']);
  });

  it('"No such master with that name" for every per-master subcommand, a null for GET-MASTER-ADDR-BY-NAME', async () => {
    const c = await client();
    const noSuch = '-ERR No such master with that name\r\n';
    for (const sub of ['MASTER', 'REPLICAS', 'SLAVES', 'SENTINELS', 'CKQUORUM', 'FAILOVER']) {
      expect(await c.exchange(`SENTINEL ${sub} nope\r\n`, noSuch)).toBe(noSuch);
    }
    expect(model.failovers).toEqual([]);
    expect(await c.exchange('SENTINEL GET-MASTER-ADDR-BY-NAME nope\r\n', '*-1\r\n')).toBe('*-1\r\n');
    await c.call('HELLO', '3');
    expect(await c.exchange('SENTINEL GET-MASTER-ADDR-BY-NAME nope\r\n', '_\r\n')).toBe('_\r\n');
  });

  it('GET-MASTER-ADDR-BY-NAME: the address clients should use now, the port as a bulk', async () => {
    const c = await client();
    expect(await c.exchange('SENTINEL get-master-addr-by-name mymaster\r\n', bulks('127.0.0.1', '6379'))).toBe(bulks('127.0.0.1', '6379'));
    model.addresses.set('mymaster', { host: '10.0.0.2', port: 7001 });
    expect(await c.exchange('SENTINEL get-master-addr-by-name mymaster\r\n', bulks('10.0.0.2', '7001'))).toBe(bulks('10.0.0.2', '7001'));
  });

  it('CKQUORUM: Redis\'s OK status and NOQUORUM errors', async () => {
    const c = await client();
    const ok = '+OK 3 usable Sentinels. Quorum and failover authorization can be reached\r\n';
    expect(await c.exchange('SENTINEL CKQUORUM mymaster\r\n', ok)).toBe(ok);
    model.quorum.set('mymaster', { usable: 2, quorum: 3, voters: 3 });
    const noQuorum = '-NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master\r\n';
    expect(await c.exchange('SENTINEL CKQUORUM mymaster\r\n', noQuorum)).toBe(noQuorum);
    model.quorum.set('mymaster', { usable: 2, quorum: 2, voters: 5 });
    const noAuth = '-NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover\r\n';
    expect(await c.exchange('SENTINEL CKQUORUM mymaster\r\n', noAuth)).toBe(noAuth);
    model.quorum.set('mymaster', { usable: 1, quorum: 2, voters: 3 });
    const both =
      '-NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master. ' +
      'Not enough available Sentinels to reach the majority and authorize a failover\r\n';
    expect(await c.exchange('SENTINEL CKQUORUM mymaster\r\n', both)).toBe(both);
  });

  it('FAILOVER: OK, or the model\'s INPROG / NOGOODSLAVE error with its own code', async () => {
    const c = await client();
    expect(await c.exchange('SENTINEL FAILOVER mymaster\r\n', '+OK\r\n')).toBe('+OK\r\n');
    model.failoverAnswer = { ok: false, error: '-INPROG Failover already in progress' };
    expect(await c.exchange('SENTINEL FAILOVER mymaster\r\n', '-INPROG Failover already in progress\r\n')).toBe('-INPROG Failover already in progress\r\n');
    model.failoverAnswer = { ok: false, error: 'NOGOODSLAVE No suitable replica to promote' };
    expect(await c.exchange('SENTINEL FAILOVER mymaster\r\n', '-NOGOODSLAVE No suitable replica to promote\r\n')).toBe(
      '-NOGOODSLAVE No suitable replica to promote\r\n',
    );
    expect(model.failovers).toEqual(['mymaster', 'mymaster', 'mymaster']);
  });

  it('IS-MASTER-DOWN-BY-ADDR: the model\'s vote as [down, leader, epoch]; bad numbers are refused first', async () => {
    const c = await client();
    model.voteAnswer = [true, 'f'.repeat(40), 9];
    const expected = `*3\r\n:1\r\n${bulk('f'.repeat(40))}:9\r\n`;
    expect(await c.exchange(`SENTINEL is-master-down-by-addr 127.0.0.1 6379 9 ${'f'.repeat(40)}\r\n`, expected)).toBe(expected);
    model.voteAnswer = [false, '*', 0];
    expect(await c.exchange('SENTINEL is-master-down-by-addr 127.0.0.1 6379 0 *\r\n', `*3\r\n:0\r\n${bulk('*')}:0\r\n`)).toBe(`*3\r\n:0\r\n${bulk('*')}:0\r\n`);
    expect(model.votes).toEqual([
      ['127.0.0.1', 6379, 9, 'f'.repeat(40)],
      ['127.0.0.1', 6379, 0, '*'],
    ]);
    const notInt = '-ERR value is not an integer or out of range\r\n';
    expect(await c.exchange('SENTINEL is-master-down-by-addr 127.0.0.1 x 0 *\r\n', notInt)).toBe(notInt);
    expect(await c.exchange('SENTINEL is-master-down-by-addr 127.0.0.1 1 1.5 *\r\n', notInt)).toBe(notInt);
    expect(model.votes).toHaveLength(2);
  });

  it('RESET returns how many masters matched; MYID the 40 chars id; PENDING-SCRIPTS none', async () => {
    const c = await client();
    expect(await c.exchange('SENTINEL RESET *\r\n', ':1\r\n')).toBe(':1\r\n');
    expect(await c.exchange('SENTINEL RESET zzz\r\n', ':0\r\n')).toBe(':0\r\n');
    expect(model.resets).toEqual(['*', 'zzz']);
    expect(await c.exchange('SENTINEL MYID\r\n', bulk('e'.repeat(40)))).toBe(bulk('e'.repeat(40)));
    expect(await c.exchange('SENTINEL PENDING-SCRIPTS\r\n', '*0\r\n')).toBe('*0\r\n');
  });

  it('CONFIG GET by glob; what it cannot change is refused with a clear error', async () => {
    await api.close();
    api = await startSentinelApi(model, { host: '127.0.0.1', port: 0, announceIp: '10.9.8.7', announcePort: 26999 });
    const c = await client();
    expect(plain(await c.call('SENTINEL', 'CONFIG', 'GET', 'announce-*'))).toEqual(['announce-hostnames', 'no', 'announce-ip', '10.9.8.7', 'announce-port', '26999']);
    expect(plain(await c.call('SENTINEL', 'CONFIG', 'GET', '*'))).toHaveLength(12);
    expect(plain(await c.call('SENTINEL', 'CONFIG', 'GET', 'nothing'))).toEqual([]);
    expect(plain(await c.call('SENTINEL', 'CONFIG', 'FOO', 'x'))).toEqual({
      error: 'ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.',
    });
    expect(plain(await c.call('SENTINEL', 'CONFIG', 'SET', 'announce-ip', '1.1.1.1'))).toEqual({
      error: "ERR SENTINEL CONFIG SET is not supported by Understudy's sentinel: its configuration is fixed when it starts",
    });
    expect(plain(await c.call('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '1', '1'))).toEqual({
      error: "ERR SENTINEL MONITOR is not supported by Understudy's sentinel: the masters are given on its command line or config file",
    });
    expect(plain(await c.call('SENTINEL', 'MONITOR', 'x'))).toEqual({ error: "ERR wrong number of arguments for 'sentinel|monitor' command" });
  });

  it('HELP: Redis\'s help lines under a header naming the command as sent', async () => {
    const c = await client();
    const help = plain(await c.call('sentinel', 'help')) as string[];
    expect(help[0]).toBe('SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help[1]).toBe('CKQUORUM <master-name>');
    expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
    expect(help).toHaveLength(49);
  });

  it('non-ASCII master names travel as UTF-8 both ways', async () => {
    model.masterList = [masterView({ name: 'maître' })];
    const r = ioredis();
    const fields = (await r.call('SENTINEL', 'MASTER', 'maître')) as string[];
    expect(fields.slice(0, 2)).toEqual(['name', 'maître']);
    expect(await r.call('ROLE')).toEqual(['sentinel', ['maître']]);
  });
});

describe('INFO', () => {
  it('INFO sentinel: exactly Redis\'s section', async () => {
    const c = await client();
    const text =
      '# Sentinel\r\nsentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\n' +
      'sentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\n' +
      'master0:name=mymaster,status=ok,address=127.0.0.1:6379,slaves=2,sentinels=3\r\n';
    expect(await c.exchange('INFO sentinel\r\n', bulk(text))).toBe(bulk(text));
    // A plain bulk in RESP3 too (sentinel's INFO is not a verbatim string).
    await c.call('HELLO', '3');
    expect(await c.exchange('INFO SENTINEL\r\n', bulk(text))).toBe(bulk(text));
  });

  it('default sections in Redis\'s order, each separated by an empty line; unknown sections give nothing', async () => {
    const c = await client();
    const info = plain(await c.call('INFO')) as string;
    const titles = info.split('\r\n').filter((l) => l.startsWith('#'));
    expect(titles).toEqual(['# Server', '# Clients', '# Stats', '# CPU', '# Sentinel']);
    expect(info).toContain('\r\n\r\n# Clients\r\n');
    expect(info).toContain('redis_mode:sentinel\r\n');
    expect(info).toContain(`tcp_port:${api.port}\r\n`);
    expect(info).toContain('grpc_port:36379\r\n');
    expect(info).toMatch(/connected_clients:1\r\n/);
    expect(plain(await c.call('INFO', 'all'))).toMatch(/^# Server\r\n[\s\S]*# Sentinel\r\n/);
    expect(plain(await c.call('INFO', 'everything'))).toMatch(/# CPU\r\n/);
    expect(plain(await c.call('INFO', 'keyspace'))).toBe('');
    expect(plain(await c.call('INFO', 'memory', 'clients'))).toMatch(/^# Clients\r\nconnected_clients:1\r\n/);
    expect((plain(await c.call('INFO', 'server', 'sentinel')) as string).split('\r\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Server',
      '# Sentinel',
    ]);
  });

  it('counts commands, connections and errors', async () => {
    const c = await client();
    await c.call('PING');
    await c.call('NOPE');
    const stats = plain(await c.call('INFO', 'stats')) as string;
    expect(stats).toMatch(/total_connections_received:1\r\n/);
    expect(stats).toMatch(/total_commands_processed:1\r\n/);
    expect(stats).toMatch(/total_error_replies:1\r\n/);
  });
});

describe('pub/sub: the model\'s events on Redis\'s channels', () => {
  it('RESP2: message and pmessage arrays, subscribe counts, the subscribe-mode restriction', async () => {
    const c = await client();
    const subscribed = bulks('subscribe', '+switch-master').replace('*2', '*3') + ':1\r\n';
    expect(await c.exchange('SUBSCRIBE +switch-master\r\n', subscribed)).toBe(subscribed);
    const psubscribed = bulks('psubscribe', '*').replace('*2', '*3') + ':2\r\n';
    expect(await c.exchange('PSUBSCRIBE *\r\n', psubscribed)).toBe(psubscribed);
    const start = c.text().length;
    model.emit('+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380');
    const message = bulks('message', '+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380');
    const pmessage = bulks('pmessage', '*', '+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380');
    await c.until(() => c.text().length - start >= message.length + pmessage.length);
    expect(c.text().slice(start)).toBe(message + pmessage);
    // Only the pattern matches this one.
    const start2 = c.text().length;
    model.emit('+sdown', 'master mymaster 127.0.0.1 6379');
    const only = bulks('pmessage', '*', '+sdown', 'master mymaster 127.0.0.1 6379');
    await c.until(() => c.text().length - start2 >= only.length);
    expect(c.text().slice(start2)).toBe(only);
    // In subscribe mode: PING answers as a message, other commands are refused.
    expect(await c.exchange('PING\r\n', bulks('pong', ''))).toBe(bulks('pong', ''));
    const refused = "-ERR Can't execute 'sentinel|masters': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";
    expect(await c.exchange('SENTINEL MASTERS\r\n', refused)).toBe(refused);
    // Arity comes before the context check, as in processCommand.
    const arity = "-ERR wrong number of arguments for 'sentinel|master' command\r\n";
    expect(await c.exchange('SENTINEL MASTER\r\n', arity)).toBe(arity);
    const unsub = bulks('unsubscribe', '+switch-master').replace('*2', '*3') + ':1\r\n';
    expect(await c.exchange('UNSUBSCRIBE\r\n', unsub)).toBe(unsub);
    const punsub = bulks('punsubscribe', '*').replace('*2', '*3') + ':0\r\n';
    expect(await c.exchange('PUNSUBSCRIBE\r\n', punsub)).toBe(punsub);
    const none = '*3\r\n' + bulk('unsubscribe') + '$-1\r\n:0\r\n';
    expect(await c.exchange('UNSUBSCRIBE\r\n', none)).toBe(none);
    // Out of subscribe mode again.
    expect(await c.exchange('PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
  });

  it('RESP3: pushes, and commands still run while subscribed', async () => {
    const c = await client();
    await c.call('HELLO', '3');
    const sub = '>3\r\n' + bulk('subscribe') + bulk('+sdown') + ':1\r\n';
    expect(await c.exchange('SUBSCRIBE +sdown\r\n', sub)).toBe(sub);
    expect(await c.exchange('PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
    expect(await c.exchange('SENTINEL MYID\r\n', bulk('e'.repeat(40)))).toBe(bulk('e'.repeat(40)));
    const start = c.text().length;
    model.emit('+sdown', 'slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379');
    const push = '>3\r\n' + bulk('message') + bulk('+sdown') + bulk('slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379');
    await c.until(() => c.text().length - start >= push.length);
    expect(c.text().slice(start)).toBe(push);
    const none = '>3\r\n' + bulk('punsubscribe') + '_\r\n:1\r\n';
    expect(await c.exchange('PUNSUBSCRIBE\r\n', none)).toBe(none);
  });

  it('an ioredis subscriber receives the events; unsubscribed channels are not delivered', async () => {
    const sub = ioredis(3);
    await sub.subscribe('+switch-master', '+odown');
    const got: [string, string][] = [];
    sub.on('message', (channel: string, message: string) => got.push([channel, message]));
    model.emit('+sdown', 'master mymaster 127.0.0.1 6379');
    model.emit('+odown', 'master mymaster 127.0.0.1 6379 #quorum 2/2');
    model.emit('+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380');
    const deadline = Date.now() + 3000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([
      ['+odown', 'master mymaster 127.0.0.1 6379 #quorum 2/2'],
      ['+switch-master', 'mymaster 127.0.0.1 6379 127.0.0.1 6380'],
    ]);
    const info = plain(await (await client()).call('INFO', 'stats')) as string;
    expect(info).toMatch(/pubsub_channels:2\r\n/);
  });

  it('PUBLISH takes only sentinel hellos', async () => {
    const c = await client();
    const refused = '-ERR Only HELLO messages are accepted by Sentinel instances.\r\n';
    expect(await c.exchange('PUBLISH +sdown x\r\n', refused)).toBe(refused);
    expect(await c.exchange('PUBLISH __sentinel__:hello 127.0.0.1,26380,abc,0,mymaster,127.0.0.1,6379,0\r\n', ':1\r\n')).toBe(':1\r\n');
  });
});

describe('ioredis against the API', () => {
  it('RESP2 and RESP3 clients read SENTINEL replies as Redis clients do', async () => {
    for (const protocol of [2, 3] as const) {
      const r = ioredis(protocol);
      expect(await r.call('SENTINEL', 'get-master-addr-by-name', 'mymaster')).toEqual(['127.0.0.1', '6379']);
      const master = (await r.call('SENTINEL', 'master', 'mymaster')) as unknown;
      // ioredis gives the flat list in RESP2 and an object (or flat list) for a RESP3 map.
      const flat = Array.isArray(master) ? master : Object.entries(master as Record<string, string>).flat();
      expect(flat.slice(0, 4)).toEqual(['name', 'mymaster', 'ip', '127.0.0.1']);
      await expect(r.call('SENTINEL', 'master', 'nope')).rejects.toThrow('No such master with that name');
      expect(await r.call('SENTINEL', 'ckquorum', 'mymaster')).toBe('OK 3 usable Sentinels. Quorum and failover authorization can be reached');
      expect(await r.ping()).toBe('PONG');
    }
  });
});

describe('bad input never takes the API down', () => {
  it('a protocol error gets Redis\'s text and the connection closes; others carry on', async () => {
    const bystander = await client();
    for (const [send, expected] of [
      ['*1\r\nx\r\n', "-ERR Protocol error: expected '$', got 'x'\r\n"],
      ['*1\r\n$x\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['*abc\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
      ['*1\r\n$-5\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
      ['PING "unbalanced\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n'],
    ] as const) {
      const c = await client();
      expect(await c.exchange(send, expected)).toBe(expected);
      await c.waitClosed();
    }
    expect(plain(await bystander.call('PING'))).toBe('PONG');
  });

  it('random bytes on many connections: the server still answers', async () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const victims: RespTestClient[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await client();
      const bytes = Buffer.alloc(1 + Math.floor(random() * 400));
      for (let j = 0; j < bytes.length; j++) {
        // Mostly RESP-ish characters, so the parser goes deep before failing.
        const pick = random();
        bytes[j] = pick < 0.3 ? '*$\r\n:+-'.charCodeAt(Math.floor(random() * 8)) : pick < 0.6 ? 48 + Math.floor(random() * 10) : Math.floor(random() * 256);
      }
      c.send(bytes);
      victims.push(c);
    }
    const c = await client();
    expect(plain(await c.call('SENTINEL', 'MYID'))).toBe('e'.repeat(40));
    for (const v of victims) v.close();
  });

  it('a model that throws answers the command with an error, the connection lives', async () => {
    const c = await client();
    model.broken = true;
    expect(plain(await c.call('SENTINEL', 'MASTERS'))).toEqual({ error: "ERR internal error executing 'sentinel|masters': model exploded" });
    model.broken = false;
    expect(plain(await c.call('SENTINEL', 'MYID'))).toBe('e'.repeat(40));
  });

  it('a view that fails half way through a reply: the partial reply is dropped, the error framed alone', async () => {
    const bad = { ...masterView({ name: 'bad' }) };
    Object.defineProperty(bad, 'flags', {
      get() {
        throw new Error('view exploded');
      },
    });
    model.masterList = [masterView(), bad];
    const c = await client();
    const expected = "-ERR internal error executing 'sentinel|masters': view exploded\r\n";
    expect(await c.exchange('SENTINEL MASTERS\r\n', expected)).toBe(expected);
    expect(await c.exchange('PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
  });

  it('HELLO sets the name at once, as Redis: a later bad option leaves it set and the protocol unchanged', async () => {
    const c = await client();
    expect(await c.exchange('HELLO 3 SETNAME early bogus\r\n', "-ERR Syntax error in HELLO option 'bogus'\r\n")).toBe(
      "-ERR Syntax error in HELLO option 'bogus'\r\n",
    );
    expect(await c.exchange('CLIENT GETNAME\r\n', bulk('early'))).toBe(bulk('early'));
  });

  it('pipelined commands, split at every byte, all get their replies in order', async () => {
    const c = await client();
    const batch = 'PING\r\n*3\r\n$8\r\nSENTINEL\r\n$6\r\nMASTER\r\n$8\r\nmymaster\r\nSENTINEL MYID\r\n*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n';
    for (const ch of batch) c.send(ch);
    const expected = '+PONG\r\n' + bulks(...MASTER_FIELDS.flat()) + bulk('e'.repeat(40)) + bulk('hi');
    await c.until(() => c.text().length >= expected.length);
    expect(c.text()).toBe(expected);
  });
});

describe('SHUTDOWN', () => {
  it('calls the owner\'s shutdown and closes the connection without a reply', async () => {
    const c = await client();
    expect(plain(await c.call('SHUTDOWN', 'bogus'))).toEqual({ error: 'ERR syntax error' });
    expect(plain(await c.call('SHUTDOWN', 'ABORT'))).toEqual({ error: 'ERR No shutdown in progress.' });
    c.send('SHUTDOWN NOSAVE\r\n');
    await c.waitClosed();
    expect(c.text()).not.toContain('+OK');
    expect(shutdowns).toBe(1);
  });

  it('does not exist without an owner\'s shutdown', async () => {
    const other = await startSentinelApi(model, { host: '127.0.0.1', port: 0 });
    try {
      const c = await RespTestClient.open(other.port);
      expect(plain(await c.call('SHUTDOWN'))).toEqual({ error: "ERR unknown command 'SHUTDOWN', with args beginning with: " });
      c.close();
    } finally {
      await other.close();
    }
  });
});

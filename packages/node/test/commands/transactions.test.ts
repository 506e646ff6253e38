import { ReplyParser, type RespValue } from '@understudy/resp';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import { NodeServer } from '../../src/server/node-server.js';
import { simplify } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, waitFor } from '../support/node-process.js';
import { RawConnection } from '../support/raw-socket.js';

/** A node on a fake clock with as many internal clients as a test needs. */
function setup() {
  const clock = new FakeClock();
  const node = new NodeServer(new ConfigStore(), clock);
  const connect = () => {
    const client = node.createClient(null);
    const parser = new ReplyParser();
    const exec = (...args: (string | number)[]): RespValue => {
      node.dispatcher.execute(client, args.map(String));
      for (const chunk of client.reply.take()) parser.feed(chunk);
      const reply = parser.next();
      if (reply === undefined) throw new Error(`no reply to ${args.join(' ')}`);
      return reply;
    };
    return { client, exec, call: (...args: (string | number)[]) => simplify(exec(...args)) };
  };
  return { node, clock, connect, ...connect() };
}

/** The commands the effect log receives while `run` executes. */
function logged(node: NodeServer, run: () => void): string[][] {
  const parser = new ReplyParser();
  const unsubscribe = node.log.subscribe((bytes) => parser.feed(bytes));
  run();
  unsubscribe();
  const commands: string[][] = [];
  for (let v = parser.next(); v !== undefined; v = parser.next()) commands.push(simplify(v) as string[]);
  return commands;
}

const err = (text: string) => new Error(text);

describe('MULTI / EXEC / DISCARD', () => {
  it('queues commands and replies their results as one array', () => {
    const { call } = setup();
    call('SET', 'k', '1');
    expect(call('MULTI')).toBe('OK');
    expect(call('INCR', 'k')).toBe('QUEUED');
    expect(call('PING')).toBe('QUEUED');
    expect(call('GET', 'k')).toBe('QUEUED');
    expect(call('EXEC')).toEqual([2, 'PONG', '2']);
    expect(call('GET', 'k')).toBe('2');
  });

  it('answers an empty transaction with an empty array', () => {
    const { exec, call } = setup();
    call('MULTI');
    expect(exec('EXEC')).toEqual({ type: 'array', items: [] });
  });

  it('keeps runtime errors inside the reply without stopping the other commands', () => {
    const { call } = setup();
    call('SET', 's', 'text');
    call('MULTI');
    call('INCR', 's');
    call('SET', 'after', 'yes');
    expect(call('EXEC')).toEqual([err('ERR value is not an integer or out of range'), 'OK']);
    expect(call('GET', 'after')).toBe('yes');
  });

  it('refuses nested MULTI without aborting the transaction', () => {
    const { call } = setup();
    call('MULTI');
    expect(call('MULTI')).toEqual(err('ERR MULTI calls can not be nested'));
    call('SET', 'k', 'v');
    expect(call('EXEC')).toEqual(['OK']);
  });

  it('refuses EXEC and DISCARD outside MULTI', () => {
    const { call } = setup();
    expect(call('EXEC')).toEqual(err('ERR EXEC without MULTI'));
    expect(call('DISCARD')).toEqual(err('ERR DISCARD without MULTI'));
  });

  it('aborts with EXECABORT when a command was rejected while queuing, and leaves MULTI', () => {
    const { call } = setup();
    call('MULTI');
    call('SET', 'foo1', 'bar1');
    expect(call('NON-EXISTING-COMMAND')).toBeInstanceOf(Error);
    expect(call('SET')).toEqual(err("ERR wrong number of arguments for 'set' command"));
    call('SET', 'foo2', 'bar2');
    expect(call('EXEC')).toEqual(err('EXECABORT Transaction discarded because of previous errors.'));
    expect(call('EXISTS', 'foo1', 'foo2')).toBe(0);
    expect(call('PING')).toBe('PONG');
  });

  it('refuses SYNC inside MULTI (no_multi), which aborts the transaction', () => {
    const { call } = setup();
    call('MULTI');
    expect(call('SYNC')).toEqual(err('ERR Command not allowed inside a transaction'));
    expect(call('EXEC')).toEqual(err('EXECABORT Transaction discarded because of previous errors.'));
  });

  it('DISCARD drops the queue', () => {
    const { call } = setup();
    call('SET', 'k', 'kept');
    call('MULTI');
    call('DEL', 'k');
    expect(call('DISCARD')).toBe('OK');
    expect(call('GET', 'k')).toBe('kept');
    expect(call('EXEC')).toEqual(err('ERR EXEC without MULTI'));
  });

  it('runs in RESP3 too (a watched failure is the RESP3 null)', () => {
    const { exec, call } = setup();
    call('HELLO', 3);
    call('MULTI');
    call('SET', 'k', 'v');
    expect(exec('EXEC')).toEqual({ type: 'array', items: [{ type: 'simple', value: 'OK' }] });
    call('WATCH', 'k');
    call('SET', 'k', 'changed');
    call('MULTI');
    call('PING');
    expect(exec('EXEC')).toEqual({ type: 'null' });
  });

  it('reports exec as the last command once EXEC is done', () => {
    const { client, call } = setup();
    call('MULTI');
    call('SET', 'k', 'v');
    call('EXEC');
    expect(client.lastCommand).toBe('exec');
    expect(client.multi).toBeNull();
  });
});

describe('WATCH', () => {
  it('lets EXEC run when no watched key changed', () => {
    const { call } = setup();
    call('WATCH', 'x', 'y', 'z');
    call('WATCH', 'k');
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('fails EXEC with a null array when a watched key was modified, by this client or another', () => {
    const { call, connect } = setup();
    const other = connect();
    call('SET', 'x', 30);
    call('WATCH', 'a', 'b', 'x', 'k', 'z');
    other.call('SET', 'x', 40);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
    call('WATCH', 'x');
    call('SET', 'x', 50);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
  });

  it('counts EXPIRE as a modification', () => {
    const { call } = setup();
    call('SET', 'x', 'foo');
    call('WATCH', 'x');
    call('EXPIRE', 'x', 10);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
  });

  it('forgets watched keys after EXEC, successful or not', () => {
    const { call } = setup();
    call('SET', 'x', 30);
    call('WATCH', 'x');
    call('SET', 'x', 40);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
    call('SET', 'x', 40);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
    call('WATCH', 'x');
    call('MULTI');
    call('PING');
    call('EXEC');
    call('SET', 'x', 50);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('is cleared by UNWATCH and by DISCARD (dirty flag included)', () => {
    const { call } = setup();
    call('SET', 'x', 30);
    call('WATCH', 'x');
    call('SET', 'x', 40);
    expect(call('UNWATCH')).toBe('OK');
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
    call('WATCH', 'x');
    call('SET', 'x', 10);
    call('MULTI');
    call('DISCARD');
    call('MULTI');
    call('INCR', 'x');
    expect(call('EXEC')).toEqual([11]);
    expect(call('UNWATCH')).toBe('OK');
  });

  it('is refused inside MULTI without aborting the transaction', () => {
    const { call } = setup();
    call('MULTI');
    expect(call('WATCH', 'x')).toEqual(err('ERR WATCH inside MULTI is not allowed'));
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('remembers the database a key belongs to', () => {
    const { call } = setup();
    call('SELECT', 5);
    call('SET', 'x', 30);
    call('WATCH', 'x');
    call('SELECT', 1);
    call('SET', 'x', 10);
    call('SELECT', 5);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it("is not affected by the transaction's own writes", () => {
    const { call } = setup();
    call('SET', 'x', 1);
    call('WATCH', 'x');
    call('MULTI');
    call('INCR', 'x');
    call('INCR', 'x');
    expect(call('EXEC')).toEqual([2, 3]);
  });

  it('FLUSHALL and FLUSHDB touch watched keys that exist, not the others', () => {
    const { call } = setup();
    for (const flush of ['FLUSHALL', 'FLUSHDB']) {
      call('SET', 'x', 30);
      call('WATCH', 'x');
      call(flush);
      call('MULTI');
      call('PING');
      expect(call('EXEC')).toBeNull();
      call('WATCH', 'x');
      call(flush);
      call('MULTI');
      call('PING');
      expect(call('EXEC')).toEqual(['PONG']);
    }
  });

  it('SWAPDB touches watched keys that exist on either side', () => {
    const { call } = setup();
    call('SET', 'x', 30);
    call('WATCH', 'x');
    call('SWAPDB', 0, 1);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
    call('FLUSHALL');
    call('SELECT', 1);
    call('SET', 'x', 30);
    call('SELECT', 0);
    call('WATCH', 'x');
    call('SWAPDB', 0, 1);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
  });
});

describe('WATCH and expiry', () => {
  it('fails EXEC when a watched key expired after WATCH, even if nothing touched it since', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'key', 1, 'PX', 100);
    call('WATCH', 'key');
    clock.advance(101);
    call('MULTI');
    call('INCR', 'key');
    expect(call('EXEC')).toBeNull();
  });

  it('fails EXEC when the active cycle deleted a watched key', () => {
    const { node, clock, call } = setup();
    call('SET', 'x', 'foo');
    call('EXPIRE', 'x', 1);
    call('WATCH', 'x');
    clock.advance(1001);
    for (let i = 0; i < 10 && node.keyspace.db(0).size > 0; i++) node.tick();
    expect(node.keyspace.db(0).size).toBe(0);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
  });

  it('does not fail EXEC for a key that was already expired (stale) when watched', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('WATCH', 'x');
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('does not fail EXEC when FLUSHDB removes a watched stale key', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('WATCH', 'x');
    call('FLUSHDB');
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('does not fail EXEC when SWAPDB replaces a watched stale key with nothing, or with another stale key', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SELECT', 1);
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('WATCH', 'x');
    call('SWAPDB', 0, 1);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);

    call('FLUSHALL');
    call('SELECT', 1);
    call('SET', 'x', 'foo', 'PX', 1);
    call('SELECT', 0);
    call('SET', 'x', 'bar', 'PX', 1);
    clock.advance(2);
    call('SELECT', 1);
    call('WATCH', 'x');
    call('SWAPDB', 0, 1);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('does not fail EXEC when a watched stale key is deleted by lazy expiry (EXISTS)', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('WATCH', 'x');
    expect(call('EXISTS', 'x')).toBe(0);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('does not fail EXEC when SWAPDB puts a stale key where a watched key did not exist', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('SELECT', 1);
    call('WATCH', 'x');
    call('SWAPDB', 0, 1);
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toEqual(['PONG']);
  });

  it('a watched stale key that is deleted and then written again fails EXEC', () => {
    const { node, clock, call } = setup();
    node.activeExpireEnabled = false;
    call('SET', 'x', 'foo', 'PX', 1);
    clock.advance(2);
    call('WATCH', 'x');
    call('SET', 'x', 'new');
    call('MULTI');
    call('PING');
    expect(call('EXEC')).toBeNull();
  });
});

describe('accounting and CLIENT PAUSE', () => {
  it('does not count a failing command inside EXEC as a failed EXEC, nor its changes twice', () => {
    const { node, call } = setup();
    call('SET', 's', 'text');
    const before = node.dirtySinceSave;
    call('MULTI');
    call('INCR', 's');
    call('SET', 'a', '1');
    call('SET', 'b', '2');
    call('EXEC');
    expect(node.commands.get('exec')!.stats.failed).toBe(0);
    expect(node.commands.get('incr')!.stats.failed).toBe(1);
    expect(node.dirtySinceSave - before).toBe(2);
    call('EXEC');
    expect(node.commands.get('exec')!.stats.failed).toBe(1);
  });
});

describe('effects of MULTI / EXEC', () => {
  it('logs a transaction with a single write as that write alone', () => {
    const { node, call } = setup();
    call('MULTI');
    call('SET', 'foo', 'bar');
    expect(logged(node, () => call('EXEC'))).toEqual([
      ['SELECT', '0'],
      ['SET', 'foo', 'bar'],
    ]);
  });

  it('wraps several writes in MULTI ... EXEC, leaving reads out', () => {
    const { node, call } = setup();
    call('MULTI');
    call('SET', 'foo', 'bar');
    call('GET', 'foo');
    call('SET', 'foo2', 'bar2');
    call('GET', 'foo2');
    call('SET', 'foo3', 'bar3');
    expect(logged(node, () => call('EXEC'))).toEqual([
      ['SELECT', '0'],
      ['MULTI'],
      ['SET', 'foo', 'bar'],
      ['SET', 'foo2', 'bar2'],
      ['SET', 'foo3', 'bar3'],
      ['EXEC'],
    ]);
  });

  it('re-selects the database inside the transaction when a queued SELECT changes it', () => {
    const { node, call } = setup();
    call('MULTI');
    call('SELECT', 1);
    call('SET', 'foo', 'bar');
    call('SELECT', 2);
    call('SET', 'foo2', 'bar2');
    expect(logged(node, () => call('EXEC'))).toEqual([
      ['SELECT', '1'],
      ['MULTI'],
      ['SET', 'foo', 'bar'],
      ['SELECT', '2'],
      ['SET', 'foo2', 'bar2'],
      ['EXEC'],
    ]);
  });

  it('logs nothing for an empty, read-only, aborted or no-op transaction', () => {
    const { node, call, connect } = setup();
    call('SET', 'foo', 'value1');
    expect(
      logged(node, () => {
        call('MULTI');
        call('EXEC');
        call('MULTI');
        call('GET', 'foo');
        call('EXEC');
        call('MULTI');
        call('DEL', 'missing');
        call('EXEC');
        call('MULTI');
        call('SET', 'foo', 'x');
        call('DISCARD');
        call('WATCH', 'foo');
        connect().call('GET', 'foo');
        call('MULTI');
        call('BADCOMMAND');
        call('EXEC');
      }),
    ).toEqual([]);
  });

  it('logs the deterministic effects of the queued commands (relative TTL made absolute)', () => {
    const { node, clock, call } = setup();
    call('MULTI');
    call('SET', 'a', '1', 'EX', 100);
    call('INCR', 'b');
    const at = String(clock.now() + 100_000);
    expect(logged(node, () => call('EXEC'))).toEqual([
      ['SELECT', '0'],
      ['MULTI'],
      ['SET', 'a', '1', 'PXAT', at],
      ['INCR', 'b'],
      ['EXEC'],
    ]);
  });
});

describe('transactions over TCP', () => {
  afterAll(() => stopAllNodeProcesses());

  it('holds an EXEC with queued writes during CLIENT PAUSE WRITE, not a read-only one', async () => {
    const server = await startNodeProcess();
    const writer = await RawConnection.open(server.port);
    try {
      const admin = server.client();
      const reader = server.client();
      writer.send('MULTI\r\nSET k v\r\n');
      await writer.waitFor((t) => t === '+OK\r\n+QUEUED\r\n');
      await admin.client('PAUSE', 100_000, 'WRITE');
      expect(await reader.multi().get('k').exec()).toEqual([[null, null]]);
      writer.send('EXEC\r\n');
      await waitFor(async () => (await admin.info('clients')).includes('blocked_clients:1'), 5_000, 'EXEC held');
      expect(writer.text()).toBe('+OK\r\n+QUEUED\r\n');
      await admin.client('UNPAUSE');
      await writer.waitFor((t) => t.endsWith('*1\r\n+OK\r\n'));
    } finally {
      writer.close();
      await server.stop();
    }
  });

  it('runs an ioredis multi() pipeline and a WATCH conflict between two connections', async () => {
    const server = await startNodeProcess();
    try {
      const a = server.client();
      const b = server.client();
      expect(await a.multi().set('k', '1').incr('k').get('k').exec()).toEqual([
        [null, 'OK'],
        [null, 2],
        [null, '2'],
      ]);
      await a.watch('k');
      await b.set('k', 'other');
      expect(await a.multi().set('k', 'mine').exec()).toBeNull();
      expect(await a.get('k')).toBe('other');
    } finally {
      await server.stop();
    }
  });
});

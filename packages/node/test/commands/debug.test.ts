import { RequestParser } from '@understudy/resp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

const ZEROS = '0'.repeat(40);

/** A node with DEBUG enabled (an immutable config: set as the config file would). */
function debugNode(): InProcessNode {
  const n = createInProcessNode();
  n.node.config.loadConfig('enable-debug-command', ['yes']);
  return n;
}

/** The raw reply bytes of one command. */
function rawReply(n: InProcessNode, ...args: string[]): string {
  n.node.dispatcher.execute(n.client, args);
  return Buffer.concat(n.client.reply.take()).toString('latin1');
}

describe('DEBUG access', () => {
  it('is refused unless enable-debug-command allows it, as in Redis by default', () => {
    const n = createInProcessNode();
    expect(n.call('DEBUG', 'HELP')).toEqual(
      new Error(
        'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
      ),
    );
    n.node.config.loadConfig('enable-debug-command', ['local']);
    expect((n.call('DEBUG', 'HELP') as string[])[0]).toBe('DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
  });

  it('answers unknown subcommands and wrong argument counts with the HELP hint', () => {
    const n = debugNode();
    expect(n.call('DEBUG', 'JMAP')).toEqual(
      new Error("ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP."),
    );
    expect(n.call('debug', 'sleep')).toEqual(
      new Error("ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP."),
    );
  });
});

describe('DEBUG subcommands', () => {
  it('SLEEP stops the whole server for the given (fractional) seconds', () => {
    const n = debugNode();
    const started = performance.now();
    expect(n.call('DEBUG', 'SLEEP', '0.05')).toBe('OK');
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
    expect(n.call('DEBUG', 'SLEEP', 'nonsense')).toBe('OK');
    expect(n.call('DEBUG', 'SLEEP', '-1')).toBe('OK');
  });

  it('DIGEST fingerprints the dataset whatever the insertion order; an empty one is all zeros', () => {
    const a = debugNode();
    const b = debugNode();
    expect(a.call('DEBUG', 'DIGEST')).toBe(ZEROS);
    a.call('SET', 'x', '1');
    a.call('SET', 'y', '2');
    b.call('SET', 'y', '2');
    b.call('SET', 'x', '1');
    const digest = a.call('DEBUG', 'DIGEST') as string;
    expect(digest).toMatch(/^[0-9a-f]{40}$/);
    expect(digest).not.toBe(ZEROS);
    expect(b.call('DEBUG', 'DIGEST')).toBe(digest);
    b.call('SET', 'x', '3');
    expect(b.call('DEBUG', 'DIGEST')).not.toBe(digest);
  });

  it('DIGEST-VALUE digests each value, zeros for a missing key, expired keys included', () => {
    const n = debugNode();
    n.node.activeExpireEnabled = false;
    n.call('SET', 'a', 'same');
    n.call('SET', 'b', 'same');
    n.call('SET', 'gone', 'soon', 'PX', '10');
    n.clock.advance(100);
    const [a, b, missing, gone] = n.call('DEBUG', 'DIGEST-VALUE', 'a', 'b', 'missing', 'gone') as string[];
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(b).toBe(a);
    expect(missing).toBe(ZEROS);
    expect(gone).not.toBe(ZEROS);
    expect(n.call('DEBUG', 'DIGEST-VALUE')).toEqual([]);
  });

  it('SET-ACTIVE-EXPIRE switches the active expiry cycle', () => {
    const n = debugNode();
    expect(n.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    expect(n.node.activeExpireEnabled).toBe(false);
    n.call('SET', 'k', 'v', 'PX', '10');
    n.clock.advance(50);
    n.node.tick();
    expect(n.node.keyspace.db(0).data.has('k')).toBe(true);
    expect(n.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('OK');
    n.node.tick();
    expect(n.node.keyspace.db(0).data.has('k')).toBe(false);
  });

  it('OBJECT summarises a value in Redis\'s format', () => {
    const n = debugNode();
    n.call('SET', 'int', '12345');
    n.call('SET', 'big', '123456789012');
    n.call('SET', 'short', 'hello');
    n.call('SET', 'long', 'x'.repeat(100));
    const line = (key: string): string => n.call('DEBUG', 'OBJECT', key) as string;
    const lru = Math.floor(n.clock.now() / 1000) & 0xffffff;
    expect(line('int')).toMatch(new RegExp(`^Value at:0x[0-9a-f]+ refcount:1 encoding:int serializedlength:3 lru:${lru} lru_seconds_idle:0$`));
    expect(line('big')).toContain('encoding:int serializedlength:13 ');
    expect(line('short')).toContain('encoding:embstr serializedlength:6 ');
    expect(line('long')).toContain('encoding:raw serializedlength:102 ');
    expect(line('int').split(' ')[1]).toBe(line('int').split(' ')[1]);
    expect(n.call('DEBUG', 'OBJECT', 'missing')).toEqual(new Error('ERR no such key'));
  });

  it('LOG writes to the server log at warning level', () => {
    const n = debugNode();
    const warn = vi.spyOn(n.node.logger, 'warn');
    try {
      expect(n.call('DEBUG', 'LOG', 'hello world')).toBe('OK');
      expect(warn).toHaveBeenCalledWith({}, 'DEBUG LOG: hello world');
    } finally {
      warn.mockRestore();
    }
  });

  it('POPULATE creates missing keys without propagating them', () => {
    const n = debugNode();
    const parser = new RequestParser();
    const effects: string[][] = [];
    n.node.log.subscribe((bytes) => {
      parser.feed(bytes);
      for (let a = parser.next(); a !== null; a = parser.next()) effects.push(a);
    });
    n.call('SET', 'key:1', 'mine');
    expect(n.call('DEBUG', 'POPULATE', '3')).toBe('OK');
    expect([n.call('GET', 'key:0'), n.call('GET', 'key:1'), n.call('GET', 'key:2')]).toEqual(['value:0', 'mine', 'value:2']);
    expect(n.call('DEBUG', 'POPULATE', '2', 'p', '10')).toBe('OK');
    expect(n.call('GET', 'p:1')).toBe('value:1\0\0\0');
    expect(n.call('DEBUG', 'POPULATE', '1', 'q', '3')).toBe('OK');
    expect(n.call('GET', 'q:0')).toBe('val');
    expect(n.call('DBSIZE')).toBe(6);
    expect(effects.filter((e) => e[0] !== 'SELECT')).toEqual([['SET', 'key:1', 'mine']]);
    expect(n.call('DEBUG', 'POPULATE', '-1')).toEqual(new Error('ERR value is out of range, must be positive'));
    expect(n.call('DEBUG', 'POPULATE', 'many')).toEqual(new Error('ERR value is not an integer or out of range'));
  });

  it('PROTOCOL replies with each RESP type', () => {
    const n = debugNode();
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'string')).toBe('$11\r\nHello World\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'integer')).toBe(':12345\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'true')).toBe(':1\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'attrib')).toBe('$39\r\nSome real reply following the attribute\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'push')).toBe('-ERR RESP2 is not supported by this command\r\n');
    n.call('HELLO', '3');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'bignum')).toBe('(1234567999999999999999999999999999999\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'double')).toBe(',3.141\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'null')).toBe('_\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'false')).toBe('#f\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'set')).toBe('~3\r\n:0\r\n:1\r\n:2\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'map')).toBe('%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'verbatim')).toBe('=29\r\ntxt:This is a verbatim\nstring\r\n');
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'attrib')).toBe(
      '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n',
    );
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'push')).toBe(
      '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n',
    );
    expect(rawReply(n, 'DEBUG', 'PROTOCOL', 'nope')).toMatch(/^-ERR Wrong protocol type name\./);
  });

  it('CHANGE-REPL-ID starts a new replication history', () => {
    const n = debugNode();
    const log = n.node.log;
    const before = log.replid;
    log.replid2 = 'f'.repeat(40);
    log.secondOffset = 10;
    expect(n.call('DEBUG', 'CHANGE-REPL-ID')).toBe('OK');
    expect(log.replid).toMatch(/^[0-9a-f]{40}$/);
    expect(log.replid).not.toBe(before);
    expect([log.replid2, log.secondOffset]).toEqual([ZEROS, -1]);
  });

  it('ERROR replies with the given error, newlines flattened', () => {
    const n = debugNode();
    expect(n.call('DEBUG', 'ERROR', 'OOPS it\r\nbroke')).toEqual(new Error('OOPS it  broke'));
    expect(n.node.stats.errorsByCode.get('OOPS')).toBe(1);
  });
});

describe('DEBUG over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess(['--enable-debug-command', 'local']);
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('admits loopback clients with enable-debug-command local', async () => {
    expect(await node.client().call('DEBUG', 'LOG', 'from a test')).toBe('OK');
  });

  it('SLEEP holds every client, not just the caller', async () => {
    const sleeper = node.client();
    const other = node.client();
    await other.ping();
    let done = false;
    const sleeping = sleeper.call('DEBUG', 'SLEEP', '0.3').then((reply) => {
      done = true;
      return reply;
    });
    // PINGs from another connection while the sleep lasts: one of them waits for its end.
    let longest = 0;
    while (!done) {
      const started = Date.now();
      await other.ping();
      longest = Math.max(longest, Date.now() - started);
    }
    expect(await sleeping).toBe('OK');
    expect(longest).toBeGreaterThanOrEqual(200);
  });
});

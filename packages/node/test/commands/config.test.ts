import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessNode } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** A CONFIG GET reply (name, value, name, value... in RESP2; pairs in RESP3) as a Map. */
function asMap(reply: unknown): Map<string, string> {
  const items = reply as unknown[];
  const map = new Map<string, string>();
  if (items.length > 0 && Array.isArray(items[0])) {
    for (const [name, value] of items as [string, string][]) map.set(name, value);
  } else {
    for (let i = 0; i < items.length; i += 2) map.set(items[i] as string, items[i + 1] as string);
  }
  return map;
}

describe('CONFIG GET', () => {
  it('matches several patterns, each name once, and exact names (hidden ones too) as typed', () => {
    const n = createInProcessNode();
    const got = asMap(n.call('CONFIG', 'GET', 'maxmemory', 'maxmemory*', 'bind', '*of'));
    expect([...got.keys()].sort()).toEqual(
      ['bind', 'maxmemory', 'maxmemory-clients', 'maxmemory-eviction-tenacity', 'maxmemory-policy', 'maxmemory-samples', 'replicaof', 'slaveof'].sort(),
    );
    expect(got.get('maxmemory')).toBe('0');
    expect(asMap(n.call('CONFIG', 'GET', 'KEY-LOAD-DELAY')).has('KEY-LOAD-DELAY')).toBe(true);
    expect(asMap(n.call('CONFIG', 'GET', '*')).has('key-load-delay')).toBe(false);
    expect(n.call('CONFIG', 'GET', 'no-such-thing')).toEqual([]);
  });

  it('answers a map in RESP3', () => {
    const n = createInProcessNode();
    n.call('HELLO', '3');
    expect(n.exec('CONFIG', 'GET', 'hz').type).toBe('map');
    expect(n.call('CONFIG', 'GET', 'hz')).toEqual([['hz', '10']]);
  });
});

describe('CONFIG SET', () => {
  it('sets several values at once', () => {
    const n = createInProcessNode();
    expect(n.call('CONFIG', 'SET', 'maxmemory', '10mb', 'hz', '20', 'save', '3000 5')).toBe('OK');
    expect(n.node.config.getNumber('maxmemory')).toBe(10 * 1024 * 1024);
    expect(asMap(n.call('CONFIG', 'GET', 'hz', 'save'))).toEqual(new Map([['hz', '20'], ['save', '3000 5']]));
  });

  it('is all or nothing', () => {
    const n = createInProcessNode();
    n.call('CONFIG', 'SET', 'maxmemory', '10000002');
    expect(n.call('CONFIG', 'SET', 'maxmemory', '10000001', 'maxmemory-clients', '200%', 'client-query-buffer-limit', 'invalid')).toEqual(
      new Error(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100",
      ),
    );
    expect(asMap(n.call('CONFIG', 'GET', 'maxmemory')).get('maxmemory')).toBe('10000002');
  });

  it('applies changes the node listens to', () => {
    const n = createInProcessNode();
    n.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    const seen: string[] = [];
    const subscriber = n.node.createClient(null);
    n.node.pubsub.subscribe(subscriber, '__keyevent@0__:set');
    n.call('SET', 'k', 'v');
    for (const chunk of subscriber.reply.take()) seen.push(chunk.toString('latin1'));
    expect(seen.join('')).toContain('__keyevent@0__:set');
  });

  it('rejects an odd argument count, unknown names, duplicates and immutable configs', () => {
    const n = createInProcessNode();
    expect(n.call('CONFIG', 'SET', 'hz', '10', 'maxmemory')).toEqual(new Error('ERR syntax error'));
    expect(n.call('CONFIG', 'SET', 'nosuch', '1')).toEqual(
      new Error("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"),
    );
    expect(n.call('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory', '2')).toEqual(
      new Error("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"),
    );
    expect(n.call('CONFIG', 'SET', 'daemonize', 'yes')).toEqual(
      new Error("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"),
    );
    expect(n.call('CONFIG', 'SET', 'hz')).toEqual(new Error("ERR wrong number of arguments for 'config|set' command"));
  });

  it('lets local clients change protected configs only when enable-protected-configs allows it', () => {
    const n = createInProcessNode();
    expect(n.call('CONFIG', 'SET', 'dir', '/tmp')).toEqual(
      new Error("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"),
    );
  });
});

describe('CONFIG RESETSTAT', () => {
  it('zeroes server counters, command statistics (subcommands too) and error statistics', () => {
    const n = createInProcessNode();
    n.call('SET', 'k', 'v');
    n.call('GET', 'k');
    n.call('GET', 'nope');
    n.call('CONFIG', 'GET', 'hz');
    n.call('NOSUCH');
    expect(n.call('CONFIG', 'RESETSTAT')).toBe('OK');
    const stats = n.node.stats;
    expect([stats.keyspaceHits, stats.keyspaceMisses, stats.errorReplies, stats.errorsByCode.size]).toEqual([0, 0, 0, 0]);
    expect(n.node.commands.get('get')!.stats).toEqual({ calls: 0, usec: 0, rejected: 0, failed: 0 });
    expect(n.node.commands.get('config')!.subcommands!.get('get')!.stats.calls).toBe(0);
    const info = n.call('INFO', 'commandstats', 'errorstats', 'stats') as string;
    expect(info).not.toContain('cmdstat_get:');
    expect(info).not.toContain('errorstat_ERR');
    // CONFIG RESETSTAT itself is counted after the reset, as in Redis.
    expect(info).toContain('cmdstat_config|resetstat:calls=1,');
  });
});

describe('CONFIG REWRITE and HELP', () => {
  it('REWRITE needs a config file', () => {
    const n = createInProcessNode();
    expect(n.call('CONFIG', 'REWRITE')).toEqual(new Error('ERR The server is running without a config file'));
  });

  it('HELP lists the subcommands', () => {
    const n = createInProcessNode();
    expect(n.call('config', 'help')).toEqual([
      'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'GET <pattern>',
      '    Return parameters matching the glob-like <pattern> and their values.',
      'SET <directive> <value>',
      '    Set the configuration <directive> to <value>.',
      'RESETSTAT',
      '    Reset statistics reported by the INFO command.',
      'REWRITE',
      '    Rewrite the configuration file.',
      'HELP',
      '    Prints this help.',
    ]);
    expect(n.call('CONFIG', 'NOPE')).toEqual(new Error("ERR unknown subcommand 'NOPE'. Try CONFIG HELP."));
  });
});

describe('CONFIG over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('sets and reads back every mutable config unchanged (Redis\'s "CONFIG sanity")', async () => {
    const r = node.client();
    const all = (await r.config('GET', '*')) as string[];
    const skip = new Set(['dir', 'dbfilename', 'requirepass', 'replicaof', 'slaveof', 'port', 'bind', 'unixsocket', 'logfile']);
    for (let i = 0; i < all.length; i += 2) {
      const name = all[i]!;
      if (skip.has(name)) continue;
      const reply = await r.config('SET', name, all[i + 1]!).catch((e: Error) => e.message);
      if (reply !== 'OK') expect(reply).toMatch(/immutable|protected/);
    }
    expect(await r.config('GET', '*')).toEqual(all);
  });

  it('applies protected configs from a loopback client when enable-protected-configs is local', async () => {
    const local = await startNodeProcess(['--enable-protected-configs', 'local']);
    try {
      const r = local.client();
      expect(await r.config('SET', 'dbfilename', 'other.rdb')).toBe('OK');
      expect(await r.config('GET', 'dbfilename')).toEqual(['dbfilename', 'other.rdb']);
    } finally {
      await local.stop();
    }
  });

  it('speaks RESP3 maps', async () => {
    const r = node.client({ protocol: 3 });
    expect(await r.call('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
  });
});

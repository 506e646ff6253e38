import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTable } from '../../src/commands/command-table.js';
import { aclCategories, keysOf, legacyRange, type KeySpec } from '../../src/commands/command-info.js';
import { NO_KEYS, type CommandSpec } from '../../src/commands/types.js';
import { createInProcessNode } from '../support/in-process.js';
import { startNodeProcess, stopAllNodeProcesses, type NodeProcess } from '../support/node-process.js';

/** A minimal spec for tests of the derivations (categories, key finding). */
function spec(fields: Partial<CommandSpec> & Pick<CommandSpec, 'name'>): CommandSpec {
  return { arity: -1, flags: [], ...NO_KEYS, group: 'generic', summary: 's', since: '1.0.0', handler: () => {}, ...fields };
}

function range(index: number, lastKey: number, keyStep = 1, flags: KeySpec['flags'] = ['RW']): KeySpec {
  return { flags, beginSearch: { index }, findKeys: { lastKey, keyStep, limit: 0 } };
}

/** A RESP2 map reply (name, value, name, value...) as a JS object. */
function object(flat: unknown): Record<string, unknown> {
  const items = flat as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < items.length; i += 2) out[items[i] as string] = items[i + 1];
  return out;
}

describe('COMMAND INFO', () => {
  it('describes a command in the 10-element shape of Redis 7.0', () => {
    const n = createInProcessNode();
    expect(n.call('COMMAND', 'INFO', 'get')).toEqual([
      [
        'get',
        2,
        ['readonly', 'fast'],
        1,
        1,
        1,
        ['@read', '@string', '@fast'],
        [],
        [['flags', ['RO', 'access'], 'begin_search', ['type', 'index', 'spec', ['index', 1]], 'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]]],
        [],
      ],
    ]);
  });

  it('gives Redis\'s key specs, notes and tips', () => {
    const n = createInProcessNode();
    const [set] = n.call('COMMAND', 'INFO', 'set') as unknown[][];
    expect(set![8]).toEqual([
      [
        'notes', 'RW and ACCESS due to the optional `GET` argument',
        'flags', ['RW', 'access', 'update', 'variable_flags'],
        'begin_search', ['type', 'index', 'spec', ['index', 1]],
        'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]],
      ],
    ]);
    const [info] = n.call('COMMAND', 'INFO', 'info') as unknown[][];
    expect(info![7]).toEqual(['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special']);
    expect(info![6]).toEqual(['@slow', '@dangerous']);
  });

  it('describes containers with their subcommands, and looks names up case-insensitively', () => {
    const n = createInProcessNode();
    const [config] = n.call('COMMAND', 'INFO', 'CONFIG') as unknown[][];
    expect(config!.slice(0, 8)).toEqual(['config', -2, [], 0, 0, 0, ['@slow'], []]);
    const subs = config![9] as unknown[][];
    expect(subs.map((s) => s[0])).toEqual(['config|get', 'config|set', 'config|resetstat', 'config|rewrite', 'config|help']);
    expect(subs[0]!.slice(0, 7)).toEqual(['config|get', -3, ['admin', 'noscript', 'loading', 'stale'], 0, 0, 0, ['@admin', '@slow', '@dangerous']]);
    const [sub] = n.call('COMMAND', 'INFO', 'Config|Get') as unknown[][];
    expect(sub![0]).toBe('config|get');
  });

  it('answers null for unknown names and invalid subcommand paths', () => {
    const n = createInProcessNode();
    expect(n.call('COMMAND', 'INFO', 'nosuch', 'get|key', 'config|get|key', 'get')).toEqual([null, null, null, expect.any(Array)]);
  });

  it('COMMAND and COMMAND INFO without names describe every command; COUNT counts them', () => {
    const n = createInProcessNode();
    const count = n.call('COMMAND', 'COUNT') as number;
    expect(count).toBe(n.node.commands.size);
    const all = n.call('COMMAND') as unknown[][];
    expect(all).toHaveLength(count);
    expect((n.call('COMMAND', 'INFO') as unknown[]).length).toBe(count);
    expect(all.map((c) => c[0])).toContain('client');
  });

  it('answers sets in RESP3', () => {
    const n = createInProcessNode();
    n.call('HELLO', '3');
    const reply = n.exec('COMMAND', 'INFO', 'get');
    if (reply.type !== 'array' || reply.items[0]!.type !== 'array') throw new Error('unexpected reply');
    const items = reply.items[0].items;
    expect(items.map((i) => i.type)).toEqual(['bulk', 'integer', 'set', 'integer', 'integer', 'integer', 'set', 'set', 'set', 'set']);
  });
});

describe('COMMAND DOCS', () => {
  it('gives summary, since, group and complexity, and subcommands as a map', () => {
    const n = createInProcessNode();
    expect(object(n.call('COMMAND', 'DOCS', 'get'))).toEqual({
      get: ['summary', 'Get the value of a key', 'since', '1.0.0', 'group', 'string', 'complexity', 'O(1)'],
    });
    const docs = object(n.call('COMMAND', 'DOCS', 'client', 'nosuch', 'debug'));
    expect(Object.keys(docs)).toEqual(['client', 'debug']);
    const client = object(docs.client);
    expect(client.group).toBe('connection');
    expect(Object.keys(object(client.subcommands))).toContain('client|kill');
    expect(object(docs.debug).doc_flags).toEqual(['syscmd']);
  });

  it('marks deprecated commands with what replaces them', () => {
    const n = createInProcessNode();
    const getset = object(object(n.call('COMMAND', 'DOCS', 'getset')).getset);
    expect(getset.doc_flags).toEqual(['deprecated']);
    expect(getset.deprecated_since).toBe('6.2.0');
    expect(getset.replaced_by).toBe('`SET` with the `!GET` argument');
  });

  it('without names documents every command', () => {
    const n = createInProcessNode();
    expect(Object.keys(object(n.call('COMMAND', 'DOCS')))).toHaveLength(n.node.commands.size);
  });
});

describe('COMMAND LIST', () => {
  it('lists commands and subcommands, optionally filtered', () => {
    const n = createInProcessNode();
    const all = n.call('COMMAND', 'LIST') as string[];
    expect(all).toContain('set');
    expect(all).toContain('client|list');
    expect(n.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'set')).toEqual(['set']);
    expect(n.call('COMMAND', 'LIST', 'FILTERBY', 'pattern', 'config|*re*')).toEqual(['config|resetstat', 'config|rewrite']);
    const connection = n.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'CONNECTION') as string[];
    expect(connection).toContain('client|id');
    expect(connection).toContain('ping');
    expect(connection).not.toContain('client');
    expect(n.call('COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'non_existing_category')).toEqual([]);
    expect(n.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'any')).toEqual([]);
  });

  it('rejects anything but one FILTERBY clause', () => {
    const n = createInProcessNode();
    for (const args of [['bad_arg'], ['filterby', 'bad_arg'], ['filterby', 'bad_arg', 'bad_arg2'], ['filterby', 'pattern', 'a', 'b']]) {
      expect(n.call('COMMAND', 'LIST', ...args)).toEqual(new Error('ERR syntax error'));
    }
  });
});

describe('COMMAND GETKEYS / GETKEYSANDFLAGS', () => {
  it('finds keys from key specs', () => {
    const n = createInProcessNode();
    expect(n.call('COMMAND', 'GETKEYS', 'get', 'key')).toEqual(['key']);
    expect(n.call('COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(n.call('COMMAND', 'GETKEYS', 'object', 'encoding', 'k')).toEqual(['k']);
    expect(n.call('COMMAND', 'GETKEYSANDFLAGS', 'rename', 'a', 'b')).toEqual([
      ['a', ['RW', 'access', 'delete']],
      ['b', ['OW', 'update']],
    ]);
  });

  it('gives SET its flags from the arguments, as Redis\'s setGetKeys', () => {
    const n = createInProcessNode();
    expect(n.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k1', 'v1')).toEqual([['k1', ['OW', 'update']]]);
    expect(n.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k1', 'v1', 'get')).toEqual([['k1', ['RW', 'access', 'update']]]);
    expect(n.call('COMMAND', 'GETKEYSANDFLAGS', 'mset', 'k1', 'v1', 'k2', 'v2')).toEqual([
      ['k1', ['OW', 'update']],
      ['k2', ['OW', 'update']],
    ]);
  });

  it('reports Redis\'s errors', () => {
    const n = createInProcessNode();
    expect(n.call('COMMAND', 'GETKEYS', 'nosuch', 'x')).toEqual(new Error('ERR Invalid command specified'));
    expect(n.call('COMMAND', 'GETKEYS', 'ping', 'x')).toEqual(new Error('ERR The command has no key arguments'));
    expect(n.call('COMMAND', 'GETKEYS', 'get', 'a', 'b')).toEqual(new Error('ERR Invalid number of arguments specified for command'));
    expect(n.call('COMMAND', 'GETKEYS', 'get')).toEqual(new Error("ERR wrong number of arguments for 'command|getkeys' command"));
  });

  it('follows keyword and key-count specs and the commands that need their own key finder', () => {
    const table = new CommandTable([
      [
        spec({ name: 'zunionstore', arity: -4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1 }),
        spec({ name: 'eval', arity: -3, flags: ['no_mandatory_keys'] }),
        spec({ name: 'xread', arity: -4, flags: ['readonly', 'blocking'] }),
        spec({ name: 'georadius', arity: -6, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1 }),
        spec({ name: 'sort', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1 }),
        spec({ name: 'migrate', arity: -6, flags: ['write'], firstKey: 3, lastKey: 3, step: 1 }),
        spec({ name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1 }),
      ],
    ]);
    const keys = (name: string, ...args: string[]): [string, string][] =>
      keysOf(table.get(name)!, [name, ...args]).map((k) => [[name, ...args][k.position]!, k.flags.join(' ')]);
    const many = Array.from({ length: 260 }, (_, i) => `key${i + 1}`);
    expect(keys('zunionstore', 'target', '260', ...many).map(([k]) => k)).toEqual(['target', ...many]);
    expect(keys('eval', 'return 1', '2', 'a', 'b', 'arg')).toEqual([['a', 'RW access update'], ['b', 'RW access update']]);
    expect(keys('eval', 'return 1', '0')).toEqual([]);
    expect(keys('eval', 'return 1', '3', 'a')).toEqual([]);
    expect(keys('eval', 'return 1', 'x', 'a')).toEqual([]);
    expect(keys('xread', 'COUNT', '2', 'STREAMS', 's1', 's2', '0', '0').map(([k]) => k)).toEqual(['s1', 's2']);
    expect(keys('georadius', 'g', '0', '0', '1', 'km', 'STORE', 'dest').map(([k]) => k)).toEqual(['g', 'dest']);
    expect(keys('sort', 'list', 'BY', 'w_*', 'LIMIT', '0', '5', 'GET', 'o_*', 'STORE', 'dst')).toEqual([
      ['list', 'RO access'],
      ['dst', 'OW update'],
    ]);
    expect(keys('migrate', 'host', '6379', '', '0', '5000', 'AUTH', 'pw', 'KEYS', 'a', 'b').map(([k]) => k)).toEqual(['a', 'b']);
    expect(keys('bitfield', 'b', 'GET', 'u8', '0')).toEqual([['b', 'RO access']]);
    expect(keys('bitfield', 'b', 'SET', 'u8', '0', '1')).toEqual([['b', 'RW access update']]);
  });
});

describe('derivations', () => {
  it('ACL categories come from the group, the declared extras and the flags, as Redis derives them', () => {
    const cats = (s: CommandSpec): string[] => [...aclCategories(s)].sort();
    expect(cats(spec({ name: 'a', group: 'string', flags: ['readonly', 'fast'] }))).toEqual(['fast', 'read', 'string']);
    expect(cats(spec({ name: 'b', group: 'generic', flags: ['write'], categories: ['@dangerous'] }))).toEqual(['dangerous', 'keyspace', 'slow', 'write']);
    // Type categories named by the spec replace the group's (SORT).
    expect(cats(spec({ name: 'sort', group: 'generic', flags: ['write'], categories: ['@set', '@sortedset', '@list'] }))).toEqual(
      ['list', 'set', 'slow', 'sortedset', 'write'],
    );
    // Containers carry no group category; read-only scripting commands are not @read.
    expect(cats(spec({ name: 'c', group: 'connection', subcommands: [] }))).toEqual(['slow']);
    expect(cats(spec({ name: 'd', group: 'scripting', flags: ['readonly'] }))).toEqual(['scripting', 'slow']);
    expect(cats(spec({ name: 'e', group: 'server', flags: ['admin', 'blocking', 'pubsub'] }))).toEqual(['admin', 'blocking', 'dangerous', 'pubsub', 'slow']);
  });

  it('the legacy range glues consecutive ranges and notices movable keys', () => {
    expect(legacyRange([])).toEqual({ firstKey: 0, lastKey: 0, step: 0, movable: false });
    expect(legacyRange([range(1, -1, 2)])).toEqual({ firstKey: 1, lastKey: -1, step: 2, movable: false });
    expect(legacyRange([range(1, 0), range(2, 0)])).toEqual({ firstKey: 1, lastKey: 2, step: 1, movable: false });
    expect(legacyRange([range(2, 0), range(3, -1)])).toEqual({ firstKey: 2, lastKey: -1, step: 1, movable: false });
    expect(legacyRange([range(1, 0, 1, ['RW', 'incomplete'])]).movable).toBe(true);
    const keyword: KeySpec = { flags: ['OW'], beginSearch: { keyword: 'STORE', startFrom: 6 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } };
    expect(legacyRange([range(1, 0), keyword])).toEqual({ firstKey: 1, lastKey: 1, step: 1, movable: true });
    const keynum: KeySpec = { flags: ['RW'], beginSearch: { index: 2 }, findKeys: { keyNumIndex: 0, firstKey: 1, keyStep: 1 } };
    expect(legacyRange([keynum])).toEqual({ firstKey: 0, lastKey: 0, step: 0, movable: true });
  });
});

describe('COMMAND HELP', () => {
  it('lists the subcommands', () => {
    const n = createInProcessNode();
    const help = n.call('COMMAND', 'HELP') as string[];
    expect(help[0]).toBe('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help[1]).toBe('(no subcommand)');
    expect(help).toHaveLength(21);
  });
});

describe('COMMAND over the network', () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });

  afterAll(async () => {
    await stopAllNodeProcesses();
  });

  it('serves the whole table to a client in RESP2 and RESP3', async () => {
    for (const protocol of [2, 3] as const) {
      const r = node.client({ protocol });
      const all = (await r.call('COMMAND')) as unknown[][];
      expect(all.length).toBe(await r.call('COMMAND', 'COUNT'));
      const get = all.find((c) => c[0] === 'get')!;
      expect(get.slice(0, 6)).toEqual(['get', 2, ['readonly', 'fast'], 1, 1, 1]);
    }
  });
});

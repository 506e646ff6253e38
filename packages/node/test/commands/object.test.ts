import { describe, expect, it } from 'vitest';
import { MutableString } from '../../src/store/values.js';
import { ListValue } from '../../src/store/types/list.js';
import { createInProcessNode } from '../support/in-process.js';

const LFU_ERROR =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
const IDLE_ERROR =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

describe('OBJECT ENCODING', () => {
  it('names string encodings as Redis does', () => {
    const n = createInProcessNode();
    const cases: [string, string][] = [
      ['12345', 'int'],
      ['-9223372036854775808', 'int'],
      ['9223372036854775808', 'embstr'], // beyond int64
      ['0123', 'embstr'], // not canonical
      ['+1', 'embstr'],
      ['', 'embstr'],
      ['x'.repeat(44), 'embstr'],
      ['x'.repeat(45), 'raw'],
    ];
    for (const [value, encoding] of cases) {
      n.call('set', 'k', value);
      expect(n.call('object', 'encoding', 'k'), value).toBe(encoding);
    }
    n.client.db.set('m', new MutableString('1'));
    expect(n.call('object', 'encoding', 'm')).toBe('raw');
  });

  it('asks collections for their encoding', () => {
    const n = createInProcessNode();
    const hash = { type: 'hash' as const, encoding: 'listpack', stamp: 0, clone: () => hash };
    n.client.db.set('small', hash);
    expect(n.call('object', 'encoding', 'small')).toBe('listpack');
  });

  it('answers null for a missing key, counted as a miss', () => {
    const n = createInProcessNode();
    const misses = n.node.stats.keyspaceMisses;
    expect(n.call('object', 'encoding', 'nokey')).toBeNull();
    expect(n.node.stats.keyspaceMisses).toBe(misses + 1);
  });
});

describe('OBJECT REFCOUNT', () => {
  it('reports shared integers 0..9999 unless maxmemory has an LRU/LFU policy', () => {
    const n = createInProcessNode();
    const refcount = (value: string): unknown => {
      n.call('set', 'k', value);
      return n.call('object', 'refcount', 'k');
    };
    expect(refcount('0')).toBe(2147483647);
    expect(refcount('9999')).toBe(2147483647);
    expect(refcount('10000')).toBe(1);
    expect(refcount('-1')).toBe(1);
    expect(refcount('abc')).toBe(1);
    n.call('config', 'set', 'maxmemory', '1073741824');
    n.call('config', 'set', 'maxmemory-policy', 'allkeys-random');
    expect(refcount('1')).toBe(2147483647);
    n.call('config', 'set', 'maxmemory-policy', 'volatile-lru');
    expect(refcount('1')).toBe(1);
    n.call('config', 'set', 'maxmemory', '0');
    expect(refcount('1')).toBe(2147483647);
    n.client.db.set('l', new ListValue());
    expect(n.call('object', 'refcount', 'l')).toBe(1);
  });
});

describe('OBJECT IDLETIME / FREQ', () => {
  it('IDLETIME works without an LFU policy, FREQ only with one', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'v');
    expect(n.call('object', 'idletime', 'k')).toBe(0);
    expect(n.call('object', 'freq', 'k')).toEqual(new Error(LFU_ERROR));
    n.call('config', 'set', 'maxmemory-policy', 'allkeys-lfu');
    expect(n.call('object', 'freq', 'k')).toBe(5);
    expect(n.call('object', 'idletime', 'k')).toEqual(new Error(IDLE_ERROR));
    expect(n.call('object', 'idletime', 'missing')).toBeNull();
  });
});

describe('OBJECT HELP and errors', () => {
  it('prints the help as status lines', () => {
    const n = createInProcessNode();
    const lines = n.call('object', 'help') as string[];
    expect(lines[0]).toBe('OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(lines).toContain('ENCODING <key>');
    expect(lines.slice(-2)).toEqual(['HELP', '    Prints this help.']);
    expect(lines.length).toBe(15);
  });

  it('rejects unknown subcommands and wrong arities', () => {
    const n = createInProcessNode();
    expect(n.call('object', 'foo', 'k')).toEqual(new Error("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    expect(n.call('object', 'encoding')).toEqual(new Error("ERR wrong number of arguments for 'object|encoding' command"));
    expect(n.call('object')).toEqual(new Error("ERR wrong number of arguments for 'object' command"));
  });
});

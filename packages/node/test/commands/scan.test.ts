import { RequestParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { ListValue } from '../../src/store/types/list.js';
import { createInProcessNode, type InProcessNode } from '../support/in-process.js';

function populate(n: InProcessNode, count: number, prefix = 'key:'): void {
  for (let i = 0; i < count; i++) n.call('set', `${prefix}${i}`, 'AAA');
}

/** SCAN from 0 until the cursor is back at 0; `between` runs after every call. Returns every key seen. */
function scanAll(n: InProcessNode, options: (string | number)[] = [], between = (): void => {}): string[] {
  const keys: string[] = [];
  let cursor = '0';
  let calls = 0;
  do {
    const [next, batch] = n.call('scan', cursor, ...options) as [string, string[]];
    cursor = next;
    keys.push(...batch);
    between();
    if (++calls > 100_000) throw new Error('SCAN does not end');
  } while (cursor !== '0');
  return keys;
}

describe('SCAN', () => {
  it('returns every key, with the default COUNT and a small one', () => {
    const n = createInProcessNode();
    populate(n, 1000);
    expect(new Set(scanAll(n)).size).toBe(1000);
    expect(new Set(scanAll(n, ['count', 5])).size).toBe(1000);
  });

  it('returns about COUNT keys per call and everything at once for a small database', () => {
    const n = createInProcessNode();
    populate(n, 100);
    const [cursor, batch] = n.call('scan', 0) as [string, string[]];
    expect(cursor).not.toBe('0');
    expect(batch.length).toBe(10);
    const [next, more] = n.call('scan', cursor, 'COUNT', 1000) as [string, string[]];
    expect(next).toBe('0');
    expect(more.length).toBe(90);
    n.node.flush(null);
    populate(n, 3);
    expect((n.call('scan', 0) as [string, string[]])[0]).toBe('0');
  });

  it('filters with MATCH and TYPE, together with COUNT', () => {
    const n = createInProcessNode();
    populate(n, 1000);
    n.client.db.set('alist', new ListValue());
    expect(new Set(scanAll(n, ['match', 'key:1??'])).size).toBe(100);
    expect(scanAll(n, ['type', 'list'])).toEqual(['alist']);
    expect(scanAll(n, ['type', 'hash'])).toEqual([]);
    expect(scanAll(n, ['type', 'STRING']).length).toBe(1000);
    expect(scanAll(n, ['type', 'string', 'match', 'key:*', 'count', 10]).length).toBe(1000);
  });

  it('returns every key present for the whole scan under write load', () => {
    const n = createInProcessNode();
    populate(n, 100);
    let round = 0;
    const keys = scanAll(n, [], () => {
      for (let j = 0; j < 10; j++) n.call('set', `addedkey:${(round * 31 + j * 97) % 1000}`, 'foo');
      round++;
    });
    expect(new Set(keys.filter((k) => k.startsWith('key:'))).size).toBe(100);
  });

  it('skips and lazily deletes expired keys, logging their expiry', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    n.call('set', 'live', 'v');
    n.call('set', 'foo1', 'bar', 'px', 1);
    n.call('set', 'foo2', 'bar', 'px', 1);
    n.clock.advance(2);
    const parser = new RequestParser();
    const effects: string[][] = [];
    n.node.log.subscribe((bytes) => {
      parser.feed(bytes);
      for (let a = parser.next(); a !== null; a = parser.next()) if (a[0] !== 'SELECT') effects.push(a);
    });
    expect(n.call('scan', 0)).toEqual(['0', ['live']]);
    expect(effects).toEqual([
      ['DEL', 'foo1'],
      ['DEL', 'foo2'],
    ]);
    expect(n.client.db.size).toBe(1);
  });

  it('continues on the current data of the selected database after FLUSHDB or SELECT', () => {
    const n = createInProcessNode();
    populate(n, 50);
    const [cursor] = n.call('scan', 0) as [string, string[]];
    n.call('flushdb');
    populate(n, 5, 'new:');
    const [next, batch] = n.call('scan', cursor) as [string, string[]];
    expect(next).toBe('0');
    expect(batch.sort()).toEqual(['new:0', 'new:1', 'new:2', 'new:3', 'new:4']);
    const [c2] = n.call('scan', 0, 'count', 1) as [string, string[]];
    n.call('select', 1);
    expect(n.call('scan', c2)).toEqual(['0', []]);
  });

  it('answers errors as Redis does', () => {
    const n = createInProcessNode();
    const syntax = new Error('ERR syntax error');
    expect(n.call('scan', 'abc')).toEqual(new Error('ERR invalid cursor'));
    expect(n.call('scan', ' 1')).toEqual(new Error('ERR invalid cursor'));
    expect(n.call('scan', '18446744073709551616')).toEqual(new Error('ERR invalid cursor'));
    expect(n.call('scan', 0, 'count', 'x')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(n.call('scan', 0, 'count', 0)).toEqual(syntax);
    expect(n.call('scan', 0, 'count', -1)).toEqual(syntax);
    expect(n.call('scan', 0, 'count')).toEqual(syntax);
    expect(n.call('scan', 0, 'match')).toEqual(syntax);
    expect(n.call('scan', 0, 'foo', 'bar')).toEqual(syntax);
    expect(n.call('scan', 'abc', 'foo')).toEqual(new Error('ERR invalid cursor'));
    expect(n.call('scan', '-1')).toEqual(['0', []]);
    expect(n.call('scan', '')).toEqual(['0', []]);
  });
});

import { ReplyParser, RequestParser } from '@understudy/resp';
import { describe, expect, it } from 'vitest';
import { MutableString } from '../../src/store/values.js';
import { ListValue } from '../../src/store/types/list.js';
import { createInProcessNode, simplify, type InProcessNode } from '../support/in-process.js';

/** Every effect the node logs from now on, decoded (SELECTs dropped). */
function recordEffects(n: InProcessNode): string[][] {
  const parser = new RequestParser();
  const effects: string[][] = [];
  n.node.log.subscribe((bytes) => {
    parser.feed(bytes);
    for (let args = parser.next(); args !== null; args = parser.next()) if (args[0] !== 'SELECT') effects.push(args);
  });
  return effects;
}

/** Keyevent notifications as "event key@db", through a real pattern subscription on another client. */
function recordEvents(n: InProcessNode): () => string[] {
  n.call('config', 'set', 'notify-keyspace-events', 'KEAn');
  const listener = n.node.createClient(null);
  n.node.pubsub.psubscribe(listener, '__keyevent@*');
  const parser = new ReplyParser();
  return () => {
    for (const chunk of listener.reply.take()) parser.feed(chunk);
    const out: string[] = [];
    for (let m = parser.next(); m !== undefined; m = parser.next()) {
      const [, , channel, key] = simplify(m) as string[];
      const [, db, event] = /^__keyevent@(\d+)__:(.*)$/.exec(channel!)!;
      out.push(`${event} ${key}@${db}`);
    }
    return out;
  };
}

describe('DEL / UNLINK', () => {
  it('deletes existing keys, counts them and logs the command only when something went', () => {
    const n = createInProcessNode();
    const effects = recordEffects(n);
    n.call('set', 'a', '1');
    n.call('set', 'b', '2');
    expect(n.call('del', 'a', 'b', 'c')).toBe(2);
    expect(n.call('exists', 'a', 'b')).toBe(0);
    expect(n.call('del', 'a')).toBe(0);
    n.call('set', 'u', '1');
    expect(n.call('unlink', 'u', 'u')).toBe(1);
    expect(effects).toEqual([
      ['set', 'a', '1'],
      ['set', 'b', '2'],
      ['del', 'a', 'b', 'c'],
      ['set', 'u', '1'],
      ['unlink', 'u', 'u'],
    ]);
  });

  it('does not count an expired key, and logs only the expiry for it', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    n.call('set', 'k', 'v', 'px', 100);
    const effects = recordEffects(n);
    n.clock.advance(100);
    expect(n.call('del', 'k')).toBe(0);
    expect(effects).toEqual([['DEL', 'k']]);
  });

  it('announces del for each deleted key', () => {
    const n = createInProcessNode();
    const events = recordEvents(n);
    n.call('set', 'a', '1');
    events();
    n.call('del', 'a', 'missing');
    expect(events()).toEqual(['del a@0']);
  });

  it('on a replica deletes a key its own clock sees as expired (the primary decides)', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'v', 'px', 100);
    n.node.keyspace.setDeleteExpired(false);
    n.clock.advance(200);
    expect(n.call('exists', 'k')).toBe(0);
    expect(n.call('del', 'k')).toBe(1);
    expect(n.client.db.data.has('k')).toBe(false);
  });
});

describe('EXISTS / TYPE / TOUCH', () => {
  it('EXISTS counts repeated keys each time', () => {
    const n = createInProcessNode();
    n.call('set', 'a', '');
    expect(n.call('exists', 'a', 'a', 'b')).toBe(2);
  });

  it('TYPE names the type, none for a missing or expired key', () => {
    const n = createInProcessNode();
    n.call('set', 's', 'v', 'px', 10);
    n.client.db.set('l', new ListValue());
    expect(n.call('type', 's')).toBe('string');
    expect(n.call('type', 'l')).toBe('list');
    expect(n.call('type', 'nope')).toBe('none');
    n.clock.advance(10);
    expect(n.call('type', 's')).toBe('none');
  });

  it('TOUCH returns how many of the keys exist and counts keyspace hits and misses', () => {
    const n = createInProcessNode();
    n.call('set', 'key1', '1');
    n.call('set', 'key2', '2');
    const { keyspaceHits, keyspaceMisses } = n.node.stats;
    expect(n.call('touch', 'key0', 'key1', 'key2', 'key3')).toBe(2);
    expect(n.node.stats.keyspaceHits - keyspaceHits).toBe(2);
    expect(n.node.stats.keyspaceMisses - keyspaceMisses).toBe(2);
  });
});

describe('KEYS', () => {
  it('matches glob patterns and skips expired keys without deleting them', () => {
    const n = createInProcessNode();
    for (const k of ['key_x', 'key_y', 'foo_a', 'foo_b']) n.call('set', k, 'hello');
    n.call('set', 'foo_gone', 'x', 'px', 5);
    n.clock.advance(5);
    expect((n.call('keys', 'foo*') as string[]).sort()).toEqual(['foo_a', 'foo_b']);
    expect((n.call('keys', '*') as string[]).sort()).toEqual(['foo_a', 'foo_b', 'key_x', 'key_y']);
    expect(n.call('keys', 'key_[xz]')).toEqual(['key_x']);
    expect(n.client.db.data.has('foo_gone')).toBe(true);
  });

  it('survives pathological patterns', () => {
    const n = createInProcessNode();
    n.call('set', 'a'.repeat(40), '1');
    expect(n.call('keys', 'a*'.repeat(20) + 'b')).toEqual([]);
  });
});

describe('RENAME / RENAMENX', () => {
  it('moves the value and its TTL, and does not inherit the target TTL', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'hello', 'ex', 100);
    n.call('set', 'b', 'old', 'ex', 5);
    expect(n.call('rename', 'a', 'b')).toBe('OK');
    expect(n.call('get', 'b')).toBe('hello');
    expect(n.call('exists', 'a')).toBe(0);
    expect(n.call('ttl', 'b')).toBe(100);
    n.call('set', 'c', 'x');
    n.call('set', 'd', 'y', 'ex', 50);
    n.call('rename', 'c', 'd');
    expect(n.call('ttl', 'd')).toBe(-1);
  });

  it('answers errors and no-ops as Redis does', () => {
    const n = createInProcessNode();
    expect(n.call('rename', 'nokey', 'x')).toEqual(new Error('ERR no such key'));
    expect(n.call('renamenx', 'nokey', 'x')).toEqual(new Error('ERR no such key'));
    expect(n.call('rename', 'nokey', 'nokey')).toEqual(new Error('ERR no such key'));
    n.call('set', 'k', 'v');
    expect(n.call('rename', 'k', 'k')).toBe('OK');
    expect(n.call('renamenx', 'k', 'k')).toBe(0);
    n.call('set', 'other', 'o');
    expect(n.call('renamenx', 'k', 'other')).toBe(0);
    expect(n.call('get', 'other')).toBe('o');
    expect(n.call('renamenx', 'k', 'fresh')).toBe(1);
    expect(n.call('get', 'fresh')).toBe('v');
  });

  it('announces rename_from/rename_to (after new) and logs itself only when it renamed', () => {
    const n = createInProcessNode();
    n.call('set', 'a', '1');
    n.call('set', 'b', '2');
    const events = recordEvents(n);
    const effects = recordEffects(n);
    n.call('rename', 'a', 'c');
    n.call('renamenx', 'c', 'b');
    n.call('rename', 'missing', 'x');
    expect(events()).toEqual(['new c@0', 'rename_from a@0', 'rename_to c@0']);
    expect(effects).toEqual([['rename', 'a', 'c']]);
  });

  it('treats an expired source as missing, logging only its expiry', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    n.call('set', 'a', '1', 'px', 10);
    n.clock.advance(10);
    const effects = recordEffects(n);
    expect(n.call('rename', 'a', 'b')).toEqual(new Error('ERR no such key'));
    expect(effects).toEqual([['DEL', 'a']]);
  });
});

describe('MOVE', () => {
  it('moves a key with its TTL to another database', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'foo', 'ex', 100);
    expect(n.call('move', 'k', 10)).toBe(1);
    expect(n.call('exists', 'k')).toBe(0);
    n.call('select', 10);
    expect(n.call('get', 'k')).toBe('foo');
    expect(n.call('ttl', 'k')).toBe(100);
    n.call('set', 'p', 'bar');
    n.call('move', 'p', 0);
    n.call('select', 0);
    expect(n.call('ttl', 'p')).toBe(-1);
  });

  it('refuses a key that exists in the target, or a missing one', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'here');
    n.call('select', 1);
    n.call('set', 'k', 'there');
    n.call('select', 0);
    expect(n.call('move', 'k', 1)).toBe(0);
    expect(n.call('move', 'missing', 1)).toBe(0);
    expect(n.call('get', 'k')).toBe('here');
  });

  it('checks the database argument', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'v');
    expect(n.call('move', 'k', 'notanumber')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(n.call('move', 'k', 16)).toEqual(new Error('ERR DB index is out of range'));
    expect(n.call('move', 'k', -1)).toEqual(new Error('ERR DB index is out of range'));
    expect(n.call('move', 'k', 0)).toEqual(new Error('ERR source and destination objects are the same'));
    expect(n.call('move', 'k', '4294967296')).toEqual(
      new Error('ERR value is out of range, value must between -2147483648 and 2147483647'),
    );
  });

  it('announces move_from in the source and move_to in the target database', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'v');
    const events = recordEvents(n);
    const effects = recordEffects(n);
    n.call('move', 'k', 3);
    expect(events()).toEqual(['new k@3', 'move_from k@0', 'move_to k@3']);
    expect(effects).toEqual([['move', 'k', '3']]);
  });
});

describe('COPY', () => {
  it('copies a string with its TTL, within a database and to another', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'foobar', 'ex', 100);
    expect(n.call('copy', 'a', 'b')).toBe(1);
    expect(n.call('get', 'b')).toBe('foobar');
    expect(n.call('ttl', 'b')).toBe(100);
    expect(n.call('copy', 'a', 'b')).toBe(0);
    expect(n.call('copy', 'a', 'b', 'db', 10)).toBe(1);
    n.call('select', 10);
    expect(n.call('get', 'b')).toBe('foobar');
    expect(n.call('dbsize')).toBe(1);
  });

  it('replaces only with REPLACE and never copies a TTL that does not exist', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'new');
    n.call('set', 'b', 'old', 'ex', 100);
    expect(n.call('copy', 'a', 'b')).toBe(0);
    expect(n.call('copy', 'a', 'b', 'REPLACE')).toBe(1);
    expect(n.call('get', 'b')).toBe('new');
    expect(n.call('ttl', 'b')).toBe(-1);
  });

  it('makes an independent copy of an edited string and of collections', () => {
    const n = createInProcessNode();
    const db = n.client.db;
    db.set('m', new MutableString('abc'));
    n.call('copy', 'm', 'm2');
    (db.get('m') as MutableString).append('def');
    expect(n.call('get', 'm2')).toBe('abc');
    const list = {
      type: 'list' as const,
      encoding: 'quicklist',
      stamp: 0,
      items: ['x'],
      clone() {
        return { ...this, items: [...this.items] };
      },
    };
    db.set('l', list);
    expect(n.call('copy', 'l', 'l2')).toBe(1);
    list.items.push('y');
    expect((db.get('l2') as typeof list).items).toEqual(['x']);
  });

  it("applies its primary's COPY of a source its own clock sees as expired (the primary decides)", () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'v', 'px', 100);
    n.node.keyspace.setDeleteExpired(false);
    n.clock.advance(200);
    expect(n.call('copy', 'a', 'b')).toBe(0); // a client of the replica sees no source
    n.node.keyspace.setApplyingStream(true);
    expect(n.call('copy', 'a', 'b')).toBe(1);
    expect(n.client.db.data.get('b')).toBe('v');
  });

  it("applies its primary's RENAME and MOVE of keys its own clock sees as expired", () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'v', 'px', 100);
    n.call('set', 'm', 'w', 'px', 100);
    n.node.keyspace.setDeleteExpired(false);
    n.clock.advance(200);
    n.node.keyspace.setApplyingStream(true);
    expect(n.call('rename', 'a', 'b')).toBe('OK');
    expect(n.call('move', 'm', 1)).toBe(1);
    expect(n.client.db.data.get('b')).toBe('v');
    expect(n.node.keyspace.db(1).data.get('m')).toBe('w');
  });

  it('answers argument errors as Redis does', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'v');
    expect(n.call('copy', 'a', 'b', 'db', 'notanumber')).toEqual(new Error('ERR value is not an integer or out of range'));
    expect(n.call('copy', 'a', 'b', 'db', 99)).toEqual(new Error('ERR DB index is out of range'));
    expect(n.call('copy', 'a', 'b', 'db')).toEqual(new Error('ERR syntax error'));
    expect(n.call('copy', 'a', 'b', 'bogus')).toEqual(new Error('ERR syntax error'));
    expect(n.call('copy', 'a', 'a')).toEqual(new Error('ERR source and destination objects are the same'));
    expect(n.call('copy', 'a', 'a', 'db', 1)).toBe(1);
    expect(n.call('copy', 'missing', 'x')).toBe(0);
  });

  it('announces copy_to in the target database and logs itself', () => {
    const n = createInProcessNode();
    n.call('set', 'a', 'v');
    const events = recordEvents(n);
    const effects = recordEffects(n);
    n.call('copy', 'a', 'b', 'db', 2);
    n.call('copy', 'a', 'b', 'db', 2);
    expect(events()).toEqual(['new b@2', 'copy_to b@2']);
    expect(effects).toEqual([['copy', 'a', 'b', 'db', '2']]);
  });
});

describe('RANDOMKEY', () => {
  it('returns null on an empty database and eventually every key', () => {
    const n = createInProcessNode();
    expect(n.call('randomkey')).toBeNull();
    n.call('set', 'foo', 'x');
    n.call('set', 'bar', 'y');
    const seen = new Set<unknown>();
    for (let i = 0; i < 100; i++) seen.add(n.call('randomkey'));
    expect([...seen].sort()).toEqual(['bar', 'foo']);
    n.call('del', 'foo', 'bar');
    expect(n.call('randomkey')).toBeNull();
  });

  it('picks uniformly among a few keys', () => {
    const n = createInProcessNode();
    for (let i = 0; i < 8; i++) n.call('set', `k${i}`, 'v');
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 8000; i++) {
      const key = n.call('randomkey');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(8);
    for (const c of counts.values()) expect(c).toBeGreaterThan(700);
  });

  it('reaches every key of a large database', () => {
    const n = createInProcessNode();
    for (let i = 0; i < 500; i++) n.call('set', `k${i}`, 'v');
    const seen = new Set<unknown>();
    for (let i = 0; i < 20_000 && seen.size < 500; i++) seen.add(n.call('randomkey'));
    expect(seen.size).toBe(500);
  });

  it('never returns an expired key, deleting the ones it meets', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    n.call('set', 'live', 'v');
    for (let i = 0; i < 20; i++) n.call('set', `gone${i}`, 'v', 'px', 10);
    n.clock.advance(10);
    for (let i = 0; i < 50; i++) expect(n.call('randomkey')).toBe('live');
    n.call('del', 'live');
    expect(n.call('randomkey')).toBeNull();
    expect(n.client.db.size).toBe(0);
  });

  it('follows the database after FLUSHDB and SWAPDB', () => {
    const n = createInProcessNode();
    n.call('set', 'a', '1');
    n.call('randomkey');
    n.node.flush(n.client.db);
    n.call('select', 1);
    n.call('set', 'b', '2');
    n.call('select', 0);
    n.call('swapdb', 0, 1);
    expect(n.call('randomkey')).toBe('b');
  });

  it('logs the expiry of each expired key it meets, and nothing else', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    n.call('set', 'foo1', 'bar', 'px', 1);
    n.call('set', 'foo2', 'bar', 'px', 1);
    n.clock.advance(2);
    const effects = recordEffects(n);
    expect(n.call('randomkey')).toBeNull();
    expect(effects.map((e) => e[0]).sort()).toEqual(['DEL', 'DEL']);
    expect(effects.map((e) => e[1]).sort()).toEqual(['foo1', 'foo2']);
  });

  it('on a replica whose keys are all expired, gives up and returns one', () => {
    const n = createInProcessNode();
    n.call('set', 'k', 'v', 'px', 10);
    n.node.keyspace.setDeleteExpired(false);
    n.clock.advance(10);
    expect(n.call('randomkey')).toBe('k');
  });
});

describe('SWAPDB', () => {
  it('swaps contents, keeps clients on their index and is logged', () => {
    const n = createInProcessNode();
    const effects = recordEffects(n);
    n.call('set', 'x', 'in0');
    n.call('select', 1);
    n.call('set', 'x', 'in1', 'ex', 100);
    n.call('select', 0);
    expect(n.call('swapdb', 0, 1)).toBe('OK');
    expect(n.call('get', 'x')).toBe('in1');
    expect(n.call('ttl', 'x')).toBe(100);
    n.call('select', 1);
    expect(n.call('get', 'x')).toBe('in0');
    expect(n.call('swapdb', 3, 3)).toBe('OK');
    expect(effects.slice(-2)).toEqual([
      ['swapdb', '0', '1'],
      ['swapdb', '3', '3'],
    ]);
  });

  it('checks both indexes with their own messages', () => {
    const n = createInProcessNode();
    expect(n.call('swapdb', 'a', 1)).toEqual(new Error('ERR invalid first DB index'));
    expect(n.call('swapdb', 0, 'b')).toEqual(new Error('ERR invalid second DB index'));
    expect(n.call('swapdb', '99999999999', 1)).toEqual(new Error('ERR invalid first DB index'));
    expect(n.call('swapdb', 0, 16)).toEqual(new Error('ERR DB index is out of range'));
    expect(n.call('swapdb', -1, 0)).toEqual(new Error('ERR DB index is out of range'));
  });

  it('touches watchers of keys that exist on either side, not of stale ones', () => {
    const n = createInProcessNode();
    n.node.activeExpireEnabled = false;
    const watcher = n.node.createClient(null);
    n.call('set', 'x', '30');
    n.node.watches.watch(watcher, n.node.keyspace.db(0), 'x');
    n.call('swapdb', 0, 1);
    expect(watcher.dirtyCas).toBe(true);
    n.node.watches.unwatchAll(watcher);

    n.node.flush(null);
    n.call('set', 'y', '1');
    n.node.watches.watch(watcher, n.node.keyspace.db(1), 'y');
    n.call('swapdb', 0, 1); // y did not exist in 1: it will now
    expect(watcher.dirtyCas).toBe(true);
    n.node.watches.unwatchAll(watcher);

    n.node.flush(null);
    n.call('select', 1);
    n.call('set', 'z', 'foo', 'px', 1);
    n.clock.advance(2);
    n.node.watches.watch(watcher, n.node.keyspace.db(1), 'z');
    n.call('swapdb', 0, 1); // a stale key replaced by no key: no change
    expect(watcher.dirtyCas).toBe(false);
  });
});
